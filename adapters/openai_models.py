"""Chat answers and embeddings from any OpenAI-compatible endpoint, through the openai SDK.

The SDK is imported on the first request, so start-up stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openai import AsyncOpenAI

CHAT_TIMEOUT = 30.0
EMBED_TIMEOUT = 60.0
RETRIES = 2


def _client(api_key: str, base_url: str, timeout: float, retries: int) -> AsyncOpenAI:
    from openai import AsyncOpenAI

    return AsyncOpenAI(
        api_key=api_key or "unused",
        base_url=base_url or None,
        timeout=timeout,
        max_retries=retries,
    )


class OpenAIChatModel:
    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str = "",
        timeout: float = CHAT_TIMEOUT,
        retries: int = RETRIES,
    ) -> None:
        self.model = model
        self._options = (api_key, base_url, timeout, retries)
        self._made: AsyncOpenAI | None = None

    @property
    def _client(self) -> AsyncOpenAI:
        if self._made is None:
            self._made = _client(*self._options)
        return self._made

    async def complete(self, messages: Sequence[dict[str, str]]) -> str:
        sent: Any = list(messages)
        response = await self._client.chat.completions.create(
            model=self.model, messages=sent, temperature=0.1
        )
        return response.choices[0].message.content or ""


class OpenAIEmbedder:
    """Embeddings in batches; the SDK retries rate limits and server errors with backoff."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str = "",
        timeout: float = EMBED_TIMEOUT,
        retries: int = RETRIES,
    ) -> None:
        self.model = model
        self._options = (api_key, base_url, timeout, retries)
        self._made: AsyncOpenAI | None = None

    @property
    def _client(self) -> AsyncOpenAI:
        if self._made is None:
            self._made = _client(*self._options)
        return self._made

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        response = await self._client.embeddings.create(model=self.model, input=list(texts))
        ordered = sorted(response.data, key=lambda item: item.index)
        return [list(item.embedding) for item in ordered]
