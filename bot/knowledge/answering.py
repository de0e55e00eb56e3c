"""Turning found passages into an answer: by a chat model, or quoted when there is none."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bot.knowledge.models import Answer, Hit

NOTHING_FOUND = (
    "I couldn't find anything about that in the knowledge base, so I won't guess. "
    "To teach me: /learn followed by the facts, send me a document (Markdown, text, HTML "
    "or PDF), or ask the operator to load it with `nudge kb add PATH`."
)
MODEL_FAILED = "(The language model didn't answer in time, so here are the best passages.)"
INSTRUCTIONS = (
    "Answer the question using only the numbered passages given with it. Cite every "
    "passage you use as [1], [2] and so on. If the passages do not contain the answer, "
    "say that you don't know; never invent facts. Be brief."
)
QUOTE_CHARS = 700


def load_persona(value: str, bot_name: str) -> str:
    """`BOT_PERSONA` is either the persona itself or the path of a file holding it."""
    value = value.strip()
    if value and "\n" not in value and len(value) < 500:
        path = Path(value).expanduser()
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    return value or f"You are {bot_name}, a friendly and precise assistant."


def source_label(hit: Hit) -> str:
    chunk = hit.chunk
    return chunk.title if chunk.title == chunk.source else f"{chunk.title} ({chunk.source})"


def passages_prompt(question: str, hits: Sequence[Hit]) -> str:
    blocks = [f"[{i}] {source_label(h)}\n{h.chunk.text}" for i, h in enumerate(hits, 1)]
    return "Passages:\n\n" + "\n\n".join(blocks) + f"\n\nQuestion: {question}"


def model_messages(
    persona: str, history: Sequence[tuple[str, str]], question: str, hits: Sequence[Hit]
) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": f"{persona}\n\n{INSTRUCTIONS}"}]
    for asked, answered in history:
        messages.append({"role": "user", "content": asked})
        messages.append({"role": "assistant", "content": answered})
    messages.append({"role": "user", "content": passages_prompt(question, hits)})
    return messages


def _quote(text: str) -> str:
    body = " ".join(text.split())
    if len(body) > QUOTE_CHARS:
        body = body[: body.rfind(" ", 0, QUOTE_CHARS)] + " …"
    return f"“{body}”"


def extractive(hits: Sequence[Hit], note: str = "") -> Answer:
    """The best passage quoted, with a second one when it is nearly as good."""
    chosen = [hits[0]]
    if len(hits) > 1 and hits[1].score >= 0.8 * hits[0].score:
        chosen.append(hits[1])
    quotes = "\n\n".join(f"{_quote(h.chunk.text)} [{i}]" for i, h in enumerate(chosen, 1))
    lead = f"{note}\n\n" if note else ""
    return Answer(f"{lead}From the knowledge base:\n\n{quotes}", list(chosen), True)


def render(answer: Answer) -> str:
    """The answer followed by its numbered sources, as sent in chat."""
    if not answer.hits:
        return answer.text
    sources = "\n".join(f"[{i}] {source_label(h)}" for i, h in enumerate(answer.hits, 1))
    return f"{answer.text}\n\nSources:\n{sources}"
