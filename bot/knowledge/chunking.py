"""Cutting documents into passages that respect headings and paragraphs.

A chunk never crosses a heading, holds whole paragraphs where they fit, and repeats the end
of the previous chunk of its section (the overlap) so a fact split across a boundary is
still found whole in one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.models import ChunkDraft

MAX_CHARS = 900
OVERLAP_CHARS = 150

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class _Section:
    path: tuple[str, ...]
    paragraphs: list[str]


def chunk_text(
    text: str, title: str, *, max_chars: int = MAX_CHARS, overlap: int = OVERLAP_CHARS
) -> list[ChunkDraft]:
    """Passages of at most about `max_chars`, titled `title › heading › subheading`."""
    drafts: list[ChunkDraft] = []
    for section in _sections(text):
        path = section.path[1:] if section.path[:1] == (title,) else section.path
        label = " › ".join((title, *path))
        heading = section.path[-1] if section.path else ""
        for body in _pack(section.paragraphs, max_chars, overlap):
            text_with_heading = f"{heading}\n{body}" if heading else body
            drafts.append(ChunkDraft(text_with_heading, label, len(drafts)))
    return drafts


def sentences(passage: str) -> list[str]:
    """A passage's sentences in order, each line at least one (headings and list items)."""
    return [
        sentence.strip()
        for line in passage.splitlines()
        for sentence in _SENTENCE_END.split(line)
        if sentence.strip()
    ]


def _sections(text: str) -> list[_Section]:
    sections = [_Section((), [])]
    path: list[tuple[int, str]] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            sections[-1].paragraphs.append(" ".join(paragraph))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            close_paragraph()
            level = len(heading.group(1))
            path[:] = [(lvl, name) for lvl, name in path if lvl < level]
            path.append((level, heading.group(2)))
            sections.append(_Section(tuple(name for _, name in path), []))
        elif not line:
            close_paragraph()
        else:
            paragraph.append(line)
    close_paragraph()
    return [s for s in sections if s.paragraphs]


def _pieces(paragraph: str, max_chars: int) -> list[str]:
    """A paragraph, or its sentences (and hard cuts of run-on text) when it is too long."""
    if len(paragraph) <= max_chars:
        return [paragraph]
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > max_chars:
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > max_chars // 2 else max_chars
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            pieces.append(sentence)
    return pieces


def _pack(paragraphs: list[str], max_chars: int, overlap: int) -> list[str]:
    pieces = [p for para in paragraphs for p in _pieces(para, max_chars)]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for piece in pieces:
        if current and size + len(piece) + 1 > max_chars:
            chunks.append("\n".join(current))
            current = _tail(current, overlap)
            size = sum(len(p) + 1 for p in current)
        current.append(piece)
        size += len(piece) + 1
    if current:
        chunks.append("\n".join(current))
    return chunks


def _tail(parts: list[str], overlap: int) -> list[str]:
    """The last pieces of a chunk, up to `overlap` characters, to open the next one with."""
    if overlap <= 0:
        return []
    last = parts[-1]
    if len(last) <= overlap:
        return [last]
    cut = last.find(" ", len(last) - overlap)
    return [last[cut + 1 :]] if cut >= 0 else []
