"""Curation rules, history, concurrency and partnerships, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from matcher import curation
from matcher.curation import (
    STATUSES,
    TRANSITIONS,
    DuplicateItem,
    SameTown,
    StaleVersion,
    TransitionNotAllowed,
    UnknownCandidate,
    UnknownItem,
    UnknownStatus,
    add_item,
    apply_change,
    change_status,
    declined_candidates,
    get_item,
    history,
)
from matcher.models import Partnership, ShortlistItem, Town

A, B, C = "PL-0000001", "GN-1", "GN-2"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Iterator[Engine]:
    engine: Engine = request.getfixturevalue("engine" if request.param == "sqlite" else "pg_engine")
    with Session(engine) as s:
        s.add_all(
            [
                Town(
                    id=A,
                    name="Aleksandrów",
                    name_ascii="aleksandrow",
                    country_code="PL",
                    kind="gmina",
                ),
                Town(id=B, name="Berlin", name_ascii="berlin", country_code="DE", kind="place"),
                Town(id=C, name="Lyon", name_ascii="lyon", country_code="FR", kind="place"),
            ]
        )
        s.commit()
    yield engine


def move(
    s: Session, item: ShortlistItem, to: str, note: str = "", user: str = "ann"
) -> ShortlistItem:
    change = change_status(item, to, note, user, item.version)
    return apply_change(s, item, change, item.version)


def test_every_status_has_labels_and_transitions() -> None:
    for status in STATUSES:
        assert curation.label(status, "en") and curation.label(status, "pl")
        assert TRANSITIONS[status] <= set(STATUSES)


def test_adding_records_creation_in_history(db: Engine) -> None:
    with Session(db) as s:
        item = add_item(s, A, B, "ann", note="looks good", score=0.7)
        assert (item.status, item.version, item.score) == ("suggested", 1, 0.7)
        [entry] = history(s, item.id or 0)
        assert (entry.from_status, entry.to_status, entry.user, entry.note) == (
            None,
            "suggested",
            "ann",
            "looks good",
        )


def test_adding_twice_is_a_duplicate(db: Engine) -> None:
    with Session(db) as s:
        add_item(s, A, B, "ann")
        with pytest.raises(DuplicateItem):
            add_item(s, A, B, "bob")


def test_adding_the_town_itself_is_refused(db: Engine) -> None:
    with Session(db) as s, pytest.raises(SameTown):
        add_item(s, A, A, "ann")


def test_adding_an_unknown_candidate_is_refused(db: Engine) -> None:
    with Session(db) as s, pytest.raises(UnknownCandidate):
        add_item(s, A, "GN-999", "ann")


def test_full_path_keeps_every_step(db: Engine) -> None:
    with Session(db) as s:
        item = add_item(s, A, B, "ann")
        for to in ("proposed", "contacted"):
            item = move(s, item, to, note=f"now {to}", user="bob")
        assert (item.status, item.version, item.note) == ("contacted", 3, "now contacted")
        steps = [(h.from_status, h.to_status, h.user) for h in history(s, item.id or 0)]
        assert steps == [
            (None, "suggested", "ann"),
            ("suggested", "proposed", "bob"),
            ("proposed", "contacted", "bob"),
        ]


def test_skipping_a_step_is_not_allowed(db: Engine) -> None:
    with Session(db) as s:
        item = add_item(s, A, B, "ann")
        with pytest.raises(TransitionNotAllowed) as err:
            change_status(item, "accepted", "", "ann", 1, candidate=s.get(Town, B))
        assert str(err.value) == (
            "Berlin cannot move from “suggested” to “accepted”; allowed: proposed and declined."
        )


def test_unknown_status_is_refused(db: Engine) -> None:
    with Session(db) as s:
        item = add_item(s, A, B, "ann")
        with pytest.raises(UnknownStatus):
            change_status(item, "maybe", "", "ann", 1)


def test_any_open_status_may_be_declined(db: Engine) -> None:
    with Session(db) as s:
        for cand, path in ((B, []), (C, ["proposed", "contacted"])):
            item = add_item(s, A, cand, "ann")
            for to in path:
                item = move(s, item, to)
            assert move(s, item, "declined").status == "declined"


def test_accepted_is_final(db: Engine) -> None:
    with Session(db) as s:
        item = add_item(s, A, B, "ann")
        for to in ("proposed", "contacted", "accepted"):
            item = move(s, item, to)
        with pytest.raises(TransitionNotAllowed, match="final"):
            change_status(item, "declined", "", "ann", item.version)


def test_reopening_a_declined_pair_needs_a_note(db: Engine) -> None:
    with Session(db) as s:
        item = move(s, add_item(s, A, B, "ann"), "declined")
        with pytest.raises(TransitionNotAllowed, match="needs a note"):
            change_status(item, "proposed", "  ", "ann", item.version)
        assert move(s, item, "proposed", note="new mayor").status == "proposed"


def test_same_status_records_a_note(db: Engine) -> None:
    with Session(db) as s:
        item = move(s, add_item(s, A, B, "ann"), "suggested", note="called twice")
        assert (item.version, item.note) == (2, "called twice")
        assert history(s, item.id or 0)[-1].from_status == "suggested"


def test_stale_version_is_refused_before_writing(db: Engine) -> None:
    with Session(db) as s:
        item = add_item(s, A, B, "ann")
        with pytest.raises(StaleVersion):
            change_status(item, "proposed", "", "ann", 7)


def test_two_sessions_cannot_both_win(db: Engine) -> None:
    with Session(db) as s:
        item_id = add_item(s, A, B, "ann").id or 0
    with Session(db) as s1, Session(db) as s2:
        i1, i2 = s1.get(ShortlistItem, item_id), s2.get(ShortlistItem, item_id)
        assert i1 is not None and i2 is not None
        c1 = change_status(i1, "proposed", "first", "ann", 1)
        c2 = change_status(i2, "declined", "second", "bob", 1)  # both read version 1
        apply_change(s1, i1, c1, 1)
        with pytest.raises(StaleVersion) as err:
            apply_change(s2, i2, c2, 1)
        assert str(err.value).startswith(
            "Berlin changed since you read it: ann set it to “proposed” (version 2; you edited"
        )
    with Session(db) as s:
        item = get_item(s, A, item_id)
        assert (item.status, item.note, item.version) == ("proposed", "first", 2)
        assert [h.to_status for h in history(s, item_id)] == ["suggested", "proposed"]


@pytest.mark.postgres
def test_concurrent_transactions_on_postgres_one_wins(pg_engine: Engine) -> None:
    """The second writer blocks on the first one's row lock, re-checks the version, loses."""
    with Session(pg_engine) as s:
        s.add_all(
            [
                Town(id=A, name="A", name_ascii="a", country_code="PL", kind="gmina"),
                Town(id=B, name="B", name_ascii="b", country_code="DE", kind="place"),
            ]
        )
        s.commit()
        item_id = add_item(s, A, B, "ann").id or 0
    outcome: dict[str, str] = {}
    with Session(pg_engine) as s1, Session(pg_engine) as s2:
        i2 = s2.get(ShortlistItem, item_id)
        assert i2 is not None
        c2 = change_status(i2, "declined", "", "bob", 1)
        s2.commit()
        # s1 takes the row lock with the same guarded UPDATE and holds it, uncommitted.
        held = s1.execute(
            update(ShortlistItem)
            .where(col(ShortlistItem.id) == item_id, col(ShortlistItem.version) == 1)
            .values(status="proposed", version=2)
        )
        assert held.rowcount == 1  # type: ignore[attr-defined]

        def second() -> None:
            try:
                apply_change(s2, i2, c2, 1)
                outcome["second"] = "won"
            except StaleVersion:
                outcome["second"] = "stale"

        t = threading.Thread(target=second)
        t.start()
        t.join(timeout=0.5)
        assert t.is_alive()  # blocked on s1's lock
        s1.commit()
        t.join(timeout=10)
    assert outcome == {"second": "stale"}


def test_unknown_item_or_other_towns_item(db: Engine) -> None:
    with Session(db) as s:
        item = add_item(s, A, B, "ann")
        with pytest.raises(UnknownItem):
            get_item(s, A, 9999)
        with pytest.raises(UnknownItem):
            get_item(s, C, item.id or 0)


def test_accepting_creates_one_ordered_partnership(db: Engine) -> None:
    seen: list[tuple[str, str]] = []
    with Session(db) as s:
        item = add_item(s, A, B, "ann")
        for to in ("proposed", "contacted"):
            item = move(s, item, to)
        change = change_status(item, "accepted", "signed", "ann", item.version)
        apply_change(s, item, change, item.version, on_partnership=lambda a, b: seen.append((a, b)))
        rows = s.exec(select(Partnership)).all()
        assert [(p.town_a_id, p.town_b_id, p.source) for p in rows] == [(B, A, "curation")]
        assert seen == [(B, A)]


def test_accepting_an_existing_partnership_adds_no_row(db: Engine) -> None:
    with Session(db) as s:
        s.add(Partnership(town_a_id=B, town_b_id=A, source="wikipedia"))
        s.commit()
        item = add_item(s, A, B, "ann")
        for to in ("proposed", "contacted", "accepted"):
            item = move(s, item, to)
        assert len(s.exec(select(Partnership)).all()) == 1


def test_declined_pairs_are_declined_both_ways(db: Engine) -> None:
    with Session(db) as s:
        move(s, add_item(s, A, B, "ann"), "declined")
        add_item(s, A, C, "ann")
        assert declined_candidates(s, A) == {B}
        assert declined_candidates(s, B) == {A}
        assert declined_candidates(s, C) == set()
        assert curation.declined_pairs(s) == {frozenset((A, B))}


def test_reopened_pair_is_no_longer_declined(db: Engine) -> None:
    with Session(db) as s:
        item = move(s, add_item(s, A, B, "ann"), "declined")
        move(s, item, "proposed", note="second try")
        assert declined_candidates(s, A) == set()


# --- a note alone, updates by version, bulk moves and adds, the overview ----------------------


def test_a_note_alone_keeps_the_status(db: Engine) -> None:
    with Session(db) as s:
        town = s.get(Town, A)
        assert town is not None
        item = add_item(s, A, B, "ann")
        item = curation.update_item(s, town, item.id or 0, None, "left a message", "bob", 1)
        assert (item.status, item.note, item.version) == ("suggested", "left a message", 2)
        last = history(s, item.id or 0)[-1]
        assert (last.from_status, last.to_status, last.user) == ("suggested", "suggested", "bob")


def test_a_stale_update_names_the_town_who_and_both_versions(db: Engine) -> None:
    with Session(db) as s:
        town = s.get(Town, A)
        assert town is not None
        item = add_item(s, A, B, "ann")
        curation.update_item(s, town, item.id or 0, "proposed", "", "bob", 1)
        with pytest.raises(StaleVersion) as err:
            curation.update_item(s, town, item.id or 0, None, "my note", "ann", 1)
        assert str(err.value) == (
            "Berlin changed since you read it: bob set it to “proposed” (version 2; you edited"
            " version 1). Reload to see it, or apply your change again on top."
        )
        # re-applying on top of the current version works
        again = curation.update_item(s, town, item.id or 0, None, "my note", "ann", 2)
        assert (again.status, again.note) == ("proposed", "my note")


def test_bulk_add_skips_those_already_listed(db: Engine) -> None:
    with Session(db) as s:
        town = s.get(Town, A)
        assert town is not None
        add_item(s, A, B, "ann")
        added = curation.add_items(s, town, [B, C, C], "bob", note="from the fair")
        assert [i.candidate_id for i in added.items] == [C]
        assert [t.id for t in added.already] == [B]
        assert added.items[0].note == "from the fair"
        with pytest.raises(UnknownCandidate):
            curation.add_items(s, town, [C, "GN-404"], "bob")
        with pytest.raises(SameTown):
            curation.add_items(s, town, [A], "bob")


def test_bulk_move_is_all_or_nothing(db: Engine) -> None:
    with Session(db) as s:
        town = s.get(Town, A)
        assert town is not None
        b = add_item(s, A, B, "ann")
        c = add_item(s, A, C, "ann")
        moved = curation.move_items(
            s, town, [(b.id or 0, 1), (c.id or 0, 1)], "proposed", "", "bob"
        )
        assert [i.status for i in moved] == ["proposed", "proposed"]
        curation.update_item(s, town, c.id or 0, "contacted", "", "eve", 2)
        with pytest.raises(StaleVersion) as err:
            curation.move_items(s, town, [(b.id or 0, 2), (c.id or 0, 2)], "declined", "", "bob")
        assert "Lyon changed since you read it" in str(err.value)
        assert get_item(s, A, b.id or 0).status == "proposed"  # nothing moved
        with pytest.raises(TransitionNotAllowed, match="Berlin"):
            curation.move_items(s, town, [(b.id or 0, 2), (c.id or 0, 3)], "accepted", "", "bob")
        assert get_item(s, A, c.id or 0).status == "contacted"


def test_overview_counts_every_shortlist(db: Engine) -> None:
    with Session(db) as s:
        a, b = s.get(Town, A), s.get(Town, B)
        assert a is not None and b is not None
        curation.add_items(s, a, [B, C], "ann")
        item = add_item(s, B, C, "bob")
        curation.update_item(s, b, item.id or 0, "proposed", "", "eve", 1)
        data = curation.overview(s)
        assert [r.town.id for r in data.data] == [B, A]  # last change first
        rows = {r.town.id: r for r in data.data}
        assert rows[A].total == 2 and rows[A].counts["suggested"] == 2
        assert rows[B].counts == {
            "suggested": 0,
            "proposed": 1,
            "contacted": 0,
            "accepted": 0,
            "declined": 0,
        }
        assert rows[B].last_user == "eve"
        assert [r.town.id for r in curation.overview(s, status="proposed").data] == [B]
        assert [r.town.id for r in curation.overview(s, q="aleks").data] == [A]
        assert [r.town.id for r in curation.overview(s, country="de").data] == [B]
        assert [r.town.id for r in curation.overview(s, sort="town").data] == [A, B]
        assert [r.town.id for r in curation.overview(s, sort="total").data] == [A, B]
        assert curation.overview(s, towns=[A]).count == 1
