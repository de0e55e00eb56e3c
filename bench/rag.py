"""Retrieval and answer quality, and speed, of the offline knowledge base.

Usage: python -m bench.rag [--quick] [--no-lexical]
Three sets, each in a base of its own:
- tuning: tests/data/kb (plus tests/data/kb_pdf rendered to PDF) and kb_questions.json;
- dev: bench/data/rag_dev.txt, 42 documents, 210 answerable questions and 84 near misses;
- heldout: bench/data/rag_heldout.txt, 44 documents, 220 answerable questions and 88 near
  misses, written apart from the other two and never tuned on: its misses are not printed.
Retrieval and answering settings may be chosen on the first two. The written sets are
rendered on the spot to Markdown, text, HTML (inside page furniture: menus, a cookie banner,
a footer), PDF and Word; a near miss has the right topic and the wrong place, product,
person or date.
Figures: recall@1 (the answer's source holds the fact), recall@3 (search), answer hit (the
answer's lead sentences hold the fact), near misses declined, false declines, page furniture
in answers, latencies; then retrieval p99 on a synthetic base of 10,000 chunks (skipped with
--quick). Measured as `nudge` runs by default: BM25 fused with the bundled MiniLM model's
embeddings (when its package is installed), with lexical retrieval alone alongside
(`lexical_*`). Prints a table and ends with one JSON line.
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import os
import random
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.local_embeddings import LocalEmbedder, bundled_model
from bench.machine import describe, one_line, percentile
from bot.knowledge.models import GLOBAL, Answer, DocumentKind, Hit
from bot.knowledge.service import LEXICAL_FLOOR, KnowledgeBase
from bot.knowledge.vectors import to_bytes
from bot.ports import Embedder
from storage.migrate import upgrade
from storage.store import SqlAlchemyStore

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
WRITTEN = Path(__file__).resolve().parent / "data"
SYNTHETIC_CHUNKS = 10_000
SYNTHETIC_QUERIES = 300
PDF_LINES_PER_PAGE = 48


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


def docx_document(title: str, text: str) -> bytes:
    """A Word document: a Title paragraph, then "## " lines as headings, others as paragraphs."""
    from docx import Document

    document = Document()
    document.add_paragraph(title, style="Title")
    for line in text.splitlines():
        if line.startswith("## "):
            document.add_heading(line[3:], level=1)
        elif line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PAGE = """<!doctype html>
<html><head><title>{title}</title></head><body>
<header><a href="/">Home</a> <nav><ul><li><a href="/menu">Menu</a></li>
<li><a href="/services">Services</a></li><li><a href="/contact">Contact us</a></li></ul></nav>
</header>
<div class="cookie-banner">We use cookies to give you the best experience.
<button>Accept all cookies</button></div>
<main><article><h1>{title}</h1>
{body}
</article></main>
<aside><h3>Related pages</h3><ul><li><a href="/news">Latest news</a></li></ul></aside>
<footer><p>Copyright 2026 Greyfield Services. Privacy policy. Terms of use.</p></footer>
</body></html>"""
# Words of the page furniture above: none may reach an answer.
BOILERPLATE = ("Menu", "Services", "Contact us", "cookies", "Related pages", "Copyright")


def html_document(title: str, text: str) -> bytes:
    blocks = []
    for line in text.splitlines():
        if line.startswith("## "):
            blocks.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.strip():
            blocks.append(f"<p>{html.escape(line)}</p>")
    return PAGE.format(title=html.escape(title), body="\n".join(blocks)).encode()


def rendered(name: str, title: str, text: str) -> bytes:
    """A held-out document in the format its name asks for."""
    suffix = Path(name).suffix
    if suffix == ".pdf":
        return pdf_document(title, text.replace("## ", ""))
    if suffix == ".docx":
        return docx_document(title, text)
    if suffix == ".html":
        return html_document(title, text)
    heading = "# " if suffix == ".md" else ""
    return f"{heading}{title}\n\n{text}\n".encode()


@dataclass(frozen=True, slots=True)
class Question:
    question: str
    source: str
    fact: str


@dataclass
class Dataset:
    files: list[tuple[str, bytes]]
    questions: list[Question]
    unanswerable: list[str]


def tuning_set() -> Dataset:
    files = [(path.name, path.read_bytes()) for path in sorted((DATA / "kb").iterdir())]
    for path in sorted((DATA / "kb_pdf").glob("*.txt")):
        title, _, body = path.read_text().partition("\n")
        files.append((f"{path.stem}.pdf", pdf_document(title.strip(), body)))
    spec = json.loads((DATA / "kb_questions.json").read_text())
    questions = [Question(q["question"], q["source"], q["passage"]) for q in spec["questions"]]
    return Dataset(files, questions, spec["unanswerable"])


def written_set(path: Path) -> Dataset:
    """The documents and questions of a written set, each document in its format."""
    dataset = Dataset([], [], [])
    name = title = ""
    body: list[str] = []

    def close() -> None:
        if name:
            dataset.files.append((name, rendered(name, title, "\n".join(body).strip())))

    for line in path.read_text().splitlines():
        if line.startswith("= "):
            close()
            name, _, title = (part.strip() for part in line[2:].partition("|"))
            body = []
        elif line.startswith("? "):
            question, _, fact = line[2:].partition("|")
            dataset.questions.append(Question(question.strip(), name, fact.strip()))
        elif line.startswith("! "):
            dataset.unanswerable.append(line[2:].strip())
        elif name and not line.startswith("# "):
            body.append(line)
    close()
    return dataset


def relevant(hit: Hit, question: Question) -> bool:
    return hit.chunk.source == question.source and question.fact.lower() in hit.chunk.text.lower()


def lead(answer: Answer) -> str:
    """The sentences an answer opens with, before its first citation."""
    return answer.text.split(" [1]")[0]


async def quality(kb: KnowledgeBase, dataset: Dataset) -> dict[str, Any]:
    chunks = 0
    started = time.perf_counter()
    for name, data in dataset.files:
        stored = await kb.add_file(GLOBAL, name, data, source=name)
        chunks += stored.document.chunk_count
    ingest_seconds = time.perf_counter() - started
    first = third = hit = false_declines = 0
    boilerplate = 0
    retrieval_ms: list[float] = []
    answer_ms: list[float] = []
    misses: list[str] = []
    for item in dataset.questions:
        started = time.perf_counter()
        hits = await kb.search([GLOBAL], item.question, top_k=3)
        retrieval_ms.append((time.perf_counter() - started) * 1000)
        third += any(relevant(h, item) for h in hits)
        started = time.perf_counter()
        answer = await kb.answer([GLOBAL], item.question)
        answer_ms.append((time.perf_counter() - started) * 1000)
        right = bool(answer.hits) and relevant(answer.hits[0], item)
        first += right
        said = item.fact.lower() in " ".join(lead(answer).split()).lower()
        hit += said
        false_declines += not answer.hits
        boilerplate += any(word in answer.text for word in BOILERPLATE)
        if not said:
            misses.append(f"{item.question} -> {answer.text[:160]!r}")
    declined = 0
    for question in dataset.unanswerable:
        answer = await kb.answer([GLOBAL], question)
        declined += not answer.hits
        if answer.hits:
            misses.append(f"UNANSWERABLE {question} -> {answer.text[:160]!r}")
    count = len(dataset.questions)
    return {
        "documents": len(dataset.files),
        "formats": ",".join(sorted({Path(n).suffix.lstrip(".") for n, _ in dataset.files})),
        "chunks": chunks,
        "questions": count,
        "unanswerable": len(dataset.unanswerable),
        "recall_at_1": round(first / count, 3),
        "recall_at_3": round(third / count, 3),
        "answer_hit": round(hit / count, 3),
        "declined": round(declined / max(len(dataset.unanswerable), 1), 3),
        "false_declines": round(false_declines / count, 3),
        "boilerplate_in_answers": boilerplate,
        "retrieval_p50_ms": round(percentile(retrieval_ms, 50), 2),
        "retrieval_p99_ms": round(percentile(retrieval_ms, 99), 2),
        "answer_p50_ms": round(percentile(answer_ms, 50), 2),
        "answer_p99_ms": round(percentile(answer_ms, 99), 2),
        "ingest_chunks_per_s": round(chunks / ingest_seconds, 1),
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
    """The three sets (each in a base of its own), then the synthetic base."""
    label = embedder.name.replace(":", "-") if embedder else "lexical"
    results: dict[str, Any] = {}
    sets = {"tuning": tuning_set()} | {
        name: written_set(WRITTEN / f"rag_{name}.txt") for name in ("dev", "heldout")
    }
    for name, dataset in sets.items():
        url = f"sqlite+aiosqlite:///{directory}/{label}-{name}.db"
        await upgrade(url)
        store = SqlAlchemyStore.from_url(url)
        try:
            kb = KnowledgeBase(store.knowledge, embedder=embedder, lexical_floor=floor)
            figures = await quality(kb, dataset)
            if synthetic and name == "heldout":
                figures.update(await scale(store, embedder))
        finally:
            await store.close()
        results.update({f"{name}_{key}": value for key, value in figures.items()})
    return results


async def main(*, synthetic: bool = True) -> dict[str, Any]:
    """As `nudge` runs by default (with the bundled model when installed), and lexical alone."""
    folder = bundled_model()
    embedder = LocalEmbedder(folder) if folder is not None else None
    floor = float(os.environ.get("FLOOR", str(LEXICAL_FLOOR)))
    results: dict[str, Any] = {"mode": "hybrid" if embedder else "lexical"}
    with tempfile.TemporaryDirectory() as directory:
        if embedder is not None and "--no-lexical" not in sys.argv:
            lexical = await run(directory, None, floor, synthetic=False)
            results.update(
                {f"lexical_{key}": value for key, value in lexical.items() if "misses" not in key}
            )
        results.update(await run(directory, embedder, floor, synthetic=synthetic))
    return results


if __name__ == "__main__":
    figures = asyncio.run(main(synthetic="--quick" not in sys.argv))
    figures.pop("heldout_misses")
    misses = figures.pop("tuning_misses") + figures.pop("dev_misses")
    print(f"{'machine':32} {one_line()}")
    for key, value in figures.items():
        print(f"{key:32} {value}")
    for question in misses:
        print(f"miss: {question}", file=sys.stderr)
    print(json.dumps({"machine": describe(), **figures}))
