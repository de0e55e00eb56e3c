"""The knowledge base: ingest into a scope, search several scopes, answer with sources."""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import structlog

from bot.knowledge import answering
from bot.knowledge.bm25 import Bm25Index
from bot.knowledge.chunking import chunk_text, sentences
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
from bot.knowledge.support import (
    Support,
    Term,
    asked_terms,
    lexically_covered,
    missing_named,
    support,
)
from bot.knowledge.text import related, tokens, words
from bot.knowledge.vectors import EMBED_BATCH, LocalVectorStore, embed_in_batches, to_bytes
from bot.models import Note
from bot.ports import ChatModel, Embedder, KnowledgeRepository, NoteRepository, VectorStore

log = structlog.get_logger(__name__)

LEXICAL_FLOOR = 0.15
# Once a passage clears the embedder's relevance floor, others this close below it may
# still rank: their similarity is weak evidence alone, but rarely noise next to a match.
NEAR_DENSE_FLOOR = 0.05
TOP_K = 4
# The second stage reranks this many passages of the first; the answer weighs the best few
# sentence by sentence.
RERANK_POOL = 12
CANDIDATES = 8
RERANKED = 3
# How much the share of the question a passage covers counts against its first-stage rank.
COVERAGE_WEIGHT = 0.3
# The embedder's cosine from which two words count as the same thing ("house", "home").
WORD_FLOOR = 0.5
WORD_CACHE = 50_000
# How much the best sentence's score counts when choosing between the leading passages.
SENTENCE_WEIGHT = 0.5
# A second sentence joins the first when it scores nearly as well.
FOLLOWING_SENTENCE = 0.8
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
    by_document: dict[int, set[int]] = field(default_factory=dict)
    _keys: dict[int, frozenset[str]] = field(default_factory=dict)
    _documents: dict[int, tuple[frozenset[str], str]] = field(default_factory=dict)

    def add(self, chunks: Sequence[Chunk]) -> None:
        for chunk in chunks:
            self.chunks[chunk.id] = chunk
            self.by_document.setdefault(chunk.document_id, set()).add(chunk.id)
            self._documents.pop(chunk.document_id, None)
            self.bm25.add(chunk.id, chunk.text, chunk.title)

    def remove(self, chunk_ids: Sequence[int]) -> None:
        for chunk_id in chunk_ids:
            chunk = self.chunks.pop(chunk_id, None)
            self._keys.pop(chunk_id, None)
            if chunk is not None:
                self._documents.pop(chunk.document_id, None)
                self.by_document.get(chunk.document_id, set()).discard(chunk_id)
        self.bm25.remove_many(chunk_ids)

    def keys(self, chunk: Chunk) -> frozenset[str]:
        """The search keys of a passage and its heading path."""
        found = self._keys.get(chunk.id)
        if found is None:
            found = self._keys[chunk.id] = frozenset(tokens(f"{chunk.title}\n{chunk.text}"))
        return found

    def document(self, chunk: Chunk) -> tuple[frozenset[str], str]:
        """The search keys and the whole text of the passage's document."""
        found = self._documents.get(chunk.document_id)
        if found is None:
            members = [self.chunks[i] for i in sorted(self.by_document[chunk.document_id])]
            text = "\n".join(f"{c.title}\n{c.text}" for c in members)
            found = self._documents[chunk.document_id] = (frozenset(tokens(text)), text)
        return found

    def judge(self, chunk: Chunk, terms: Sequence[Term]) -> Support:
        keys = self.keys(chunk)
        missing: tuple[Term, ...] = ()
        if any(t.named for t in terms):
            missing = missing_named(terms, *self.document(chunk))
        return support(
            terms,
            missing=missing,
            covered=lambda t: lexically_covered(t, keys, self.bm25.parts),
            known=self.knows,
        )

    def knows(self, term: Term) -> bool:
        """Whether any passage has the word, a form of it, a synonym or a part of it."""
        return any(
            self.bm25.frequency(k)
            for k in (term.key, *related(term.key), *self.bm25.parts(term.key))
        )


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
        self._words: dict[str, list[float]] = {}

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
        return [c.hit for c in await self._candidates(scopes, question, top_k)]

    async def _candidates(
        self, scopes: Sequence[str], question: str, top_k: int
    ) -> list[_Candidate]:
        """Passages found by words and meaning, reranked by how much of the question they cover.

        The first stage fuses BM25 and dense ranks; the second puts passages whose document
        names what the question names, and whose words (headings included) cover the
        question's distinctive words, ahead of those that only share its topic.
        """
        indexes = [await self._index(scope) for scope in dict.fromkeys(scopes)]
        pool = max(top_k, RERANK_POOL)
        lexical: dict[int, float] = {}
        for index in indexes:
            lexical.update(index.bm25.search(question, pool))
        dense = await self._dense(scopes, question, pool)
        owner = {
            chunk_id: index
            for index in indexes
            for chunk_id in lexical.keys() | dense.keys()
            if chunk_id in index.chunks
        }
        found = any(lexical.get(i, 0.0) >= self.lexical_floor for i in owner) or any(
            dense.get(i, 0.0) >= self.dense_floor for i in owner
        )
        if not found:
            return []
        relevant = {
            chunk_id
            for chunk_id in owner
            if lexical.get(chunk_id, 0.0) >= self.lexical_floor
            or dense.get(chunk_id, 0.0) >= self.dense_floor - NEAR_DENSE_FLOOR
        }
        ranked = _fuse([lexical, dense] if dense else [lexical], relevant)[:pool]
        terms = {id(index): asked_terms(question, index.bm25.idf) for index in indexes}
        candidates = []
        for position, chunk_id in enumerate(ranked):
            index = owner[chunk_id]
            chunk = index.chunks[chunk_id]
            score = round(max(lexical.get(chunk_id, 0.0), dense.get(chunk_id, 0.0)), 4)
            candidates.append(
                _Candidate(
                    Hit(chunk, score),
                    index,
                    terms[id(index)],
                    index.judge(chunk, terms[id(index)]),
                    1 / (1 + position),
                )
            )
        candidates.sort(key=lambda c: (bool(c.support.missing), -c.rank))
        return candidates[:top_k]

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
        """Answer from the passages of `scopes`; never raises for a model's failure.

        Declines, naming what is missing and what the base has nearby, when no passage
        covers what the question asks about.
        """
        history = list(self._history.get(conversation, ())) if conversation else []
        candidates = await self._candidates(scopes, question, CANDIDATES)
        if not candidates and history:
            candidates = await self._candidates(scopes, f"{history[-1][0]} {question}", CANDIDATES)
        if not candidates:
            return Answer(answering.NOTHING_FOUND, [], False)
        candidates = await self._with_close_words(candidates)
        supported = [c for c in candidates if c.answers]
        if not supported:
            closest = max(candidates, key=lambda c: c.prior)
            return answering.declined(closest.support, [c.hit for c in candidates])
        best = await self._lead(question, supported[:RERANKED])
        if self.chat is None:
            return answering.extractive(best.hit, best.lead)
        hits = [best.hit, *(c.hit for c in supported[:TOP_K] if c.hit != best.hit)]
        messages = answering.model_messages(self.persona, history, question, hits)
        try:
            text = (await self.chat.complete(messages)).strip()
        except Exception:
            log.exception("chat_model_failed")
            return answering.extractive(best.hit, best.lead, answering.MODEL_FAILED)
        if not text:
            return answering.extractive(best.hit, best.lead, answering.MODEL_FAILED)
        if conversation:
            self._remember(conversation, question, text)
        return answering.from_model(text, hits)

    async def _with_close_words(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Credit the words unknown to the base that the embedder finds close to a passage's.

        A paraphrase ("house" for "home") is not taken for a question the base can't
        answer; a word for something else ("dentist" against a cardiology leaflet) is.
        """
        if self.embedder is None:
            return candidates
        judged = []
        for position, candidate in enumerate(candidates):
            support = candidate.support
            if position < RERANKED and support.unknown and not support.missing:
                candidate = await self._credited(candidate)
            judged.append(candidate)
        judged.sort(key=lambda c: (bool(c.support.missing), not c.answers, -c.rank))
        return judged

    async def _credited(self, candidate: _Candidate) -> _Candidate:
        chunk = candidate.hit.chunk
        passage = {surface.lower() for surface, _ in words(f"{chunk.title} {chunk.text}")}
        asked = {t.surface.lower() for t in candidate.support.unknown}
        vectors = await self._word_vectors(sorted(asked | passage))
        close = {
            word
            for word in asked
            if max((_cosine(vectors[word], vectors[other]) for other in passage), default=0.0)
            >= WORD_FLOOR
        }
        unknown = tuple(t for t in candidate.support.unknown if t.surface.lower() not in close)
        return replace(candidate, support=replace(candidate.support, unknown=unknown))

    async def _word_vectors(self, wanted: Sequence[str]) -> dict[str, list[float]]:
        assert self.embedder is not None
        missing = [w for w in wanted if w not in self._words]
        if missing:
            if len(self._words) > WORD_CACHE:
                self._words.clear()
            self._words.update(zip(missing, await self.embedder.embed(missing), strict=True))
        return {w: self._words[w] for w in wanted}

    async def _lead(self, question: str, candidates: Sequence[_Candidate]) -> _Lead:
        """The passage and its sentences that answer best: by words, and by meaning too."""
        options = [
            (candidate, sentence)
            for candidate in candidates
            for sentence in _body_sentences(candidate.hit.chunk)
        ]
        scores = [
            _sentence_coverage(candidate.terms, sentence, candidate.index)
            for candidate, sentence in options
        ]
        if self.embedder is not None and options:
            try:
                vectors = await self.embedder.embed([question, *(s for _, s in options)])
                scores = [
                    score + _cosine(vectors[0], vector)
                    for score, vector in zip(scores, vectors[1:], strict=True)
                ]
            except Exception:
                log.exception("sentence_ranking_failed")
        if not options:
            return _Lead(candidates[0].hit, "")
        best: dict[int, float] = {}
        for (candidate, _), score in zip(options, scores, strict=True):
            best[candidate.hit.chunk.id] = max(best.get(candidate.hit.chunk.id, 0.0), score)
        chosen = max(
            candidates, key=lambda c: SENTENCE_WEIGHT * best.get(c.hit.chunk.id, 0.0) + c.rank
        )
        own = [
            (sentence, score)
            for (candidate, sentence), score in zip(options, scores, strict=True)
            if candidate is chosen
        ]
        top = max(range(len(own)), key=lambda i: own[i][1])
        lead = own[top][0]
        if top + 1 < len(own) and own[top + 1][1] >= FOLLOWING_SENTENCE * own[top][1]:
            lead = f"{lead} {own[top + 1][0]}"
        return _Lead(chosen.hit, lead)

    def _remember(self, conversation: str, question: str, text: str) -> None:
        turns = self._history.pop(conversation, None) or deque(maxlen=HISTORY_TURNS)
        turns.append((question, text))
        self._history[conversation] = turns
        while len(self._history) > CONVERSATIONS:
            self._history.popitem(last=False)


@dataclass(frozen=True, slots=True)
class _Candidate:
    hit: Hit
    index: _ScopeIndex
    terms: list[Term]
    support: Support
    prior: float

    @property
    def rank(self) -> float:
        return self.prior + COVERAGE_WEIGHT * self.support.coverage

    @property
    def answers(self) -> bool:
        return self.support.answers


@dataclass(frozen=True, slots=True)
class _Lead:
    hit: Hit
    lead: str


def _body_sentences(chunk: Chunk) -> list[str]:
    """The sentences of a passage, without the heading line it opens with."""
    found = sentences(chunk.text)
    heading = chunk.title.rpartition(" › ")[2]
    return found[1:] if len(found) > 1 and found[0] == heading else found


def _sentence_coverage(terms: Sequence[Term], sentence: str, index: _ScopeIndex) -> float:
    asked = [t for t in terms if not t.named]
    total = sum(t.weight for t in asked)
    if total <= 0:
        return 0.0
    keys = set(tokens(sentence))
    return sum(t.weight for t in asked if lexically_covered(t, keys, index.bm25.parts)) / total


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


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
