"""Turning found passages into an answer: by a chat model, or quoted when there is none."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from bot.knowledge.models import Answer, Hit
from bot.knowledge.support import Support

NOTHING_FOUND = (
    "I couldn't find anything about that in the knowledge base, so I won't guess. "
    "To teach me: /learn followed by the facts, send me a document (Markdown, text, HTML, "
    "PDF or Word), or ask the operator to load it with `nudge kb add PATH`."
)
MODEL_FAILED = "(The language model didn't answer in time, so here are the best passages.)"
NOT_SAID = "The documents don't say."
INSTRUCTIONS = (
    "Answer the question using only the numbered passages given with it. Start with the "
    "sentence that answers, in the passages' own words where you can. Cite each passage you "
    "use as [1], [2] and so on, and only those. If the passages do not answer the question "
    "itself (for example they are about another place, product, person or date than the one "
    f'asked about), reply exactly "{NOT_SAID}" and nothing else; never invent facts. Be brief.'
)
NEARBY = 3
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


def extractive(hit: Hit, lead: str, note: str = "") -> Answer:
    """The sentences that answer, then their source; the whole passage is in `hits`."""
    body = " ".join((lead or hit.chunk.text).split())
    if len(body) > QUOTE_CHARS:
        body = body[: body.rfind(" ", 0, QUOTE_CHARS)] + " …"
    prefix = f"{note}\n\n" if note else ""
    return Answer(f"{prefix}{body} [1]", [hit], True)


def declined(support: Support, nearby: Sequence[Hit]) -> Answer:
    """Nothing answers: say so, name what was missing, and what the base has close by."""
    missing = support.missing or support.unknown
    about = " or ".join(f"“{t.surface}”" for t in missing) or "that"
    titles = list(dict.fromkeys(h.chunk.title.split(" › ")[0] for h in nearby))[:NEARBY]
    listed = ", ".join(f"“{t}”" for t in titles)
    text = f"I couldn't find anything about {about} in the knowledge base, so I won't guess." + (
        f" Nearby, I have: {listed}." if titles else ""
    )
    return Answer(text, [], False)


def from_model(text: str, hits: Sequence[Hit]) -> Answer:
    """A model's reply with only the passages it cited, renumbered; none when it declined."""
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", text)]
    used = [n for n in dict.fromkeys(cited) if 1 <= n <= len(hits)]
    if not used:
        said_nothing = NOT_SAID.rstrip(".").lower() in text.lower()
        return Answer(text, [], False) if said_nothing else Answer(text, list(hits[:1]), True)
    numbers = {old: new for new, old in enumerate(used, 1)}
    renumbered = re.sub(
        r"\[(\d+)\]",
        lambda m: f"[{numbers[int(m[1])]}]" if int(m[1]) in numbers else "",
        text,
    )
    return Answer(renumbered, [hits[n - 1] for n in used], True)


def render(answer: Answer) -> str:
    """The answer followed by its numbered sources, as sent in chat."""
    if not answer.hits:
        return answer.text
    sources = "\n".join(f"[{i}] {source_label(h)}" for i, h in enumerate(answer.hits, 1))
    return f"{answer.text}\n\nSources:\n{sources}"
