"""Chat answers, embeddings and transcription from any OpenAI-compatible endpoint.

The SDK is imported on the first request, so start-up stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openai import AsyncOpenAI

CHAT_TIMEOUT = 30.0
EMBED_TIMEOUT = 60.0
TRANSCRIBE_TIMEOUT = 60.0
RETRIES = 2


class _OpenAIService:
    """One lazily made SDK client per service: importing openai costs half a second."""

    timeout: float = CHAT_TIMEOUT

    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str = "",
        timeout: float | None = None,
        retries: int = RETRIES,
    ) -> None:
        self.model = model
        self._options = (api_key, base_url, timeout or self.timeout, retries)
        self._made: AsyncOpenAI | None = None

    @property
    def _client(self) -> AsyncOpenAI:
        if self._made is None:
            from openai import AsyncOpenAI

            api_key, base_url, timeout, retries = self._options
            self._made = AsyncOpenAI(
                api_key=api_key or "unused",
                base_url=base_url or None,
                timeout=timeout,
                max_retries=retries,
            )
        return self._made

    async def close(self) -> None:
        if self._made is not None:
            await self._made.close()


class OpenAIChatModel(_OpenAIService):
    async def complete(self, messages: Sequence[dict[str, str]]) -> str:
        sent: Any = list(messages)
        response = await self._client.chat.completions.create(
            model=self.model, messages=sent, temperature=0.1
        )
        return response.choices[0].message.content or ""


class OpenAIEmbedder(_OpenAIService):
    """Embeddings in batches; the SDK retries rate limits and server errors with backoff."""

    timeout = EMBED_TIMEOUT
    # OpenAI's embedding models score unrelated English text around 0.1-0.25.
    relevance_floor = 0.35

    @property
    def name(self) -> str:
        return f"openai:{self.model}"

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        response = await self._client.embeddings.create(model=self.model, input=list(texts))
        ordered = sorted(response.data, key=lambda item: item.index)
        return [list(item.embedding) for item in ordered]


class OpenAITranscriber(_OpenAIService):
    """Speech to text for voice notes, through any whisper-compatible endpoint."""

    timeout = TRANSCRIBE_TIMEOUT

    async def transcribe(self, audio: bytes, filename: str) -> str:
        result = await self._client.audio.transcriptions.create(
            model=self.model, file=(filename, audio)
        )
        return result.text.strip()
