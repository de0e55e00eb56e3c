"""The knowledge base: ingest into a scope, search several scopes, answer with sources."""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import structlog

from bot.knowledge import answering
from bot.knowledge.bm25 import Bm25Index
from bot.knowledge.chunking import chunk_text
from bot.knowledge.extract import IngestError, extract
from bot.knowledge.models import (
    Answer,
    Chunk,
    Document,
    DocumentDraft,
    DocumentKind,
    Hit,
    Stored,
    user_scope,
)
from bot.knowledge.vectors import EMBED_BATCH, LocalVectorStore, embed_in_batches, to_bytes
from bot.models import Note
from bot.ports import ChatModel, Embedder, KnowledgeRepository, NoteRepository, VectorStore

log = structlog.get_logger(__name__)

LEXICAL_FLOOR = 0.15
# Once a passage clears the embedder's relevance floor, others this close below it may
# still rank: their similarity is weak evidence alone, but rarely noise next to a match.
NEAR_DENSE_FLOOR = 0.05
TOP_K = 4
RRF_K = 60
HISTORY_TURNS = 3
CONVERSATIONS = 2000
# A document of up to this many chunks is embedded before it is confirmed; a longer one (or
# one the embedder failed on) is confirmed at once, found lexically, and embedded later.
INLINE_EMBEDDINGS = 64


def content_hash(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def embedding_text(title: str, text: str) -> str:
    """What a chunk's embedding is made of: its heading path, then its passage."""
    return f"{title}\n{text}"


def note_source(note: Note) -> str:
    return f"note:{note.id}"


def note_text(note: Note) -> str:
    return f"# {note.title}\n\n{note.body}" if note.title else note.body


@dataclass
class _ScopeIndex:
    bm25: Bm25Index = field(default_factory=Bm25Index)
    chunks: dict[int, Chunk] = field(default_factory=dict)

    def add(self, chunks: Sequence[Chunk]) -> None:
        for chunk in chunks:
            self.chunks[chunk.id] = chunk
            self.bm25.add(chunk.id, chunk.text, chunk.title)

    def remove(self, chunk_ids: Sequence[int]) -> None:
        for chunk_id in chunk_ids:
            self.chunks.pop(chunk_id, None)
        self.bm25.remove_many(chunk_ids)


class KnowledgeBase:
    """Everything the bot knows, kept apart by scope.

    BM25 always; dense retrieval too when an embedder is given (hybrid, fused by reciprocal
    rank); answers written by a chat model when one is given, else quoted.
    """

    def __init__(
        self,
        repository: KnowledgeRepository,
        *,
        embedder: Embedder | None = None,
        vectors: VectorStore | None = None,
        chat: ChatModel | None = None,
        notes: NoteRepository | None = None,
        persona: str = "",
        lexical_floor: float = LEXICAL_FLOOR,
        inline_embeddings: int = INLINE_EMBEDDINGS,
    ) -> None:
        self.repository = repository
        self.embedder = embedder
        model = embedder.name if embedder is not None else ""
        self.vectors = vectors if vectors is not None else LocalVectorStore(repository, model)
        self.chat = chat
        self.notes = notes
        self.persona = persona
        self.lexical_floor = lexical_floor
        self.dense_floor = embedder.relevance_floor if embedder is not None else 1.0
        self._indexes: dict[str, _ScopeIndex] = {}
        self._history: OrderedDict[str, deque[tuple[str, str]]] = OrderedDict()
        self.inline_embeddings = inline_embeddings
        self._embedding = asyncio.Lock()
        self._catch_up: asyncio.Task[None] | None = None
        self._again = False

    # Ingestion

    async def add_file(self, scope: str, filename: str, data: bytes, source: str = "") -> Stored:
        """Learn a file; raises `IngestError` for files that can't be read, storing nothing."""
        extracted = extract(filename, data)
        return await self.add_text(
            scope,
            source or filename,
            extracted.title,
            extracted.text,
            DocumentKind.FILE,
            content_hash(data),
        )

    async def add_text(
        self,
        scope: str,
        source: str,
        title: str,
        text: str,
        kind: DocumentKind,
        digest: str = "",
    ) -> Stored:
        drafts = chunk_text(text, title)
        if not drafts:
            raise IngestError(f"{source} has no text I could read.")
        draft = DocumentDraft(
            scope, source, title[:200], kind, digest or content_hash(text), len(text)
        )
        if self.embedder is not None:
            # Embeddings cost money and time: learn that nothing changed before paying for them.
            known = await self.repository.document(scope, source)
            if known is not None and known.content_hash == draft.content_hash:
                return Stored(known, [], [], unchanged=True)
        vectors: list[list[float]] | None = None
        if self.embedder is not None and len(drafts) <= self.inline_embeddings:
            try:
                vectors = await embed_in_batches(
                    self.embedder, [embedding_text(d.title, d.text) for d in drafts]
                )
            except Exception:
                # Keep what was sent: it is found by its words now, and embedded later.
                log.exception("embedding_failed", scope=scope, source=source)
        stored = await self.repository.store_document(draft, drafts)
        if stored.unchanged:
            return stored
        index = self._indexes.get(scope)
        if index is not None:
            index.remove(stored.removed_chunk_ids)
            index.add(stored.chunks)
        try:
            if stored.removed_chunk_ids:
                await self.vectors.delete(scope, stored.removed_chunk_ids)
            if vectors is not None and self.embedder is not None:
                await self._record(self.embedder, stored.chunks, vectors)
        except Exception as error:
            log.exception("vector_store_failed", scope=scope, source=source)
            await self.remove_source(scope, source)
            raise IngestError(
                f"{source} could not be stored in the vector index; nothing was kept. "
                "Please try again."
            ) from error
        if vectors is None:
            self.catch_up()
        return stored

    def catch_up(self) -> None:
        """Embed what is missing in a background task; one round runs at a time."""
        self._again = True
        if self.embedder is not None and (self._catch_up is None or self._catch_up.done()):
            self._catch_up = asyncio.get_running_loop().create_task(self._catch_up_all())
            self._catch_up.add_done_callback(_log_failure)

    async def _catch_up_all(self) -> None:
        # Documents stored while a round runs are picked up by another round.
        while self._again:
            self._again = False
            await self.embed_missing()

    async def embedded(self) -> None:
        """Wait for background embedding, if any is under way (its failures are logged)."""
        if self._catch_up is not None:
            await asyncio.wait([self._catch_up])

    async def close(self) -> None:
        """Stop background embedding; what it did not finish is caught up at the next start."""
        if self._catch_up is not None:
            self._catch_up.cancel()

    async def _record(
        self, embedder: Embedder, chunks: Sequence[Chunk], vectors: Sequence[list[float]]
    ) -> None:
        """Put the chunks' vectors in the index, then record them in the database.

        In that order, a failure in between leaves the chunks unembedded, to be tried again,
        rather than recorded but missing from the index.
        """
        scopes = dict.fromkeys(c.scope for c in chunks)
        for scope in scopes:
            pairs = [(c, v) for c, v in zip(chunks, vectors, strict=True) if c.scope == scope]
            await self.vectors.upsert(scope, [c for c, _ in pairs], [v for _, v in pairs])
        kept = await self.repository.save_embeddings(
            embedder.name, [(c, to_bytes(v)) for c, v in zip(chunks, vectors, strict=True)]
        )
        # Chunks deleted while they were embedded must not live on in the index.
        for scope in scopes:
            await self.vectors.delete(
                scope, [c.id for c in chunks if c.scope == scope and c.id not in kept]
            )

    async def embed_missing(self) -> int:
        """Embed the chunks stored without this embedder's vectors; return how many.

        Chunks learned before embeddings were turned on, or under another model, get
        vectors here, so changing the embedder needs no re-ingestion: until then they are
        found lexically only.
        """
        if self.embedder is None:
            return 0
        async with self._embedding:
            return await self._embed_missing(self.embedder)

    async def _embed_missing(self, embedder: Embedder) -> int:
        done: set[int] = set()
        while True:
            chunks = [
                c
                for c in await self.repository.unembedded(embedder.name, EMBED_BATCH)
                if c.id not in done
            ]
            if not chunks:
                return len(done)
            vectors = await embedder.embed([embedding_text(c.title, c.text) for c in chunks])
            await self._record(embedder, chunks, vectors)
            done.update(c.id for c in chunks)

    async def remove(self, scope: str, number: int) -> Document | None:
        removed = await self.repository.remove(scope, number)
        return await self._forget(scope, removed)

    async def remove_source(self, scope: str, source: str) -> Document | None:
        removed = await self.repository.remove_source(scope, source)
        return await self._forget(scope, removed)

    async def _forget(
        self, scope: str, removed: tuple[Document, list[int]] | None
    ) -> Document | None:
        if removed is None:
            return None
        document, chunk_ids = removed
        index = self._indexes.get(scope)
        if index is not None:
            index.remove(chunk_ids)
        await self.vectors.delete(scope, chunk_ids)
        return document

    async def documents(self, scope: str) -> Sequence[Document]:
        return await self.repository.documents(scope)

    # Notes follow their owner's scope

    async def note_saved(self, user_id: int, note: Note) -> None:
        """Learn a new or edited note; a failure is logged, never raised to the note's save."""
        try:
            await self.add_text(
                user_scope(user_id),
                note_source(note),
                note.title or f"Note {note.number}",
                note_text(note),
                DocumentKind.NOTE,
            )
        except Exception:
            log.exception("note_not_learned", user_id=user_id, note=note.id)

    async def sync_notes(self, user_id: int) -> None:
        """Bring the person's notes in the base in line with their notes as they are now."""
        if self.notes is None:
            return
        scope = user_scope(user_id)
        notes = {note_source(n): n for n in await self.notes.list(user_id)}
        known = {d.source: d for d in await self.documents(scope) if d.kind is DocumentKind.NOTE}
        for source in known.keys() - notes.keys():
            await self.remove_source(scope, source)
        for source, note in notes.items():
            document = known.get(source)
            if document is None or document.content_hash != content_hash(note_text(note)):
                await self.note_saved(user_id, note)

    # Retrieval

    def reload(self, scopes: Sequence[str]) -> None:
        """Forget what is cached of `scopes`, changed behind the base's back (accounts merged).

        Their passages are read again on next use; any that lost their vectors are embedded.
        """
        for scope in scopes:
            self._indexes.pop(scope, None)
        self.catch_up()

    async def _index(self, scope: str) -> _ScopeIndex:
        index = self._indexes.get(scope)
        if index is None:
            index = _ScopeIndex()
            index.add(await self.repository.chunks(scope))
            self._indexes[scope] = index
        return index

    async def search(self, scopes: Sequence[str], question: str, top_k: int = TOP_K) -> list[Hit]:
        """The passages of `scopes` relevant to `question`, best first.

        Nothing when no passage reaches a relevance floor, lexical or dense.
        """
        indexes = [await self._index(scope) for scope in dict.fromkeys(scopes)]
        lexical: dict[int, float] = {}
        for index in indexes:
            lexical.update(index.bm25.search(question, top_k * 3))
        dense = await self._dense(scopes, question, top_k * 3)
        chunks = {
            chunk_id: index.chunks[chunk_id]
            for index in indexes
            for chunk_id in lexical.keys() | dense.keys()
            if chunk_id in index.chunks
        }
        found = any(lexical.get(i, 0.0) >= self.lexical_floor for i in chunks) or any(
            dense.get(i, 0.0) >= self.dense_floor for i in chunks
        )
        if not found:
            return []
        relevant = {
            chunk_id
            for chunk_id in chunks
            if lexical.get(chunk_id, 0.0) >= self.lexical_floor
            or dense.get(chunk_id, 0.0) >= self.dense_floor - NEAR_DENSE_FLOOR
        }
        ranked = _fuse([lexical, dense] if dense else [lexical], relevant)
        return [
            Hit(chunks[i], round(max(lexical.get(i, 0.0), dense.get(i, 0.0)), 4))
            for i in ranked[:top_k]
        ]

    async def _dense(self, scopes: Sequence[str], question: str, top_k: int) -> dict[int, float]:
        if self.embedder is None:
            return {}
        try:
            [vector] = await self.embedder.embed([question])
            found: dict[int, float] = {}
            for scope in dict.fromkeys(scopes):
                found.update(await self.vectors.query(scope, vector, top_k))
        except Exception:
            log.exception("dense_retrieval_failed")
            return {}
        return found

    # Answering

    async def answer(
        self, scopes: Sequence[str], question: str, conversation: str | None = None
    ) -> Answer:
        """Answer from the passages of `scopes`; never raises for a model's failure."""
        history = list(self._history.get(conversation, ())) if conversation else []
        hits = await self.search(scopes, question)
        if not hits and history:
            hits = await self.search(scopes, f"{history[-1][0]} {question}")
        if not hits:
            return Answer(answering.NOTHING_FOUND, [], False)
        if self.chat is None:
            return answering.extractive(hits)
        messages = answering.model_messages(self.persona, history, question, hits)
        try:
            text = (await self.chat.complete(messages)).strip()
        except Exception:
            log.exception("chat_model_failed")
            return answering.extractive(hits, answering.MODEL_FAILED)
        if not text:
            return answering.extractive(hits, answering.MODEL_FAILED)
        if conversation:
            self._remember(conversation, question, text)
        return Answer(text, hits, True)

    def _remember(self, conversation: str, question: str, text: str) -> None:
        turns = self._history.pop(conversation, None) or deque(maxlen=HISTORY_TURNS)
        turns.append((question, text))
        self._history[conversation] = turns
        while len(self._history) > CONVERSATIONS:
            self._history.popitem(last=False)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("embedding_catch_up_failed", exc_info=task.exception())


def _fuse(rankings: Sequence[dict[int, float]], keep: set[int]) -> list[int]:
    """Reciprocal rank fusion of several score maps, over the chunks in `keep`."""
    fused: dict[int, float] = dict.fromkeys(keep, 0.0)
    for scores in rankings:
        ordered = sorted((i for i in scores if i in keep), key=lambda i: (-scores[i], i))
        for rank, chunk_id in enumerate(ordered, 1):
            fused[chunk_id] += 1 / (RRF_K + rank)
    return sorted(fused, key=lambda i: (-fused[i], i))
