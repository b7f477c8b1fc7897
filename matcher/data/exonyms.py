"""Polish names of foreign towns (exonyms: Kilonia for Kiel, Drezno for Dresden).

GeoNames lists many alternate names per place without saying their language, so the
Polish one is chosen by a test: the Morfeusz 2 dictionary (SGJP) knows the form as a
geographic name in the nominative ("Kilonia", "Drezno", "Budapeszt", "Wiedeń"). Because the
dictionary also knows thousands of Polish villages and rivers, a candidate is refused when

- the town's own name is itself a Polish geographic name (Berlin, Hamburg: Polish uses the
  name as it is, so another listed form, "Belin", is not the Polish name);
- it is shorter than :data:`MIN_LENGTH` letters (Ren, Tur: the Rhine and a river);
- it is the name of a more populous town of ours (Burgas is a Bulgarian city, not the Polish
  name of Burgos);
- several candidates remain and not exactly one has letters only Polish uses (ą ć ę ł ń ś
  ź ż: Wiedeń rather than Dunaj, Paryż rather than Parys).

Only the head word of a multi-word name must be a geographic name; the other words must be
known to the dictionary ("Frankfurt nad Odrą").

The test alone is not enough: GeoNames lists former names (Leningrad) and forms of other
places that the dictionary knows as Polish villages, rivers or words (Plovdiv: "Julia",
Ischia: "Bagno"). A reviewer's list (:data:`REVIEW_FILE`, each refusal with its reason)
takes those out; the build counts them in data/README.md.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from matcher.data.text import fold
from matcher.i18n import morfeusz

LANG = "pl"
GEOGRAPHIC = "nazwa_geograficzna"
MIN_POPULATION = 15_000
"""Exonyms are looked for in towns of at least this size ("well-known foreign towns"):
below it, GeoNames' alternate names are mostly local variants, and the ones the dictionary
knows are mostly Polish villages of the same spelling."""
SOURCE = "geonames+morfeusz"
MIN_LENGTH = 4
POLISH_LETTERS = frozenset("ąćęłńśźżĄĆĘŁŃŚŹŻ")
COLUMNS = ["town_id", "lang", "name", "source"]
REVIEW_FILE = Path(__file__).with_name("exonym_review.csv")
"""Names the test finds that a reviewer refused: town_id, town, name, reason."""


@cache
def _readings(word: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((lemma, tag, tuple(names)) for lemma, tag, names in morfeusz.readings(word))


def is_geographic_name(form: str) -> bool:
    """Whether the dictionary knows ``form`` as a Polish geographic name: its head word as a
    geographic name in the nominative, and every other word as a lowercase word ("nad"), an
    adjective ("Podolski", "Południowy") or a geographic name after a preposition ("nad
    Odrą"), never a person's name ("San Juan", "San Martin")."""
    head, *rest = form.split()
    if not head[:1].isupper() or len(form.replace(" ", "")) < MIN_LENGTH:
        return False
    if not any(
        lemma == head and tag.startswith("subst:") and ":nom:" in tag and GEOGRAPHIC in names
        for lemma, tag, names in _readings(head)
    ):
        return False
    previous = head
    for word in rest:
        readings = _readings(word)
        if word.islower():
            ok = any(tag != "ign" for _, tag, _ in readings)
        else:
            after_preposition = any(tag.startswith("prep:") for _, tag, _ in _readings(previous))
            ok = any(tag.startswith("adj:") for _, tag, _ in readings) or (
                after_preposition and any(GEOGRAPHIC in names for _, _, names in readings)
            )
        if not ok:
            return False
        previous = word
    return True


def other_readings(form: str) -> int:
    """How many other things the dictionary reads the head word as (a surname, a common
    word): a form known only as a geographic name is the surer name."""
    head = form.split()[0]
    return len(
        {(lemma, tag.split(":")[0], names) for lemma, tag, names in _readings(head)}
        - {
            (lemma, tag.split(":")[0], names)
            for lemma, tag, names in _readings(head)
            if names == (GEOGRAPHIC,)
        }
    )


def is_truncation(form: str, name: str) -> bool:
    """``form`` is a part of ``name`` ("Lipa" of "Česká Lípa", "Pont" of
    "Pont-Sainte-Maxence"): not a name of its own."""
    mine, theirs = set(fold(form).split()), set(fold(name).split())
    return mine < theirs


@dataclass
class ExonymReport:
    """How many towns had candidates and why candidates were refused."""

    towns: int = 0
    with_candidates: int = 0
    found: int = 0
    """Names the dictionary test chose."""
    reviewed: int = 0
    """Of them, refused by the reviewer's list."""
    chosen: int = 0
    refused: dict[str, int] = field(default_factory=dict)

    def refuse(self, why: str) -> None:
        self.refused[why] = self.refused.get(why, 0) + 1


def choose(
    name: str,
    alternates: Iterable[str],
    population: int,
    taken: Callable[[str, int], bool],
    report: ExonymReport,
    own_region: str = "",
) -> str | None:
    """The Polish name of one town, or None (see the module docstring for the rules).

    ``taken(folded form, population)`` says whether the form names a country, a region or
    a more populous town; ``own_region`` is the folded Polish name of the region the town
    is the largest town of ("wieden" for Vienna), which the town may bear."""
    own = fold(name)
    candidates = sorted(
        {
            a.strip()
            for a in alternates
            if a.strip() and fold(a) != own and is_geographic_name(a.strip())
        }
    )
    if not candidates:
        return None
    report.with_candidates += 1
    if is_geographic_name(name):
        report.refuse("the town's own name is a Polish geographic name")
        return None
    kept = []
    for form in candidates:
        if is_truncation(form, name):
            report.refuse("a part of the town's own name")
        elif fold(form) != own_region and taken(fold(form), population):
            report.refuse("names a country, a region or a more populous town")
        else:
            kept.append(form)
    kept = _preferred(kept, own_region)
    if len(kept) > 1:
        report.refuse("several candidates")
        return None
    return kept[0] if kept else None


def read_review(path: Path = REVIEW_FILE) -> set[tuple[str, str]]:
    """(town id, name) pairs the reviewer refused."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {(row["town_id"], row["name"]) for row in csv.DictReader(fh)}


def _preferred(forms: list[str], own_region: str) -> list[str]:
    """Narrow several candidates down, one preference at a time: the name of the town's
    own region, the fewest words, the fewest other readings, letters only Polish uses."""
    scores: tuple[Callable[[str], int], ...] = (
        lambda form: 0 if fold(form) == own_region else 1,
        lambda form: len(form.split()),
        other_readings,
        lambda form: 0 if POLISH_LETTERS & set(form) else 1,
    )
    for score in scores:
        if len(forms) <= 1:
            break
        best = min(score(f) for f in forms)
        forms = [f for f in forms if score(f) == best]
    return forms


def build_exonyms(
    foreign: pd.DataFrame,
    countries: Iterable[str],
    region_names: Mapping[str, str],
    progress: Callable[[int, int], None] | None = None,
    review: set[tuple[str, str]] | None = None,
) -> tuple[pd.DataFrame, ExonymReport]:
    """Polish names of the ``foreign`` towns (id, name, population, region_id,
    alternatenames: the full GeoNames list, pipe-joined) of at least
    :data:`MIN_POPULATION` inhabitants.

    A candidate must not be a Polish country name (``countries``), nor the Polish name of a
    region (``region_names``: region id -> name) unless the town is that region's largest
    (Wiedeń, Praga), nor a name or alternate name of a more populous foreign town; names in
    ``review`` (default: :data:`REVIEW_FILE`) are refused."""
    refused_by_reviewer = read_review() if review is None else review
    names_taken = {fold(n) for n in countries} | {fold(n) for n in region_names.values()}
    biggest: dict[str, int] = {}
    for name, pop, alts in zip(
        foreign["name"],
        foreign["population"].fillna(0),
        foreign["alternatenames"].fillna(""),
        strict=True,
    ):
        for form in {name, *str(alts).split("|")}:
            key = fold(str(form))
            biggest[key] = max(biggest.get(key, 0), int(pop))

    def taken(key: str, population: int) -> bool:
        return key in names_taken or biggest.get(key, -1) > population

    ordered = foreign.assign(population=foreign["population"].fillna(0)).sort_values(
        ["population", "id"], ascending=[False, True]
    )
    largest = set(ordered.drop_duplicates("region_id")["id"])
    big = ordered[ordered["population"] >= MIN_POPULATION].sort_values("id")
    report = ExonymReport(towns=len(big))
    rows = []
    for n, (town_id, name, pop, region_id, alts) in enumerate(
        zip(
            big["id"],
            big["name"],
            big["population"],
            big["region_id"],
            big["alternatenames"].fillna(""),
            strict=True,
        )
    ):
        region = fold(region_names.get(str(region_id), "")) if town_id in largest else ""
        chosen = choose(str(name), str(alts).split("|"), int(pop), taken, report, region)
        if chosen is not None:
            report.found += 1
            if (str(town_id), chosen) in refused_by_reviewer:
                report.reviewed += 1
            else:
                rows.append((str(town_id), LANG, chosen, SOURCE))
        if progress is not None:
            progress(n + 1, len(big))
    report.chosen = len(rows)
    frame = pd.DataFrame(rows, columns=COLUMNS).sort_values(["town_id", "lang"])
    return frame.reset_index(drop=True), report


def cldr_check(places: pd.DataFrame, names: pd.DataFrame) -> tuple[int, int, int]:
    """Our Polish names against CLDR's Polish names of European time-zone cities (an
    independent list): (cities we cover whose Polish name differs from the English one,
    of them named the same by us, named nothing by us).

    ``places``: geonameid, name, timezone of the raw European places."""
    from babel import Locale

    polish, english = Locale(LANG).time_zones, Locale("en").time_zones
    ours = dict(zip(names["town_id"], names["name"], strict=True))
    total = same = none = 0
    for zone, info in sorted(polish.items()):
        if not zone.startswith("Europe/") or "city" not in info:
            continue
        city = english.get(zone, {}).get("city") or zone.split("/")[-1].replace("_", " ")
        match = places[(places["timezone"] == zone) & (places["name"] == city)]
        if len(match) != 1 or info["city"] == city:
            continue
        town_id = f"GN-{int(match['geonameid'].iloc[0])}"
        total += 1
        got = ours.get(town_id)
        same += got == info["city"]
        none += got is None
    return total, same, none
