"""Twilio's webhooks on the HTTP app; every request's signature is checked first.

The signature covers the public URL Twilio called (`PUBLIC_BASE_URL` + path + query) and the
form fields; a request that fails it gets 403 and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from adapters.http import Routes
from adapters.refusals import Refusals
from adapters.twilio_voice import GATHER_PATH, STATUS_PATH, VOICE_PATH, TwilioHooks, render
from bot.voice.escalation import Escalator

Form = dict[str, str]


def twilio_routes(
    escalator: Escalator,
    auth_token: str,
    public_base_url: str,
    refusals: Refusals | None = None,
) -> Routes:
    validator = RequestValidator(auth_token)
    hooks = TwilioHooks(public_base_url)
    refused = refusals or Refusals()

    def signed(
        handle: Callable[[int, Form], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            path = request.url.path
            try:
                text = (await request.body()).decode()
            except UnicodeDecodeError:
                return refused.refuse(path, "not utf-8", 400)
            form = dict(parse_qsl(text, keep_blank_values=True))
            query = f"?{request.url.query}" if request.url.query else ""
            url = f"{hooks.base}{path}{query}"
            signature = request.headers.get("X-Twilio-Signature", "")
            if not signature or not validator.validate(url, form, signature):
                return refused.refuse(path, "invalid signature", 403)
            call = request.query_params.get("call", "")
            if not (call.isascii() and call.isdigit() and len(call) <= 18):
                return refused.refuse(path, "unknown call", 404)
            return await handle(int(call), form)

        return endpoint

    async def voice(call_id: int, form: Form) -> Response:
        spoken = await escalator.answered(call_id, form.get("AnsweredBy"))
        return _twiml(render(spoken, hooks.gather(call_id)))

    async def gather(call_id: int, form: Form) -> Response:
        spoken = await escalator.pressed(call_id, form.get("Digits", ""))
        return _twiml(render(spoken, hooks.gather(call_id)))

    async def status(call_id: int, form: Form) -> Response:
        await escalator.status(call_id, form.get("CallStatus", ""), form.get("AnsweredBy"))
        return Response(status_code=204)

    return [
        Route(VOICE_PATH, signed(voice), methods=["POST"]),
        Route(GATHER_PATH, signed(gather), methods=["POST"]),
        Route(STATUS_PATH, signed(status), methods=["POST"]),
    ]


def _twiml(xml: str) -> Response:
    return Response(xml, media_type="application/xml")
