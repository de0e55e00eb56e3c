"""The admins' dashboard: `GET /admin`, and the forms that add and remove knowledge documents.

It opens in a web session (the one sign-in of the web chat: `/admin` in a chat answers admins
with a link that lands here) whose person has an identity in `BOT_ADMINS`, asked again on
every request. Anyone else gets a page that says why, and no figures. Every form carries the
session's CSRF token in a hidden field, checked like the chat page's header.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Message

from adapters.web.charts import Chart, Item, Part, columns, rows
from adapters.web.common import BadRequest, Visitor, WebCore, read_body
from adapters.web.pages import SECURITY_HEADERS, render
from bot.dashboard import WINDOW, Dashboard, gather, is_admin_person
from bot.handlers.web import ADMIN_PATH
from bot.knowledge.extract import MAX_BYTES, IngestError
from bot.knowledge.models import GLOBAL, DocumentKind, Stored
from bot.overview import CLARIFIED

# The largest file the knowledge base reads, and room for the form around it.
MAX_FORM_BYTES = MAX_BYTES + 64 * 1024

AdminEndpoint = Callable[[Request, Visitor, FormData], Awaitable[Response]]


async def read_form(request: Request) -> FormData:
    """The posted form (URL-encoded or multipart), its size bounded before it is parsed."""
    body = await read_body(request, MAX_FORM_BYTES)

    async def replay() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        return await Request(request.scope, replay).form(
            max_files=1, max_fields=8, max_part_size=MAX_BYTES
        )
    except HTTPException as refused:
        raise BadRequest(400, str(refused.detail)) from None


def duration(seconds: float | None) -> str:
    """A lateness in words fit for a glance: "0.4 s", "12 s", "3 min 5 s", "2 h 10 min"."""
    if seconds is None:
        return "–"
    seconds = max(seconds, 0.0)
    if seconds < 10:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"


def charts(board: Dashboard) -> dict[str, Chart]:
    """The dashboard's figures that read better as bars."""
    people = rows(
        "People per channel",
        [Part("reachable", "reachable"), Part("unreachable", "no longer reachable")],
        [
            Item(
                c.channel,
                f"{c.channel}: {c.people} {'person' if c.people == 1 else 'people'}, "
                f"{c.reachable} reachable",
                (c.reachable, c.people - c.reachable),
            )
            for c in board.people.channels
        ],
    )
    days = columns(
        "Messages per day",
        [Part("said", "from people"), Part("answered", "answers")],
        [
            Item(
                f"{d.day:%a}\n{d.day.day}",
                f"{d.day:%a} {d.day.day} {d.day:%b}: {d.said} from people, {d.answered} answered",
                (d.said, d.answered),
            )
            for d in board.days
        ],
    )
    outcomes = [
        ("under way" if outcome is None else outcome.replace("_", " "), count)
        for outcome, count in board.calls.items()
    ]
    calls = rows(
        f"Phone calls by outcome, last {WINDOW.days} days",
        [Part("calls", "calls")],
        [Item(words, f"{words}: {count}", (count,)) for words, count in outcomes],
    )
    per_label: dict[str, list[int]] = {}
    for count in board.phrases.counts:
        per_label.setdefault(count.label, [0, 0])[count.source == CLARIFIED] += count.count
    phrases = rows(
        "Training phrases per label",
        [Part("taught", "taught by admins"), Part("picked", "picked in “did you mean…?”")],
        [
            Item(label, f"{label}: {taught} taught, {picked} picked", (taught, picked))
            for label, (taught, picked) in per_label.items()
        ],
    )
    return {"people": people, "days": days, "calls": calls, "phrases": phrases}


def admin_routes(web: WebCore) -> list[BaseRoute]:
    services = web.services
    kb = services.knowledge
    name = services.settings.bot_name

    def refused(status: int, why: str) -> Response:
        return render("admin_refused.html", status, name=name, why=why)

    def admins_only(endpoint: AdminEndpoint) -> Callable[[Request], Awaitable[Response]]:
        """A live session of an admin, and on POST a form with its CSRF token."""

        async def guarded(request: Request) -> Response:
            visitor = await web.visitor(request)
            if visitor is None:
                return refused(401, "signed out")
            if not await is_admin_person(services.store, services.settings, visitor.user.id):
                return refused(403, "not an admin")
            if request.method != "POST":
                return await endpoint(request, visitor, FormData())
            try:
                form = await read_form(request)
            except BadRequest as bad:
                return refused(bad.status, bad.reason)
            try:
                if not web.csrf_ok(visitor, str(form.get("csrf", ""))):
                    return refused(403, "stale form")
                return await endpoint(request, visitor, form)
            finally:
                await form.close()

        return guarded

    async def page(
        visitor: Visitor,
        *,
        added: str = "",
        removed: str = "",
        error: str = "",
        status: int = 200,
    ) -> Response:
        tz = ZoneInfo(visitor.user.timezone)
        board = await gather(services, tz)
        notice = f"Removed document {removed}." if removed.isdigit() else ""
        learned = next((d for d in board.documents if str(d.number) == added), None)
        if learned is not None:
            passages = "passage" if learned.chunk_count == 1 else "passages"
            notice = (
                f"Learned document {learned.number}, “{learned.title}”: "
                f"{learned.chunk_count} {passages}."
            )

        def when(at: datetime) -> str:
            return f"{at.astimezone(tz):%Y-%m-%d %H:%M}"

        return render(
            "admin.html",
            status,
            name=name,
            person=visitor.user.display_name,
            csrf=web.sessions.csrf(visitor.cookie),
            board=board,
            zone=visitor.user.timezone,
            charts=charts(board),
            window=WINDOW.days,
            duration=duration,
            when=when,
            notice=notice,
            error=error,
            max_mb=MAX_BYTES // 1_048_576,
            clarified=CLARIFIED,
        )

    async def dashboard(request: Request, visitor: Visitor, _: FormData) -> Response:
        query = request.query_params
        return await page(visitor, added=query.get("added", ""), removed=query.get("removed", ""))

    async def add_document(request: Request, visitor: Visitor, form: FormData) -> Response:
        upload = form.get("file")
        title = str(form.get("title", "")).strip()[:200]
        text = str(form.get("text", "")).strip()
        stored: Stored
        try:
            if isinstance(upload, UploadFile) and upload.filename:
                filename = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][-200:]
                stored = await kb.add_file(GLOBAL, filename, await upload.read())
            elif text:
                title = title or " ".join(text.split()[:8])[:200]
                # The same title again replaces the text kept under it.
                stored = await kb.add_text(
                    GLOBAL, f"text:{title}", title, text, DocumentKind.SNIPPET
                )
            else:
                return await page(visitor, error="Choose a file, or write a text.", status=400)
        except IngestError as error:
            return await page(visitor, error=f"Nothing was learned: {error}", status=400)
        return RedirectResponse(
            f"{ADMIN_PATH}?added={stored.document.number}", 303, headers=SECURITY_HEADERS
        )

    async def remove_document(request: Request, visitor: Visitor, form: FormData) -> Response:
        number = str(form.get("number", ""))
        removed = await kb.remove(GLOBAL, int(number)) if number.isdigit() else None
        if removed is None:
            return await page(visitor, error=f"There is no document {number}.", status=404)
        return RedirectResponse(
            f"{ADMIN_PATH}?removed={removed.number}", 303, headers=SECURITY_HEADERS
        )

    return [
        Route(ADMIN_PATH, admins_only(dashboard), methods=["GET"]),
        Route(f"{ADMIN_PATH}/documents", admins_only(add_document), methods=["POST"]),
        Route(f"{ADMIN_PATH}/documents/remove", admins_only(remove_document), methods=["POST"]),
    ]
