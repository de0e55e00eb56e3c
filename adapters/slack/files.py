"""Files people share with the bot on Slack: described by `files.info`, fetched from `url_private`.

Slack serves a file's bytes only with the bot token in the Authorization header; without it
the same URL answers 200 with a sign-in page, so an HTML answer for a file that is not HTML
counts as a failed download rather than as the document.
"""

from __future__ import annotations

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.convert import Payload
from bot.knowledge.extract import MAX_BYTES

TOO_BIG = "it is over 20 MB. Please share a smaller file (a PDF without images, or Markdown)."
NOT_FETCHED = "I couldn't download it from Slack. Please share it again."


class FileRefused(Exception):
    """A shared file that could not be fetched; the message says why, for the person."""


class SlackFiles:
    def __init__(self, client: AsyncWebClient, *, timeout: float = 30.0) -> None:
        self.client = client
        self.timeout = timeout

    async def fetch(self, shared: Payload) -> tuple[str, bytes]:
        """The file's name and bytes; raises `FileRefused` with the reason to tell."""
        file = await self._described(shared)
        name = str(file.get("name") or file.get("title") or "document")
        url = str(file.get("url_private_download") or file.get("url_private") or "")
        if int(file.get("size") or 0) > MAX_BYTES:
            raise FileRefused(TOO_BIG)
        if not url:
            raise FileRefused(NOT_FETCHED)
        return name, await self._download(url, str(file.get("filetype") or ""))

    async def _described(self, shared: Payload) -> Payload:
        """The event's file object, completed by `files.info` when Slack left parts out."""
        if shared.get("url_private") and shared.get("file_access") != "check_file_info":
            return shared
        try:
            found = await self.client.files_info(file=str(shared.get("id", "")))
        except SlackApiError as failure:
            raise FileRefused(NOT_FETCHED) from failure
        return dict(found.get("file") or {})

    async def _download(self, url: str, filetype: str) -> bytes:
        headers = {"Authorization": f"Bearer {self.client.token}"}
        try:
            async with (
                httpx.AsyncClient(timeout=self.timeout, follow_redirects=True) as http,
                http.stream("GET", url, headers=headers) as response,
            ):
                response.raise_for_status()
                kind = response.headers.get("content-type", "")
                if kind.startswith("text/html") and filetype not in ("html", "htm"):
                    raise FileRefused(NOT_FETCHED)  # Slack's sign-in page, not the file
                data = bytearray()
                async for part in response.aiter_bytes():
                    data += part
                    if len(data) > MAX_BYTES:
                        raise FileRefused(TOO_BIG)
                return bytes(data)
        except httpx.HTTPError as failure:
            raise FileRefused(NOT_FETCHED) from failure
