"""Documents that leave the screen: HTML rendered to PDF (WeasyPrint) and XLSX workbooks.

Generic helpers with no knowledge of towns or rankings: the memo of a result list and the
consortium export build their content and hand it to these.
"""

from matcher.documents.pdf import PRINT_CSS, ExternalResource, html_page, html_to_pdf
from matcher.documents.xlsx import Cell, Sheet, inert, write_xlsx

__all__ = [
    "PRINT_CSS",
    "Cell",
    "ExternalResource",
    "Sheet",
    "html_page",
    "html_to_pdf",
    "inert",
    "write_xlsx",
]
