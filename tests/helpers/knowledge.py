"""Small documents for knowledge base tests, including a PDF made on the spot."""

from __future__ import annotations

import io

TRAVEL = b"""# Travel policy

## Hotels

Hotel rooms are booked through the travel desk. The nightly limit is 160 euros.

## Meals

The daily meal allowance is 45 euros on travel days.
"""

LEAVE = """# Leave policy

## Parental leave

New parents receive sixteen weeks of paid time off after a birth or an adoption.

## Sick days

Report sickness to your manager before ten o'clock on the first day.
"""
# Shares no word, stem or synonym with the passage of LEAVE that answers it.
OTHER_WORDS = "How long may a mother or father stay home once their newborn arrives?"


def pdf_bytes(text: str, *, password: str | None = None) -> bytes:
    """A one-page PDF whose text layer says `text`."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    stream = DecodedStreamObject()
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(title: str, sections: dict[str, str]) -> bytes:
    """A Word document: a Title paragraph, then each heading with its paragraph."""
    from docx import Document

    document = Document()
    document.add_paragraph(title, style="Title")
    for heading, paragraph in sections.items():
        document.add_heading(heading, level=1)
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
