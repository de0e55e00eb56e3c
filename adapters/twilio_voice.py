"""Twilio as the voice provider: calls and verification texts through the twilio SDK.

`TWILIO_API_BASE_URL` replaces the API host through the SDK's own HTTP client, so a
Twilio-compatible provider (or the fake server of the tests) gets the very same requests.
"""

from __future__ import annotations

import base64
from typing import Any

from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from twilio.twiml.voice_response import Gather, VoiceResponse

from bot.voice import speech
from bot.voice.escalation import Spoken
from bot.voice.models import CallRequest

TWILIO_API = "https://api.twilio.com"
VOICE_PATH, GATHER_PATH, STATUS_PATH = "/twilio/voice", "/twilio/gather", "/twilio/status"
# Progress reports as well as the final one, so a call's record shows how far it got.
STATUS_EVENTS = ["initiated", "ringing", "answered", "completed"]
GATHER_TIMEOUT_SECONDS = 6


class BaseUrlHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]
    """The SDK's async HTTP client, sending to `base_url` instead of Twilio's API host."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 (the SDK's signature)
        allow_redirects: bool = False,
    ) -> Response:
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        # Repeated form fields (StatusCallbackEvent) go as pairs; aiohttp rejects list values.
        pairs = None
        if data is not None:
            pairs = [
                (key, str(item))
                for key, value in data.items()
                for item in (value if isinstance(value, list) else [value])
            ]
        # Credentials go as a header: aiohttp deprecates the BasicAuth object the SDK builds.
        headers = dict(headers or {})
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return await super().request(
            method, url, params, pairs, headers, None, timeout, allow_redirects
        )


class TwilioHooks:
    """Our webhook addresses, as Twilio must call (and sign) them."""

    def __init__(self, public_base_url: str) -> None:
        self.base = public_base_url.rstrip("/")

    def voice(self, call_id: int) -> str:
        return f"{self.base}{VOICE_PATH}?call={call_id}"

    def gather(self, call_id: int) -> str:
        return f"{self.base}{GATHER_PATH}?call={call_id}"

    def status(self, call_id: int) -> str:
        return f"{self.base}{STATUS_PATH}?call={call_id}"


class TwilioVoice:
    """The `VoiceProvider` on Twilio. Build it inside the running event loop."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        public_base_url: str,
        api_base_url: str = TWILIO_API,
    ) -> None:
        self.from_number = from_number
        self.hooks = TwilioHooks(public_base_url)
        self._http = BaseUrlHttpClient(api_base_url, timeout=15)
        self._client = Client(account_sid, auth_token, http_client=self._http)

    async def call(self, request: CallRequest) -> str:
        # The spoken words are served by the voice webhook, which also learns whether a
        # person or a machine answered (machine detection); `request.text` is stored there.
        call = await self._client.calls.create_async(
            to=request.to,
            from_=self.from_number,
            url=self.hooks.voice(request.call_id),
            method="POST",
            status_callback=self.hooks.status(request.call_id),
            status_callback_event=STATUS_EVENTS,
            status_callback_method="POST",
            machine_detection="Enable",
        )
        return str(call.sid)

    async def status(self, provider_id: str) -> str:
        call = await self._client.calls(provider_id).fetch_async()
        return str(call.status)

    async def send_code(self, to: str, code: str) -> None:
        await self._client.messages.create_async(to=to, from_=self.from_number, body=code)

    async def close(self) -> None:
        await self._http.close()


def render(spoken: Spoken, gather_url: str) -> str:
    """TwiML for what the call says next; with the menu, no key repeats it once, then hangs up."""
    response = VoiceResponse()
    if spoken.menu:
        for _ in range(2):
            gather = Gather(
                num_digits=1, action=gather_url, method="POST", timeout=GATHER_TIMEOUT_SECONDS
            )
            gather.say(spoken.text)
            gather.say(speech.PROMPT)
            response.append(gather)
        response.say(speech.GOODBYE)
    else:
        response.say(spoken.text)
    response.hangup()
    return str(response)
