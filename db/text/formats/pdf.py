"""PDF (pypdf): the text of every page, a page break kept as a line holding a form feed.

So ``storyline show report.pdf`` reads like ``pdftotext`` output, and a line's page
is one more than the form feeds above it. Title and author come from
the document information; its creation date is the date. An encrypted file (unless
it opens with an empty password) and a file without a text layer (a scan) are
refused with their reason.
"""

from __future__ import annotations

import io
import re

from db.text.docdate import parse_doc_date
from db.text.formats.types import FormatError, Record, clean_value
from db.text.types import DocDate

PAGE_BREAK = "\f"
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


def read_pdf(data: bytes) -> Record:
    import pypdf
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise FormatError("not a PDF file")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))
            except Exception:  # pypdf.errors.DependencyError (no AES support) or a bad key
                opened = False
            if not opened:
                raise FormatError("encrypted PDF (it needs a password)")
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata
    except FormatError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise FormatError(f"unreadable PDF ({type(exc).__name__}: {str(exc)[:200]})") from None
    if not any(p.strip() for p in pages):
        raise FormatError("no text in the PDF (a scan or image-only file: run OCR on it first)")
    return Record(
        text=f"\n{PAGE_BREAK}\n".join(pages),
        format="pdf",
        title=clean_value(_info(info, "title")),
        date=_date(_info(info, "creation_date_raw")),
        author=clean_value(_info(info, "author")),
        encoding="pdf",
    )


def _page_text(page: object) -> str:
    text = page.extract_text() or ""  # type: ignore[attr-defined]
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line.replace(PAGE_BREAK, " ") for line in lines).strip("\n")


def _info(info: object, name: str) -> str | None:
    if info is None:
        return None
    try:
        value = getattr(info, name)
    except Exception:  # a malformed information dictionary
        return None
    return str(value) if value else None


def _date(value: str | None) -> DocDate | None:
    if not value:
        return None
    m = _PDF_DATE.match(value.strip())
    if not m:
        return parse_doc_date(value)
    y, mo, d = m.groups()
    return parse_doc_date("-".join(p for p in (y, mo, d) if p))
