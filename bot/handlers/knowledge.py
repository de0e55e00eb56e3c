"""Questions answered from the knowledge base, `/learn`, and documents people send.

A question searches the global base, the asker's own scope and, in a group, the chat's;
nothing from anyone else's scope can reach the answer.
"""

from __future__ import annotations

import re

from bot import metrics
from bot.context import Context, Services
from bot.handlers.common import missing, number_in
from bot.knowledge.answering import render
from bot.knowledge.extract import IngestError
from bot.knowledge.models import (
    GLOBAL,
    DocumentKind,
    Stored,
    chat_scope,
    user_scope,
)
from bot.knowledge.service import content_hash
from bot.messages import ChatType, Incoming, Reply
from bot.models import User
from bot.nlu import Domain, Frame
from bot.registry import Registry

registry = Registry()

_LEARN_PREFIX = re.compile(r"^(?:please\s+)?learn(?:\s+that)?\s*[:,-]?\s*", re.I)


def scopes_for(msg: Incoming, user: User) -> list[str]:
    """Where a person's question may look: never into another person's scope."""
    scopes = [GLOBAL, user_scope(user.id)]
    if msg.chat_type is ChatType.GROUP:
        scopes.append(chat_scope(msg.channel, msg.chat_id))
    return scopes


def upload_scope(msg: Incoming, user: User) -> str:
    """A document sent in a group belongs to the group; in private, to its sender."""
    if msg.chat_type is ChatType.GROUP:
        return chat_scope(msg.channel, msg.chat_id)
    return user_scope(user.id)


def _learned(stored: Stored, name: str) -> str:
    doc = stored.document
    if stored.unchanged:
        return f"I already know {name} (document {doc.number}); nothing changed."
    verb = "Updated" if stored.removed_chunk_ids else "Learned"
    passages = "passage" if doc.chunk_count == 1 else "passages"
    return (
        f"{verb} “{doc.title}” from {name}: {doc.chunk_count} {passages} "
        f"(document {doc.number}). Ask me about it with /ask."
    )


async def ingest_upload(services: Services, msg: Incoming, filename: str, data: bytes) -> Reply:
    """Learn a document someone sent in chat; the reply names what was learned.

    For channel adapters: call it with the message the file came in (its channel, sender,
    chat and chat type) and the file's name and bytes. A bad file gets a clear refusal
    and stores nothing.
    """
    kb = services.knowledge
    settings = services.settings
    user = await services.store.users.resolve(
        msg.channel, msg.user_id, msg.chat_id, msg.display_name, settings.bot_timezone
    )
    name = filename.rsplit("/", 1)[-1] or "document"
    try:
        stored = await kb.add_file(upload_scope(msg, user), name, data)
    except IngestError as error:
        return Reply(f"I couldn't learn from that file: {error}")
    return Reply(_learned(stored, name))


async def answer_question(ctx: Context, question: str) -> Reply:
    kb = ctx.services.knowledge
    await kb.sync_notes(ctx.user.id)
    conversation = f"{ctx.user.id}:{ctx.msg.channel}:{ctx.msg.chat_id}"
    answer = await kb.answer(scopes_for(ctx.msg, ctx.user), question, conversation)
    metrics.KNOWLEDGE.labels("answered" if answer.found else "declined").inc()
    return Reply(render(answer))


@registry.frame(Domain.QUESTION)
async def question(ctx: Context, frame: Frame) -> Reply:
    return await answer_question(ctx, frame.slots.text or ctx.msg.text)


@registry.command("ask", "/ask QUESTION", "answer from your documents and notes")
async def ask(ctx: Context, text: str) -> Reply:
    if not text.strip():
        return Reply("What would you like to know? For example: /ask how do I book travel?")
    return await answer_question(ctx, text.strip())


@registry.command("learn", "/learn TEXT", "teach me a fact to answer from")
async def learn(ctx: Context, text: str) -> Reply:
    kb = ctx.services.knowledge
    body = _LEARN_PREFIX.sub("", text.strip(), count=1).strip()
    if not body:
        return Reply("What should I learn? For example: /learn The office wifi is Nudge-5G")
    title = " ".join(body.split()[:8])
    scope = upload_scope(ctx.msg, ctx.user)
    stored = await kb.add_text(
        scope,
        f"snippet:{content_hash(body)[:16]}",
        title if len(title) <= 60 else title[:57] + "…",
        body,
        DocumentKind.SNIPPET,
    )
    return Reply(f"Learned: “{body[:200]}” (document {stored.document.number}).")


@registry.command("docs", "/docs", "what I have learned from you")
async def list_documents(ctx: Context, _: str) -> Reply:
    kb = ctx.services.knowledge
    scope = upload_scope(ctx.msg, ctx.user)
    documents = [d for d in await kb.documents(scope) if d.kind is not DocumentKind.NOTE]
    if not documents:
        return Reply("I haven't learned anything here yet. Send a document or use /learn TEXT.")
    lines = [f"{d.number}. {d.title} ({d.chunk_count} passages)" for d in documents]
    return Reply("What I've learned here:\n" + "\n".join(lines))


@registry.command("deldoc", "/deldoc N", "forget learned document N")
async def delete_document(ctx: Context, text: str) -> Reply:
    kb = ctx.services.knowledge
    number = number_in(text)
    scope = upload_scope(ctx.msg, ctx.user)
    listed = {d.number for d in await kb.documents(scope) if d.kind is not DocumentKind.NOTE}
    # Notes join the base on their own and leave it with /delnote, so /docs shows none of them.
    document = await kb.remove(scope, number) if number in listed else None
    if document is None:
        return missing("document", number, "/docs", "/deldoc 2")
    return Reply(f"Forgot document {document.number}: {document.title}")
