"""Speech to text for voice notes, through any OpenAI-compatible transcription endpoint."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openai import AsyncOpenAI


class OpenAITranscriber:
    """Whisper through the OpenAI SDK; the SDK is imported on first use to keep start-up fast."""

    def __init__(self, api_key: str, base_url: str = "", model: str = "whisper-1") -> None:
        self._api_key = api_key
        self._base_url = base_url or None
        self.model = model
        self._client: AsyncOpenAI | None = None

    async def transcribe(self, audio: bytes, filename: str) -> str:
        if self._client is None:
            from openai import AsyncOpenAI

            self._client = AsyncOpenAI(api_key=self._api_key, base_url=self._base_url)
        result = await self._client.audio.transcriptions.create(
            model=self.model, file=(filename, audio)
        )
        return result.text.strip()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
