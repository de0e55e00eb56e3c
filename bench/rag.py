"""Retrieval quality and speed of the offline knowledge base.

Usage: python -m bench.rag
Over the shipped documents (tests/data/kb) and questions (tests/data/kb_questions.json):
recall@3, MRR, retrieval and answer latency, ingestion throughput; then retrieval p99 on a
synthetic base of 10,000 chunks. Ends with one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.knowledge.models import GLOBAL, DocumentKind, Hit
from bot.knowledge.service import LEXICAL_FLOOR, KnowledgeBase
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SYNTHETIC_CHUNKS = 10_000
SYNTHETIC_QUERIES = 300


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def machine() -> str:
    system = f"{platform.system()}, Python {platform.python_version()}"
    return f"{platform.machine()}, {os.cpu_count()} cpus, {system}"


def relevant(hit: Hit, source: str, passage: str) -> bool:
    return hit.chunk.source == source and passage.lower() in hit.chunk.text.lower()


async def quality(kb: KnowledgeBase) -> dict[str, Any]:
    files = sorted((DATA / "kb").iterdir())
    chunks = 0
    started = time.perf_counter()
    for path in files:
        stored = await kb.add_file(GLOBAL, path.name, path.read_bytes(), source=path.name)
        chunks += stored.document.chunk_count
    ingest_seconds = time.perf_counter() - started
    spec = json.loads((DATA / "kb_questions.json").read_text())
    hits_at_3 = 0
    reciprocal: list[float] = []
    retrieval_ms: list[float] = []
    answer_ms: list[float] = []
    misses: list[str] = []
    for item in spec["questions"]:
        started = time.perf_counter()
        hits = await kb.search([GLOBAL], item["question"], top_k=10)
        retrieval_ms.append((time.perf_counter() - started) * 1000)
        ranks = [i for i, h in enumerate(hits, 1) if relevant(h, item["source"], item["passage"])]
        rank = ranks[0] if ranks else None
        hits_at_3 += rank is not None and rank <= 3
        reciprocal.append(1 / rank if rank else 0.0)
        if rank is None or rank > 3:
            misses.append(item["question"])
        started = time.perf_counter()
        await kb.answer([GLOBAL], item["question"])
        answer_ms.append((time.perf_counter() - started) * 1000)
    false_found = 0
    for question in spec["unanswerable"]:
        false_found += bool(await kb.search([GLOBAL], question))
    count = len(spec["questions"])
    return {
        "documents": len(files),
        "chunks": chunks,
        "questions": count,
        "recall_at_3": round(hits_at_3 / count, 3),
        "mrr": round(statistics.fmean(reciprocal), 3),
        "retrieval_p50_ms": round(percentile(retrieval_ms, 0.5), 2),
        "retrieval_p99_ms": round(percentile(retrieval_ms, 0.99), 2),
        "answer_p50_ms": round(percentile(answer_ms, 0.5), 2),
        "answer_p99_ms": round(percentile(answer_ms, 0.99), 2),
        "ingest_chunks_per_s": round(chunks / ingest_seconds, 1),
        "unanswerable_found": f"{false_found}/{len(spec['unanswerable'])}",
        "misses": misses,
    }


def synthetic_text(rng: random.Random, vocabulary: list[str], words: int) -> str:
    sentences = []
    for _ in range(max(1, words // 12)):
        sentence = " ".join(rng.choice(vocabulary) for _ in range(12))
        sentences.append(sentence.capitalize() + ".")
    return " ".join(sentences)


async def scale(kb: KnowledgeBase) -> dict[str, Any]:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9)))
        for _ in range(20_000)
    ]
    scope = "global-synthetic"
    per_document = 100
    started = time.perf_counter()
    for number in range(SYNTHETIC_CHUNKS // per_document):
        sections = [
            f"## Section {i}\n\n{synthetic_text(rng, vocabulary, 60)}" for i in range(per_document)
        ]
        text = f"# Synthetic {number}\n\n" + "\n\n".join(sections)
        await kb.add_text(
            scope, f"synthetic-{number}", f"Synthetic {number}", text, DocumentKind.FILE
        )
    ingest_seconds = time.perf_counter() - started
    chunks = sum(d.chunk_count for d in await kb.documents(scope))
    await kb.search([scope], "warm up")
    latencies = []
    for _ in range(SYNTHETIC_QUERIES):
        question = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 8)))
        started = time.perf_counter()
        await kb.search([scope], question)
        latencies.append((time.perf_counter() - started) * 1000)
    return {
        "synthetic_chunks": chunks,
        "synthetic_ingest_chunks_per_s": round(chunks / ingest_seconds, 1),
        "synthetic_retrieval_p50_ms": round(percentile(latencies, 0.5), 2),
        "synthetic_retrieval_p99_ms": round(percentile(latencies, 0.99), 2),
    }


async def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await upgrade(url)
        store = SqlAlchemyStore.from_url(url)
        try:
            kb = KnowledgeBase(
                store.knowledge, lexical_floor=float(os.environ.get("FLOOR", str(LEXICAL_FLOOR)))
            )
            results = await quality(kb)
            results.update(await scale(kb))
        finally:
            await store.close()
    return results


if __name__ == "__main__":
    print(f"machine: {machine()}", file=sys.stderr)
    figures = asyncio.run(main())
    misses = figures.pop("misses")
    for key, value in figures.items():
        print(f"{key:32} {value}")
    for question in misses:
        print(f"miss: {question}")
    print(json.dumps({"machine": machine(), **figures}))
