"""HTML to PDF with WeasyPrint: A4, embedded fonts with every Polish and German letter.

WeasyPrint lays out HTML and CSS itself (no browser) and embeds the subset of each font it
uses, so the PDF shows "Łódź" and "Größe" the same on every reader. The fonts come from the
system (fontconfig); DejaVu Sans, installed with the system's font packages, covers Latin
Extended, Greek and Cyrillic, the scripts of the countries we cover.
"""

from __future__ import annotations

from html import escape

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9.5pt;
       line-height: 1.35; color: #111; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; }
h3 { font-size: 10.5pt; margin: 8pt 0 2pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 3pt 4pt; text-align: left;
         vertical-align: top; }
thead th { border-bottom: 1pt solid #333; }
.muted { color: #555; }
ol, ul { margin: 2pt 0 4pt 14pt; padding: 0; }
li { margin: 1pt 0; }
section, li, tr { break-inside: avoid; }
svg { max-width: 100%; }
"""
"""A plain print stylesheet for A4 documents (callers may add their own)."""


class ExternalResource(ValueError):
    """The document refers to something outside itself (documents never fetch)."""


def html_page(title: str, body: str, *, lang: str, css: str = PRINT_CSS) -> str:
    """A complete HTML document around ``body`` (already escaped HTML)."""
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{css}</style></head>"
        f"<body>{body}</body></html>"
    )


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """``html`` (a whole document, UTF-8) laid out and written as PDF bytes.

    Only inline ``data:`` resources load: a document that refers to anything else raises
    ExternalResource, so rendering never reaches the network or the file system.
    ``base_url`` resolves relative links.
    """
    from weasyprint import HTML  # heavy import (Pango, fontTools): only when a PDF is asked
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    try:
        return bytes(HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf())
    except FatalURLFetchingError as exc:
        raise ExternalResource(str(exc.__cause__ or exc)) from exc
