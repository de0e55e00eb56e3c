"""Retrieval quality and speed of the offline knowledge base.

Usage: python -m bench.rag
Over the shipped documents (tests/data/kb, plus tests/data/kb_pdf rendered to PDF on the
spot) and questions (tests/data/kb_questions.json): recall@3, MRR, retrieval and answer
latency, ingestion throughput and the relevance floor's figures, on all questions and on
the held-out half; then retrieval p99 on a synthetic base of 10,000 chunks. Measured as
`nudge` runs by default: BM25 fused with the bundled MiniLM model's embeddings (when its
package is installed), with lexical retrieval alone alongside (`lexical_*`). Prints a table
and ends with one JSON line.

The questions are split in two by a hash of their wording: the tuning half is what
retrieval settings may be chosen on; the held-out half shows whether they generalise.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import random
import statistics
import sys
import tempfile
import textwrap
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from adapters.local_embeddings import LocalEmbedder, bundled_model
from bench.machine import describe, one_line, percentile
from bot.knowledge.models import GLOBAL, DocumentKind, Hit
from bot.knowledge.service import LEXICAL_FLOOR, KnowledgeBase
from bot.knowledge.vectors import to_bytes
from bot.ports import Embedder
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SYNTHETIC_CHUNKS = 10_000
SYNTHETIC_QUERIES = 300
PDF_LINES_PER_PAGE = 48
LEXICAL_FIGURES = ("recall_at_3", "heldout_recall_at_3", "mrr", "retrieval_p99_ms")


def held_out(question: str) -> bool:
    return zlib.crc32(question.encode()) % 2 == 1


def pdf_document(title: str, text: str) -> bytes:
    """A PDF with `text` wrapped to the page width, as a word processor would print it."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    lines = [
        wrapped
        for paragraph in text.splitlines()
        for wrapped in (textwrap.wrap(paragraph, 90) or [""])
    ]
    for start in range(0, len(lines), PDF_LINES_PER_PAGE):
        page = writer.add_blank_page(width=612, height=792)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        shown = []
        for line in lines[start : start + PDF_LINES_PER_PAGE]:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            shown.append(f"({escaped}) Tj T*")
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 10 Tf 14 TL 56 740 Td {' '.join(shown)} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def documents() -> list[tuple[str, bytes]]:
    files = [(path.name, path.read_bytes()) for path in sorted((DATA / "kb").iterdir())]
    for path in sorted((DATA / "kb_pdf").glob("*.txt")):
        title, _, body = path.read_text().partition("\n")
        files.append((f"{path.stem}.pdf", pdf_document(title.strip(), body)))
    return files


def relevant(hit: Hit, source: str, passage: str) -> bool:
    return hit.chunk.source == source and passage.lower() in hit.chunk.text.lower()


def summary(ranks: Sequence[int | None]) -> dict[str, Any]:
    count = len(ranks)
    return {
        "questions": count,
        "recall_at_3": round(sum(r is not None and r <= 3 for r in ranks) / count, 3),
        "mrr": round(statistics.fmean(1 / r if r else 0.0 for r in ranks), 3),
        "nothing_found": sum(r == 0 for r in ranks),
    }


async def quality(kb: KnowledgeBase) -> dict[str, Any]:
    files = documents()
    chunks = 0
    started = time.perf_counter()
    for name, data in files:
        stored = await kb.add_file(GLOBAL, name, data, source=name)
        chunks += stored.document.chunk_count
    ingest_seconds = time.perf_counter() - started
    spec = json.loads((DATA / "kb_questions.json").read_text())
    ranks: dict[bool, list[int | None]] = {False: [], True: []}
    retrieval_ms: list[float] = []
    answer_ms: list[float] = []
    misses: list[str] = []
    for item in spec["questions"]:
        started = time.perf_counter()
        hits = await kb.search([GLOBAL], item["question"], top_k=10)
        retrieval_ms.append((time.perf_counter() - started) * 1000)
        found = [i for i, h in enumerate(hits, 1) if relevant(h, item["source"], item["passage"])]
        # 0 marks "nothing above the floor", None "passages found, but not the right one".
        rank = found[0] if found else (None if hits else 0)
        ranks[held_out(item["question"])].append(rank)
        if not rank or rank > 3:
            misses.append(f"{item['question']} (rank {rank})")
        started = time.perf_counter()
        await kb.answer([GLOBAL], item["question"])
        answer_ms.append((time.perf_counter() - started) * 1000)
    false_found = 0
    for question in spec["unanswerable"]:
        false_found += bool(await kb.search([GLOBAL], question))
    every = summary(ranks[False] + ranks[True])
    heldout = summary(ranks[True])
    return {
        "documents": len(files),
        "document_kb": round(sum(len(data) for _, data in files) / 1024, 1),
        "chunks": chunks,
        "questions": every["questions"],
        "recall_at_3": every["recall_at_3"],
        "mrr": every["mrr"],
        "tuning_recall_at_3": summary(ranks[False])["recall_at_3"],
        "heldout_questions": heldout["questions"],
        "heldout_recall_at_3": heldout["recall_at_3"],
        "heldout_mrr": heldout["mrr"],
        "retrieval_p50_ms": round(percentile(retrieval_ms, 50), 2),
        "retrieval_p99_ms": round(percentile(retrieval_ms, 99), 2),
        "answer_p50_ms": round(percentile(answer_ms, 50), 2),
        "answer_p99_ms": round(percentile(answer_ms, 99), 2),
        "ingest_chunks_per_s": round(chunks / ingest_seconds, 1),
        "floor": kb.lexical_floor,
        "dense_floor": kb.dense_floor if kb.embedder is not None else None,
        "unanswerable_found": f"{false_found}/{len(spec['unanswerable'])}",
        "answerable_nothing_found": f"{every['nothing_found']}/{every['questions']}",
        "misses": misses,
    }


def synthetic_text(rng: random.Random, vocabulary: list[str], words: int) -> str:
    sentences = []
    for _ in range(max(1, words // 12)):
        sentence = " ".join(rng.choice(vocabulary) for _ in range(12))
        sentences.append(sentence.capitalize() + ".")
    return " ".join(sentences)


async def scale(store: SqlAlchemyStore, embedder: Embedder | None) -> dict[str, Any]:
    """Retrieval over 10,000 synthetic chunks.

    The model is not run over the synthetic text (it has no meaning to capture, and would
    take minutes): the chunks get random unit vectors under the model's name, while every
    question is embedded for real, so the timing holds everything a question costs.
    """
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
        for _ in range(20_000)
    ]
    scope = "global-synthetic"
    per_document = 100
    lexical = KnowledgeBase(store.knowledge)
    started = time.perf_counter()
    for number in range(SYNTHETIC_CHUNKS // per_document):
        sections = [
            f"## Section {i}\n\n{synthetic_text(rng, vocabulary, 60)}" for i in range(per_document)
        ]
        text = f"# Synthetic {number}\n\n" + "\n\n".join(sections)
        await lexical.add_text(
            scope, f"synthetic-{number}", f"Synthetic {number}", text, DocumentKind.FILE
        )
    ingest_seconds = time.perf_counter() - started
    chunks = await store.knowledge.chunks(scope)
    kb = lexical
    if embedder is not None:
        import numpy as np

        vectors = np.random.default_rng(7).standard_normal((len(chunks), 384), dtype=np.float32)
        await store.knowledge.save_embeddings(
            embedder.name, [(c, to_bytes(v)) for c, v in zip(chunks, vectors, strict=True)]
        )
        kb = KnowledgeBase(store.knowledge, embedder=embedder)
    await kb.search([scope], "warm up")
    latencies = []
    for _ in range(SYNTHETIC_QUERIES):
        question = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 8)))
        started = time.perf_counter()
        await kb.search([scope], question)
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "synthetic_chunks": len(chunks),
        "synthetic_ingest_chunks_per_s": round(len(chunks) / ingest_seconds, 1),
        "synthetic_retrieval_p50_ms": round(percentile(latencies, 50), 2),
        "synthetic_retrieval_p99_ms": round(percentile(latencies, 99), 2),
    }


async def run(
    directory: str, embedder: Embedder | None, floor: float, *, synthetic: bool
) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{directory}/{embedder.name if embedder else 'lexical'}.db"
    await upgrade(url)
    store = SqlAlchemyStore.from_url(url)
    try:
        results = await quality(
            KnowledgeBase(store.knowledge, embedder=embedder, lexical_floor=floor)
        )
        if synthetic:
            results.update(await scale(store, embedder))
    finally:
        await store.close()
    return results


async def main(*, synthetic: bool = True) -> dict[str, Any]:
    """As `nudge` runs by default (with the bundled model when installed), and lexical alone."""
    folder = bundled_model()
    embedder = LocalEmbedder(folder) if folder is not None else None
    floor = float(os.environ.get("FLOOR", str(LEXICAL_FLOOR)))
    results: dict[str, Any] = {"mode": "hybrid" if embedder else "lexical"}
    with tempfile.TemporaryDirectory() as directory:
        if embedder is not None:
            lexical = await run(directory, None, floor, synthetic=False)
            results.update({f"lexical_{key}": lexical[key] for key in LEXICAL_FIGURES})
        results.update(await run(directory, embedder, floor, synthetic=synthetic))
    return results


if __name__ == "__main__":
    figures = asyncio.run(main(synthetic="--quick" not in sys.argv))
    misses = figures.pop("misses")
    print(f"{'machine':32} {one_line()}")
    for key, value in figures.items():
        print(f"{key:32} {value}")
    for question in misses:
        print(f"miss: {question}", file=sys.stderr)
    print(json.dumps({"machine": describe(), **figures}))
