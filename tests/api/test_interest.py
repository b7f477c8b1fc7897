"""Interest threads: opening, the inbox of each side, answers and declines, versions (409),
the role matrix, every 4xx, declines hiding the pair from suggestions, and the e-mail outbox
against a real SMTP server on loopback (aiosmtpd), including SMTP being down."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from matcher.api.app import create_app
from matcher.config import Settings
from matcher.interest import declined_towns
from matcher.models import Notification, TownProfile, utcnow
from matcher.notify import deliver_due
from tests.api.conftest import Api
from tests.api.fakes import FakeService
from tests.api.seed import BERLIN, KRAKOW, WARSZAWA, seed, town_refs

OPEN = f"/api/v1/towns/{KRAKOW}/interest"


def open_thread(api: Api, message: str = "We would like to twin.") -> dict[str, Any]:
    response = api.client.post(
        OPEN, json={"to_town_id": WARSZAWA, "message": message}, headers=api.auth(api.keys.editor)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def thread_url(town: str, thread_id: int) -> str:
    return f"/api/v1/towns/{town}/interest/{thread_id}"


def test_an_editor_opens_a_thread_the_other_side_sees_in_its_inbox(api: Api) -> None:
    thread = open_thread(api)
    assert thread["status"] == "sent"
    assert thread["side"] == KRAKOW
    assert thread["actions"] == ["reply"]
    assert [m["kind"] for m in thread["messages"]] == ["interest"]
    assert thread["messages"][0]["author"] == "krakow-editor"
    inbox = api.client.get(
        f"/api/v1/towns/{WARSZAWA}/interest", headers=api.auth(api.keys.other_editor)
    ).json()
    assert [t["id"] for t in inbox["incoming"]] == [thread["id"]]
    assert inbox["unread"] == 1
    assert inbox["incoming"][0]["last_message"] == "We would like to twin."
    mine = api.client.get(OPEN, headers=api.auth(api.keys.editor)).json()
    assert [t["id"] for t in mine["outgoing"]] == [thread["id"]]


def test_opening_marks_seen_and_the_receiver_answers(api: Api) -> None:
    thread = open_thread(api)
    b = api.auth(api.keys.other_editor)
    seen = api.client.get(thread_url(WARSZAWA, thread["id"]), headers=b).json()
    assert seen["status"] == "seen"
    assert seen["actions"] == ["answer", "reply", "decline"]
    answer = api.client.post(
        thread_url(WARSZAWA, thread["id"]) + "/messages",
        json={"kind": "answer", "body": "Gladly, let us talk.", "version": seen["version"]},
        headers=b,
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "answered"
    a_view = api.client.get(thread_url(KRAKOW, thread["id"]), headers=api.auth(api.keys.editor))
    assert [m["body"] for m in a_view.json()["messages"]] == [
        "We would like to twin.",
        "Gladly, let us talk.",
    ]
    assert a_view.json()["status"] == "answered"  # the sender reading it changes nothing


def test_a_stale_answer_is_409_and_the_first_one_stays(api: Api) -> None:
    thread = open_thread(api)
    b = api.auth(api.keys.other_editor)
    url = thread_url(WARSZAWA, thread["id"]) + "/messages"
    first = api.client.post(url, json={"kind": "answer", "body": "Yes", "version": 1}, headers=b)
    assert first.status_code == 201
    second = api.client.post(url, json={"kind": "decline", "body": "No", "version": 1}, headers=b)
    assert second.status_code == 409
    assert second.json()["code"] == "interest.error.stale"
    after = api.client.get(thread_url(WARSZAWA, thread["id"]), headers=b).json()
    assert after["status"] == "answered"
    assert [m["body"] for m in after["messages"]][-1] == "Yes"


def test_declining_closes_the_thread_and_hides_the_pair_both_ways(api: Api) -> None:
    thread = open_thread(api)
    b = api.auth(api.keys.other_editor)
    url = thread_url(WARSZAWA, thread["id"]) + "/messages"
    response = api.client.post(url, json={"kind": "decline", "body": "", "version": 1}, headers=b)
    assert response.json()["status"] == "declined"
    assert response.json()["actions"] == []
    with Session(api.engine) as s:
        assert declined_towns(s, WARSZAWA) == {KRAKOW}
        assert declined_towns(s, KRAKOW) == {WARSZAWA}
    again = api.client.post(
        thread_url(KRAKOW, thread["id"]) + "/messages",
        json={"kind": "reply", "body": "Why?", "version": 2},
        headers=api.auth(api.keys.editor),
    )
    assert again.status_code == 422
    assert again.json()["code"] == "interest.error.closed"


def test_only_the_receiver_answers_or_declines(api: Api) -> None:
    thread = open_thread(api)
    response = api.client.post(
        thread_url(KRAKOW, thread["id"]) + "/messages",
        json={"kind": "answer", "body": "x", "version": 1},
        headers=api.auth(api.keys.editor),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "interest.error.kind"


def test_a_second_thread_for_the_same_pair_is_409(api: Api) -> None:
    open_thread(api)
    again = api.client.post(
        OPEN, json={"to_town_id": WARSZAWA, "message": "Again"}, headers=api.auth(api.keys.editor)
    )
    assert again.status_code == 409
    assert again.json()["code"] == "interest.error.exists"


def test_interest_in_oneself_is_422(api: Api) -> None:
    response = api.client.post(
        OPEN, json={"to_town_id": KRAKOW, "message": ""}, headers=api.auth(api.keys.editor)
    )
    assert response.status_code == 422


def test_interest_in_an_unknown_town_is_404(api: Api) -> None:
    response = api.client.post(
        OPEN, json={"to_town_id": "PL-0000000"}, headers=api.auth(api.keys.editor)
    )
    assert response.status_code == 404


def test_an_unknown_field_or_a_long_message_is_422(api: Api) -> None:
    headers = api.auth(api.keys.editor)
    extra = api.client.post(OPEN, json={"to_town_id": WARSZAWA, "x": 1}, headers=headers)
    assert extra.status_code == 422
    long = api.client.post(
        OPEN, json={"to_town_id": WARSZAWA, "message": "a" * 2001}, headers=headers
    )
    assert long.status_code == 422


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("other_editor", 403), ("editor", 201), ("curator", 201), ("admin", 201)],
)
def test_role_matrix_for_opening(api: Api, who: str | None, status: int) -> None:
    headers = api.auth(getattr(api.keys, who)) if who else {}
    response = api.client.post(OPEN, json={"to_town_id": BERLIN}, headers=headers)
    assert response.status_code == status


def test_a_town_outside_the_thread_cannot_read_it(api: Api) -> None:
    thread = open_thread(api)
    curator = api.auth(api.keys.curator)
    response = api.client.get(thread_url(BERLIN, thread["id"]), headers=curator)
    assert response.status_code == 404
    other = api.client.get(
        thread_url(KRAKOW, thread["id"]), headers=api.auth(api.keys.other_editor)
    )
    assert other.status_code == 403
    assert api.client.get(thread_url(KRAKOW, thread["id"])).status_code == 401
    assert api.client.get(thread_url(KRAKOW, 99999), headers=curator).status_code == 404


def test_a_stale_or_missing_version_is_refused(api: Api) -> None:
    thread = open_thread(api)
    url = thread_url(WARSZAWA, thread["id"]) + "/messages"
    b = api.auth(api.keys.other_editor)
    assert api.client.post(url, json={"kind": "reply", "body": "x"}, headers=b).status_code == 422
    bad_kind = api.client.post(url, json={"kind": "shout", "version": 1}, headers=b)
    assert bad_kind.status_code == 422


def test_curators_see_every_thread_editors_do_not(api: Api) -> None:
    thread = open_thread(api)
    listed = api.client.get("/api/v1/interest", headers=api.auth(api.keys.curator)).json()
    assert [t["id"] for t in listed["data"]] == [thread["id"]]
    assert listed["count"] == 1
    assert api.client.get("/api/v1/interest", headers=api.auth(api.keys.editor)).status_code == 403
    assert api.client.get("/api/v1/interest").status_code == 401


def test_status_labels_speak_the_readers_language(api: Api) -> None:
    open_thread(api)
    inbox = api.client.get(
        f"/api/v1/towns/{WARSZAWA}/interest?lang=pl", headers=api.auth(api.keys.other_editor)
    ).json()
    assert inbox["incoming"][0]["status_label"] == "wysłane"


def test_the_permissions_say_what_the_page_may_offer(api: Api) -> None:
    url = f"/api/v1/towns/{KRAKOW}/permissions"
    anonymous = api.client.get(url).json()
    assert anonymous["signed_in"] is False and anonymous["edit_profile"] is False
    assert api.client.get(url, headers=api.auth(api.keys.editor)).json()["express_interest"]
    other = api.client.get(url, headers=api.auth(api.keys.other_editor)).json()
    assert other["signed_in"] is True and other["read_inbox"] is False
    assert api.client.get(url, headers=api.auth(api.keys.curator)).json()["edit_profile"]
    assert api.client.get("/api/v1/towns/PL-0000000/permissions").status_code == 404


def test_threads_survive_a_restart(api: Api, tmp_path: Path) -> None:
    thread = open_thread(api)
    app = create_app(Settings(var_dir=tmp_path), engine=api.engine, service=FakeService(towns={}))
    with TestClient(app) as client:
        again = client.get(thread_url(KRAKOW, thread["id"]), headers=api.auth(api.keys.editor))
    assert again.json()["messages"][0]["body"] == "We would like to twin."


# --- e-mail through a real SMTP server on loopback ---------------------------------------------


class Collect:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Collect]]:
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def mail_api(engine: Any, tmp_path: Path, port: int) -> tuple[TestClient, Settings]:
    settings = Settings(
        var_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port, smtp_retry_seconds=30
    )
    app = create_app(settings, engine=engine, service=FakeService(towns=town_refs()))
    return TestClient(app), settings


def give_contact(engine: Any, town: str, email: str) -> None:
    with Session(engine) as s:
        s.add(TownProfile(town_id=town, version=1, updated_by="t", contact_email=email))
        s.commit()


def test_email_reaches_the_other_side_through_smtp(
    engine: Any, tmp_path: Path, smtp: tuple[Controller, Collect]
) -> None:
    controller, handler = smtp
    keys = seed(engine)
    give_contact(engine, WARSZAWA, "international@warszawa.example")
    client, settings = mail_api(engine, tmp_path, controller.port)
    with client:
        response = client.post(
            OPEN,
            json={"to_town_id": WARSZAWA, "message": "Zapraszamy do współpracy"},
            headers={"X-API-Key": keys.editor},
        )
        assert response.status_code == 201
    report = deliver_due(engine, settings)  # whatever the worker has not sent yet
    assert report.pending == 0
    assert [m.rcpt_tos for m in handler.messages] == [["international@warszawa.example"]]
    text = handler.messages[0].content.decode()
    assert "Krak" in text  # subject and body in Polish (the receiver's country)
    with Session(engine) as s:
        note = s.exec(select(Notification)).one()
        assert (note.status, note.attempts) == ("sent", 1)


def test_smtp_down_keeps_the_thread_and_retries_the_email(
    engine: Any, tmp_path: Path, smtp: tuple[Controller, Collect]
) -> None:
    controller, handler = smtp
    keys = seed(engine)
    give_contact(engine, WARSZAWA, "international@warszawa.example")
    down = free_port()  # nothing listens there
    client, settings = mail_api(engine, tmp_path, down)
    with client:
        response = client.post(
            OPEN,
            json={"to_town_id": WARSZAWA, "message": "Hello"},
            headers={"X-API-Key": keys.editor},
        )
        assert response.status_code == 201
        inbox = client.get(
            f"/api/v1/towns/{WARSZAWA}/interest", headers={"X-API-Key": keys.other_editor}
        )
        assert len(inbox.json()["incoming"]) == 1  # the thread does not wait for e-mail
    first = deliver_due(engine, settings)
    assert (first.sent, first.pending) == (0, 1)
    with Session(engine) as s:
        note = s.exec(select(Notification)).one()
        assert note.status == "pending" and note.attempts >= 1 and note.last_error
        due = note.next_attempt_at
    assert deliver_due(engine, settings).sent == 0  # not due yet: no hammering
    # the server is back (the settings now point at it) and the retry is due
    back = settings.model_copy(update={"smtp_port": controller.port})
    assert due > utcnow()
    later = deliver_due(engine, back, now=utcnow() + timedelta(seconds=61))
    assert later.sent == 1 and later.pending == 0
    assert len(handler.messages) == 1


def test_email_is_off_by_default(api: Api) -> None:
    give_contact(api.engine, WARSZAWA, "x@warszawa.example")
    open_thread(api)
    with Session(api.engine) as s:
        assert s.exec(select(Notification)).all() == []


# --- concurrent writers ----------------------------------------------------------------------


@pytest.fixture(params=["sqlite-file", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A database several connections write at once (not the single in-memory one)."""
    if request.param == "postgres":
        return request.getfixturevalue("pg_engine")
    from sqlmodel import create_engine

    from matcher.db import create_all

    engine = create_engine(
        f"sqlite:///{tmp_path / 'shared.sqlite'}",
        connect_args={"check_same_thread": False, "timeout": 30},
    )
    create_all(engine)
    return engine


def test_concurrent_openings_and_answers_give_one_winner_never_500(
    shared_engine: Any, tmp_path: Path
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    keys = seed(shared_engine)
    app = create_app(
        Settings(var_dir=tmp_path), engine=shared_engine, service=FakeService(towns=town_refs())
    )
    with TestClient(app) as client, ThreadPoolExecutor(max_workers=8) as pool:
        a, b = {"X-API-Key": keys.editor}, {"X-API-Key": keys.other_editor}
        body = {"to_town_id": WARSZAWA, "message": "Hi"}
        opened = list(pool.map(lambda _: client.post(OPEN, json=body, headers=a), range(8)))
        codes = sorted(r.status_code for r in opened)
        assert codes == [201] + [409] * 7
        thread = next(r.json() for r in opened if r.status_code == 201)
        url = thread_url(WARSZAWA, thread["id"]) + "/messages"

        def answer(i: int) -> int:
            reply = {"kind": "answer", "body": f"Answer {i}", "version": 1}
            return client.post(url, json=reply, headers=b).status_code

        answers = list(pool.map(answer, range(8)))
        assert sorted(answers) == [201] + [409] * 7
        stored = client.get(thread_url(WARSZAWA, thread["id"]), headers=b).json()
        assert [m["kind"] for m in stored["messages"]] == ["interest", "answer"]
        assert stored["version"] == 2


@pytest.mark.parametrize(
    ("who", "town", "status"),
    [
        (None, KRAKOW, 401),
        ("other_editor", KRAKOW, 403),
        ("editor", KRAKOW, 200),
        ("curator", WARSZAWA, 200),
        ("admin", "PL-0000000", 404),
    ],
)
def test_role_matrix_for_the_inbox(api: Api, who: str | None, town: str, status: int) -> None:
    headers = api.auth(getattr(api.keys, who)) if who else {}
    assert api.client.get(f"/api/v1/towns/{town}/interest", headers=headers).status_code == status


def test_writing_in_a_thread_checks_key_side_and_number(api: Api) -> None:
    thread = open_thread(api)
    url = thread_url(WARSZAWA, thread["id"]) + "/messages"
    reply = {"kind": "reply", "body": "x", "version": 1}
    assert api.client.post(url, json=reply).status_code == 401
    assert api.client.post(url, json=reply, headers=api.auth("mk_nope")).status_code == 401
    assert api.client.post(url, json=reply, headers=api.auth(api.keys.editor)).status_code == 403
    admin = api.auth(api.keys.admin)
    elsewhere = thread_url(BERLIN, thread["id"]) + "/messages"
    assert api.client.post(elsewhere, json=reply, headers=admin).status_code == 404
    missing = thread_url(WARSZAWA, 123456) + "/messages"
    assert api.client.post(missing, json=reply, headers=admin).status_code == 404
    assert (
        api.client.post(
            thread_url(WARSZAWA, 0) + "/messages", json=reply, headers=admin
        ).status_code
        == 422
    )
    nul = {"kind": "reply", "body": "a\x00b", "version": 1}
    assert api.client.post(url, json=nul, headers=admin).status_code == 422


def test_being_read_does_not_make_the_senders_reply_stale(api: Api) -> None:
    thread = open_thread(api)
    seen = api.client.get(
        thread_url(WARSZAWA, thread["id"]), headers=api.auth(api.keys.other_editor)
    )
    assert seen.json()["status"] == "seen"
    reply = {"kind": "reply", "body": "One more thing", "version": thread["version"]}
    response = api.client.post(
        thread_url(KRAKOW, thread["id"]) + "/messages",
        json=reply,
        headers=api.auth(api.keys.editor),
    )
    assert response.status_code == 201
    assert response.json()["status"] == "seen"  # the sender's reply changes no status
