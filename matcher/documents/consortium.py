"""A consortium for the application: XLSX and PDF in the reader's language.

Both show the same three parts: the members (role, town, country, EU status and how well a
source supports it, population, themes in common with their evidence, why each fits), the
rule check item by item, and the sources behind the associated countries. Every sentence is
the builder's own message rendered with the reader's translator, every heading a catalogue
key; no figure is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from matcher.calls import Call
from matcher.consortium.model import ConsortiumMember, ConsortiumResult
from matcher.documents.pdf import PRINT_CSS, html_page, html_to_pdf
from matcher.documents.xlsx import Cell, Sheet, write_xlsx
from matcher.i18n import N_, Message
from matcher.i18n.places import Country, Town
from matcher.i18n.translator import Translator

EVIDENCE_KEYS = {
    "confirmed": N_("consortium.export.evidence.confirmed"),
    "announced": N_("consortium.export.evidence.announced"),
    "unverified": N_("consortium.export.evidence.unverified"),
}
VERDICT_KEYS = {
    "pass": N_("consortium.export.verdict.pass"),
    "warning": N_("consortium.export.verdict.warning"),
    "fail": N_("consortium.export.verdict.fail"),
}
ROLE_KEYS = {
    "lead": N_("consortium.export.role.lead"),
    "partner": N_("consortium.export.role.partner"),
}


CSS = (
    PRINT_CSS
    + """
@page { size: A4 landscape; }
.part td:last-child { width: 38%; }
"""
)
"""Landscape: the member table has seven columns, the last one sentences."""


@dataclass(frozen=True)
class Table:
    """One part of the document: a header row and rows of cells."""

    title: str
    headers: list[str]
    rows: list[list[Cell]]


def _render(t: Translator, message: Message | None) -> str:
    return t.render(message) if message is not None else ""


def _eu(t: Translator, m: ConsortiumMember) -> str:
    if m.eu_member_state:
        return t("consortium.export.eu_member")
    if m.country_evidence is None:
        return t("consortium.export.not_eligible")
    return t(EVIDENCE_KEYS[m.country_evidence])


def member_table(result: ConsortiumResult, t: Translator) -> Table:
    headers = [
        t("consortium.export.role"),
        t("consortium.export.town"),
        t("consortium.export.country"),
        t("consortium.export.eu_status"),
        t("consortium.export.population"),
        t("consortium.export.themes"),
        t("consortium.export.fit"),
    ]
    pinned = t("consortium.export.pinned")
    rows: list[list[Cell]] = []
    for m in result.members:
        themes = "; ".join(
            f"{t.format_value(th.term)} ({', '.join(th.evidence)})"
            if th.evidence
            else t.format_value(th.term)
            for th in m.themes
        )
        rows.append(
            [
                t(ROLE_KEYS[m.role]) + (f" · {pinned}" if m.pinned else ""),
                m.town.name,
                t.format_value(Country(m.town.country_code)),
                _eu(t, m),
                m.town.population,
                themes,
                "\n".join(_render(t, f.message) for f in m.fit),
            ]
        )
    return Table(t("consortium.export.members"), headers, rows)


def check_table(result: ConsortiumResult, t: Translator) -> Table:
    headers = [t("consortium.export.verdict"), t("consortium.export.check")]
    rows: list[list[Cell]] = [
        [t(VERDICT_KEYS[c.verdict]), _render(t, c.message)] for c in result.checks
    ]
    return Table(t("consortium.export.checks"), headers, rows)


def source_table(result: ConsortiumResult, call: Call, t: Translator) -> Table:
    """The associated countries of the consortium with the document behind each."""
    headers = [
        t("consortium.export.country"),
        t("consortium.export.eu_status"),
        t("consortium.export.source"),
        t("consortium.export.source_date"),
        t("consortium.export.source_says"),
    ]
    present = {m.town.country_code for m in result.members}
    rows: list[list[Cell]] = []
    for a in call.countries.associated:
        if a.code not in present:
            continue
        source = call.sources.get(a.source) if a.source else None
        rows.append(
            [
                t.format_value(Country(a.code)),
                t(EVIDENCE_KEYS[a.status]),
                f"{source.title} ({source.publisher})"
                if source
                else t("consortium.export.no_source"),
                source.date if source else None,
                source.says if source else "",
            ]
        )
    return Table(t("consortium.export.sources"), headers, rows)


def tables(result: ConsortiumResult, call: Call, t: Translator) -> list[Table]:
    return [member_table(result, t), check_table(result, t), source_table(result, call, t)]


def title(result: ConsortiumResult, call: Call, t: Translator) -> str:
    lead = Town(result.lead.name, result.lead.country_code)
    return t("consortium.export.title", call=call.rules.title, lead=lead)


def consortium_xlsx(result: ConsortiumResult, call: Call, t: Translator) -> bytes:
    """The consortium as a workbook: members, rule check, sources (one sheet each)."""
    sheets = [
        Sheet(name=tb.title, headers=tb.headers, rows=tb.rows, wrap=(len(tb.headers) - 1,))
        for tb in tables(result, call, t)
    ]
    return write_xlsx(sheets)


def _cell(value: Cell, t: Translator) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return escape(t.number(value))
    return "<br>".join(escape(line) for line in str(value).splitlines())


def consortium_html(result: ConsortiumResult, call: Call, t: Translator) -> str:
    heading = title(result, call, t)
    version = t(
        "consortium.export.version",
        call=result.call,
        version=str(result.call_version),
        countries=result.countries_version,
    )
    parts = [
        f"<h1>{escape(heading)}</h1>",
        f"<p>{escape(_render(t, result.summary.message))}</p>",
        f'<p class="muted">{escape(version)}</p>',
    ]
    for tb in tables(result, call, t):
        if not tb.rows:
            continue
        head = "".join(f"<th>{escape(h)}</th>" for h in tb.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{_cell(v, t)}</td>" for v in row) + "</tr>" for row in tb.rows
        )
        parts.append(
            # not a <section>: the print CSS keeps sections on one page, and a long member
            # table would leave the first page empty
            f'<div class="part"><h2>{escape(tb.title)}</h2><table><thead><tr>{head}</tr>'
            f"</thead><tbody>{body}</tbody></table></div>"
        )
    if result.notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in result.notes)
        notes = t("consortium.export.notes")
        parts.append(f"<h2>{escape(notes)}</h2><ul>{items}</ul>")
    return html_page(heading, "".join(parts), lang=t.lang, css=CSS)


def consortium_pdf(result: ConsortiumResult, call: Call, t: Translator) -> bytes:
    """The consortium as an A4 PDF: summary, members, rule check, sources, call notes."""
    return html_to_pdf(consortium_html(result, call, t))
