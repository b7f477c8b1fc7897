"""The memo of a result list, for the mayor: who asked, when, with which filters and wish,
and the list with its strongest reasons, in the reader's language.

One :class:`Memo` is built from a query and its answer; it is written as clean text (the
page's "copy the list"), as an XLSX workbook and as a PDF, so the three never disagree.
Contacts appear only when the memo is built for a signed-in reader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from babel.dates import format_date

from matcher.documents.pdf import html_page, html_to_pdf
from matcher.documents.xlsx import Sheet, write_xlsx
from matcher.i18n import N_, Message, Translator, msg
from matcher.i18n.message import Term
from matcher.i18n.places import Country
from matcher.results import SuggestionQuery, TownSuggestions

COLUMNS = (
    N_("memo.col.rank"),
    N_("memo.col.town"),
    N_("memo.col.country"),
    N_("memo.col.population"),
    N_("memo.col.score"),
    N_("memo.col.reasons"),
)
CONTACT_COLUMN = N_("memo.col.contact")
TOP_REASONS = 3
"""Reasons per town in the memo (the strongest, by size of contribution)."""


@dataclass(frozen=True)
class MemoRow:
    rank: int
    town: str
    country: str
    population: int | None
    score: float
    reasons: tuple[str, ...]
    contact: str


@dataclass(frozen=True)
class Memo:
    """Everything a memo shows, already in one language."""

    lang: str
    title: str
    date: str
    filters: tuple[tuple[str, str], ...]
    rows: tuple[MemoRow, ...]
    headers: tuple[str, ...]
    with_contacts: bool
    link: str
    query_sheet: tuple[str, str, str, str] = ("", "", "", "")
    """The second sheet's name, its two headers, and the label of the date."""


def _theme(code: str, themes: Mapping[str, tuple[str, str]]) -> Term:
    en, pl = themes.get(code, (code, code))
    return Term(code, {"en": en, "pl": pl})


def _filters(
    t: Translator, query: SuggestionQuery, themes: Mapping[str, tuple[str, str]]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if query.query:
        out.append((t("memo.filter.wish"), query.query))
    if query.target_countries:
        names = [t.render(msg("memo.value.name", name=Country(c))) for c in query.target_countries]
        out.append((t("memo.filter.countries"), ", ".join(names)))
    if query.themes:
        labels = [t.render(msg("memo.value.name", name=_theme(c, themes))) for c in query.themes]
        out.append((t("memo.filter.themes"), ", ".join(labels)))
    if query.min_population is not None or query.max_population is not None:
        low = query.min_population if query.min_population is not None else 0
        if query.max_population is None:
            out.append((t("memo.filter.population"), t("memo.value.at_least", n=low)))
        else:
            value = t("memo.value.range", low=low, high=query.max_population)
            out.append((t("memo.filter.population"), value))
    if query.max_distance_km is not None:
        km = t("memo.value.km", km=query.max_distance_km)
        out.append((t("memo.filter.distance"), km))
    if query.town_id and query.include_same_country:
        out.append((t("memo.filter.same_country"), t("memo.value.yes")))
    return out


def build_memo(
    t: Translator,
    query: SuggestionQuery,
    answer: TownSuggestions,
    *,
    today: date,
    themes: Mapping[str, tuple[str, str]],
    contacts: Mapping[str, str] | None = None,
    link: str = "",
) -> Memo:
    """The memo of ``answer`` in ``t``'s language; ``contacts`` (town id -> contact line)
    only for signed-in readers."""
    if answer.town is not None:
        title = t.render(msg("memo.title.town", town=answer.town.name))
    else:
        title = t("memo.title.text")
    rows = []
    for s in answer.suggestions:
        strongest = sorted(s.reasons, key=lambda r: -abs(r.contribution))[:TOP_REASONS]
        rows.append(
            MemoRow(
                rank=s.rank,
                town=s.name,
                country=t.render(msg("memo.value.name", name=Country(s.country_code))),
                population=s.population,
                score=s.score,
                reasons=tuple(r.render(t.lang) for r in strongest),
                contact=(contacts or {}).get(s.id, ""),
            )
        )
    keys = [*COLUMNS, CONTACT_COLUMN] if contacts is not None else list(COLUMNS)
    return Memo(
        lang=t.lang,
        title=title,
        date=format_date(today, format="long", locale=t.lang),
        filters=tuple(_filters(t, query, themes)),
        rows=tuple(rows),
        headers=tuple(t(k) for k in keys),
        with_contacts=contacts is not None,
        link=link,
        query_sheet=(
            t("memo.sheet.query"),
            t("memo.col.what"),
            t("memo.col.value"),
            t("memo.date"),
        ),
    )


def _number(value: float, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.00", locale=lang)


def memo_text(memo: Memo, t: Translator) -> str:
    """The memo as plain text: what "copy the list" puts on the clipboard."""
    lines = [memo.title, memo.date]
    lines += [f"{label}: {value}" for label, value in memo.filters]
    lines.append("")
    for row in memo.rows:
        score = t.render(Message("memo.text.score", {"score": row.score}))
        lines.append(f"{row.rank}. {row.town} ({row.country}) – {score}")
        lines += [f"   • {reason}" for reason in row.reasons]
        if row.contact:
            lines.append(f"   {t(CONTACT_COLUMN)}: {row.contact}")
    if memo.link:
        lines += ["", memo.link]
    return "\n".join(lines) + "\n"


def memo_xlsx(memo: Memo) -> bytes:
    """The memo as a workbook: the list with its reasons, then the filters."""
    rows = []
    for row in memo.rows:
        cells: list[str | int | float | None] = [
            row.rank,
            row.town,
            row.country,
            row.population,
            row.score,
            "\n".join(row.reasons),
        ]
        if memo.with_contacts:
            cells.append(row.contact)
        rows.append(cells)
    name, what, value, date_label = memo.query_sheet
    asked = [[k, v] for k, v in [(date_label, memo.date), *memo.filters]]
    if memo.link:
        asked.append(["", memo.link])
    return write_xlsx(
        [Sheet(memo.title, memo.headers, rows, wrap=(5,)), Sheet(name, (what, value), asked)]
    )


MEMO_CSS = """
.reasons { margin: 0; padding-left: 12pt; }
.score { text-align: right; white-space: nowrap; }
.filters th { width: 30%; font-weight: normal; color: #555; }
"""


def memo_html(memo: Memo) -> str:
    """The memo as a printable HTML document (what the PDF is made of)."""
    e = escape
    filters = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in memo.filters)
    head = "".join(f"<th>{e(h)}</th>" for h in memo.headers)
    body = []
    for row in memo.rows:
        reasons = "".join(f"<li>{e(r)}</li>" for r in row.reasons)
        population = f"{row.population:,}".replace(",", "\u202f") if row.population else "–"
        cells = [
            f"<td>{row.rank}</td>",
            f"<td><strong>{e(row.town)}</strong></td>",
            f"<td>{e(row.country)}</td>",
            f"<td class='score'>{population}</td>",
            f"<td class='score'>{_number(row.score, memo.lang)}</td>",
            f"<td><ul class='reasons'>{reasons}</ul></td>",
        ]
        if memo.with_contacts:
            cells.append(f"<td>{e(row.contact)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    link = f"<p class='muted'>{e(memo.link)}</p>" if memo.link else ""
    html = (
        f"<h1>{e(memo.title)}</h1><p class='muted'>{e(memo.date)}</p>"
        f"<table class='filters'>{filters}</table>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{link}"
    )
    from matcher.documents.pdf import PRINT_CSS

    return html_page(memo.title, html, lang=memo.lang, css=PRINT_CSS + MEMO_CSS)


def memo_pdf(memo: Memo) -> bytes:
    """The memo as PDF (WeasyPrint, fonts embedded: Polish letters intact)."""
    return html_to_pdf(memo_html(memo))


def contact_line(parts: Sequence[str]) -> str:
    """ "Name, role, e-mail, phone" without the empty parts."""
    return ", ".join(p for p in parts if p)
