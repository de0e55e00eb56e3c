"""Text out of uploaded files: Markdown, plain text, HTML and PDF.

Anything else, and files that are empty, too large, binary or encrypted, raise
`IngestError` with a message meant for the person who sent the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".rst", ".csv", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED = "Markdown, text, HTML or PDF"


class IngestError(Exception):
    """A file that cannot be learned from; the message says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Extracted:
    title: str
    text: str


def extract(filename: str, data: bytes) -> Extracted:
    """The title and the text of a file, with Markdown-style headings kept."""
    name = PurePath(filename).name or "document"
    if len(data) > MAX_BYTES:
        raise IngestError(
            f"{name} is too large ({len(data) / 1_048_576:.1f} MB; the limit is "
            f"{MAX_BYTES // 1_048_576} MB)."
        )
    if not data.strip():
        raise IngestError(f"{name} is empty.")
    suffix = PurePath(name).suffix.lower()
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        text = _pdf_text(name, data)
    elif suffix in HTML_SUFFIXES:
        text = _html_text(_decode(name, data))
    elif suffix in TEXT_SUFFIXES:
        text = _decode(name, data)
    else:
        try:
            text = _decode(name, data)
        except IngestError:
            raise IngestError(
                f"{name} looks like a binary file, not one I can read ({SUPPORTED})."
            ) from None
    text = text.replace("\x00", "").strip()
    if not re.search(r"\w", text):
        raise IngestError(f"{name} has no text I could read.")
    return Extracted(_title(text) or PurePath(name).stem.replace("_", " "), text)


def _decode(name: str, data: bytes) -> str:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(f"{name} looks like a binary file, not text ({SUPPORTED}).")
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\r\n\t\f")
        if controls <= len(text[:8192]) // 100:
            return text
    raise IngestError(f"{name} looks like a binary file, not text ({SUPPORTED}).")


def _title(text: str) -> str:
    for line in text.splitlines()[:20]:
        match = re.match(r"^#\s+(.+)$", line.strip())
        if match:
            return match.group(1).strip()[:200]
    return ""


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(f"{name} is encrypted; send a copy without a password.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise IngestError(f"{name} is not a readable PDF ({error}).") from error
    meta_title = ""
    try:
        metadata = reader.metadata
        meta_title = str(metadata.title or "").strip() if metadata else ""
    except (PdfReadError, ValueError, KeyError, TypeError):
        meta_title = ""
    body = "\n\n".join(p.strip() for p in pages if p.strip())
    return f"# {meta_title}\n\n{body}" if meta_title and body else body


class _HtmlText(HTMLParser):
    """Visible text of a page, headings turned into Markdown, scripts and styles dropped."""

    BLOCKS = frozenset(
        {"p", "div", "li", "br", "tr", "section", "article", "blockquote", "pre", "table", "ul"}
    )
    HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self.HIDDEN:
            self.hidden += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = parser.title.strip()
    if title and not body.startswith("# "):
        return f"# {title}\n\n{body}"
    return body
