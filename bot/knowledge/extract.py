"""Text out of uploaded files: Markdown, plain text, HTML, PDF and Word (.docx).

Of a web page only the main content is kept (trafilatura), so menus, footers and cookie
banners never reach an answer. Anything else, and files that are empty, too large, binary
or encrypted, raise `IngestError` with a message meant for the person who sent the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".rst", ".csv", ""})
# Text without markup, whose headings and wrapped lines are told by their shape.
PLAIN_SUFFIXES = frozenset({".txt", ".text", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx"})
# Below this many characters of text, a page is too short to tell its main content apart.
SHORT_PAGE = 600
SUPPORTED = "Markdown, text, HTML, PDF or Word .docx"


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
    elif suffix in DOCX_SUFFIXES:
        text = _docx_text(name, data)
    elif suffix == ".doc":
        raise IngestError(f"{name} is an old Word file; save it as .docx and send it again.")
    elif suffix in HTML_SUFFIXES:
        text = _html_text(_decode(name, data))
    elif suffix in PLAIN_SUFFIXES:
        text = outlined(_decode(name, data))
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


def _docx_text(name: str, data: bytes) -> str:
    """Paragraphs and tables in order; the Title style and headings become Markdown headings."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise IngestError(f"{name} is not a readable Word document ({error}).") from error
    blocks = list(document.iter_inner_content())
    styles = [b.style.name if not isinstance(b, Table) and b.style else "" for b in blocks]
    shift = 1 if "Title" in styles else 0
    lines: list[str] = []
    title = (document.core_properties.title or "").strip()
    if title and "Title" not in styles:
        lines.append(f"# {title}")
        shift = 1
    for block, style in zip(blocks, styles, strict=True):
        if isinstance(block, Table):
            lines.extend(" | ".join(c.text.strip() for c in row.cells) for row in block.rows)
            continue
        text = block.text.strip()
        heading = re.fullmatch(r"Heading (\d)", style)
        if not text:
            continue
        if style == "Title":
            lines.append(f"# {text}")
        elif heading:
            lines.append("#" * min(6, int(heading.group(1)) + shift) + f" {text}")
        else:
            lines.append(text)
    return "\n\n".join(lines)


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
    body = outlined("\n\n".join(p.strip() for p in pages if p.strip()), titled=bool(meta_title))
    return f"# {meta_title}\n\n{body}" if meta_title and body else body


def outlined(text: str, *, titled: bool = False) -> str:
    """Plain text as Markdown: short lines alone become headings, wrapped lines are joined.

    A heading is a short line without end punctuation between a finished sentence (or a blank
    line) and a line of text that is not one too (a list of short lines stays a list); a
    short first line with a blank line after it is the title, unless `titled`. Text that
    already has Markdown headings is left as it is.
    """
    lines = [line.strip() for line in text.splitlines()]
    if any(_MARKDOWN_HEADING.match(line) for line in lines):
        return text
    out: list[str] = []
    for number, (line, after) in enumerate(zip(lines, _next_text(lines), strict=True)):
        before = out[-1] if out else ""
        if not line:
            out.append("")
        elif not titled and not any(out) and _heading_shaped(line) and _alone(lines, number):
            out.extend([f"# {line}", ""])
        elif (
            _heading_shaped(line)
            and (not before or before[-1] in _ENDS)
            and after
            and not _heading_shaped(after)
        ):
            out.extend([f"## {line}", ""])
        elif _wrapped(before, line):
            out[-1] = f"{before} {line}"
        else:
            out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _next_text(lines: list[str]) -> list[str]:
    """For each line, the first line of text after it ("" when none): one pass, from the end."""
    following = [""] * len(lines)
    for number in range(len(lines) - 1, 0, -1):
        following[number - 1] = lines[number] or following[number]
    return following


def _alone(lines: list[str], number: int) -> bool:
    return number + 1 < len(lines) and not lines[number + 1] and any(lines[number + 1 :])


def _wrapped(before: str, line: str) -> bool:
    """`line` goes on the sentence `before` left unfinished at the end of a printed line."""
    return (
        bool(before)
        and not before.startswith("#")
        and before[-1] not in _ENDS
        and line[0].islower()
    )


def _heading_shaped(line: str) -> bool:
    return (
        len(line) <= HEADING_CHARS
        and line[-1] not in _ENDS + ",;"
        and (line[0].isupper() or line[0].isdigit())
        and not _LIST_ITEM.match(line)
    )


def _html_text(markup: str) -> str:
    """The page's main content as Markdown, its title as the first heading."""
    import lxml.html
    import trafilatura
    from lxml.etree import ParserError
    from trafilatura.metadata import extract_metadata

    try:
        root = lxml.html.document_fromstring(markup)
    except (ParserError, ValueError):
        return ""
    # Main-content detection misses boilerplate on short pages, where it keeps everything.
    for element in root.xpath(_BOILERPLATE, namespaces=_REGEX):
        if element.getparent() is not None:
            element.drop_tree()
    short = len(root.text_content().strip()) < SHORT_PAGE
    body = (
        None
        if short
        else trafilatura.extract(
            lxml.html.tostring(root, encoding="unicode"),
            output_format="markdown",
            include_formatting=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
    )
    body = _EMPHASIS.sub(r"\1", body).strip() if body else _blocks(root)
    metadata = extract_metadata(markup)
    title = (metadata.title or "").strip() if metadata is not None else ""
    if title and not body.startswith("# "):
        return f"# {title}\n\n{body}"
    return body


def _blocks(root: Any) -> str:
    """Headings, paragraphs and list items in order, for pages too short to analyse."""
    lines = []
    for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre"):
        text = " ".join(element.text_content().split())
        if text:
            level = int(element.tag[1]) if element.tag[0] == "h" else 0
            lines.append(f"{'#' * level} {text}" if level else text)
    return "\n\n".join(lines) or " ".join(root.text_content().split())


_BOILERPLATE = (
    "//nav | //header | //footer | //aside | //form | //script | //style | //noscript"
    " | //*[@role='navigation' or @role='banner' or @role='contentinfo']"
    " | //*[re:test(concat(' ', @id, ' ', @class, ' '), '[ _-](cookies?|consent|gdpr|newsletter"
    "|menu|navbar|nav|breadcrumbs?|sidebar|footer|banner)[ _-]', 'i')]"
)
_REGEX = {"re": "http://exslt.org/regular-expressions"}
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
_LIST_ITEM = re.compile(r"^(?:[-*•]|\d+[.)])\s")
_ENDS = ".!?:"
HEADING_CHARS = 60
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}(\S(?:.*?\S)?)\*{1,2}(?![\w*])")
