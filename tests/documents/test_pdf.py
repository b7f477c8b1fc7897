"""HTML to PDF: Polish and German letters survive, nothing is fetched, pages are A4."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from matcher.documents import ExternalResource, html_page, html_to_pdf

POLISH = "Zażółć gęślą jaźń: Łódź, Gdańsk, Kędzierzyn-Koźle"
GERMAN = "Größe der Städte: Fürth, Weißenfels"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_polish_and_german_letters_survive() -> None:
    pdf = html_to_pdf(html_page("Memo", f"<h1>{POLISH}</h1><p>{GERMAN}</p>", lang="pl"))
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    assert POLISH in text
    assert GERMAN in text


def test_the_page_is_a4() -> None:
    page = PdfReader(io.BytesIO(html_to_pdf(html_page("A4", "<p>x</p>", lang="en")))).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    height_mm = float(page.mediabox.height) / 72 * 25.4
    assert (round(width_mm), round(height_mm)) == (210, 297)


def test_a_long_list_runs_over_several_pages_with_numbers() -> None:
    rows = "".join(f"<li>Miejscowość {i}</li>" for i in range(400))
    pdf = html_to_pdf(html_page("Long", f"<ol>{rows}</ol>", lang="pl"))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()


def test_the_title_is_escaped() -> None:
    html = html_page("<script>x</script>", "<p>body</p>", lang="en")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_external_resources_are_refused() -> None:
    html = html_page("x", '<img src="http://127.0.0.1:9/stray.png">', lang="en")
    with pytest.raises(ExternalResource, match=r"127\.0\.0\.1"):
        html_to_pdf(html)


def test_inline_images_are_allowed() -> None:
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    assert html_to_pdf(html_page("x", f'<img src="{pixel}">', lang="en")).startswith(b"%PDF")
