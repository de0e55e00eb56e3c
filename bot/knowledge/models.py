"""The knowledge base's records: scopes, documents, chunks, search hits and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

GLOBAL = "global"


class DocumentKind(StrEnum):
    FILE = "file"
    SNIPPET = "snippet"
    NOTE = "note"


def user_scope(user_id: int) -> str:
    """The scope of one person's uploads, snippets and notes."""
    return f"user:{user_id}"


def chat_scope(channel: str, chat_id: str) -> str:
    """The scope of documents shared in one group chat or Slack channel."""
    return f"chat:{channel}:{chat_id}"


def scope_owner(scope: str) -> int | None:
    """The user a personal scope belongs to, so forgetting them removes it too."""
    kind, _, rest = scope.partition(":")
    return int(rest) if kind == "user" and rest.isdigit() else None


@dataclass(frozen=True, slots=True)
class ChunkDraft:
    """A passage cut from a document, before it is stored."""

    text: str
    title: str
    position: int


@dataclass(frozen=True, slots=True)
class DocumentDraft:
    scope: str
    source: str
    title: str
    kind: DocumentKind
    content_hash: str
    size: int


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    scope: str
    number: int
    source: str
    title: str
    kind: DocumentKind
    content_hash: str
    size: int
    chunk_count: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Chunk:
    id: int
    document_id: int
    scope: str
    source: str
    title: str
    position: int
    text: str
    embedding: bytes | None = None
    # Which embedder made `embedding`: vectors of different models never meet in one search.
    embedding_model: str | None = None


@dataclass(frozen=True, slots=True)
class Stored:
    """What storing a document did: the new rows, and the chunks it replaced."""

    document: Document
    chunks: list[Chunk]
    removed_chunk_ids: list[int] = field(default_factory=list)
    unchanged: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A chunk found for a question; `score` is its relevance in [0, 1]."""

    chunk: Chunk
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    hits: list[Hit]
    found: bool
