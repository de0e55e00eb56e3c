"""A fake OpenAI-compatible API: chat completions, embeddings and audio transcriptions.

Embeddings are a hashed bag of words, so texts that share words are close, the same text
always gets the same vector, and no model is needed. `mode` makes chat fail ("error")
or hang until the server stops ("hang"), and `embeddings_down` makes embeddings fail, to
test fallbacks.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from array import array
from typing import Any

from tests.fakes.loopback import LoopbackServer

DIMENSIONS = 256


def hashed_embedding(text: str, dimensions: int = DIMENSIONS) -> list[float]:
    vector = [0.0] * dimensions
    for word in re.findall(r"\w+", text.lower()):
        digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
        slot = int.from_bytes(digest, "little")
        vector[slot % dimensions] += 1.0 if slot & 1 << 31 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


class FakeOpenAI(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(
            {
                "/v1/chat/completions": self._chat,
                "/v1/embeddings": self._embeddings,
                "/v1/audio/transcriptions": self._transcription,
            }
        )
        self.mode = "ok"
        self.embeddings_down = False
        self.reply = "The answer, from the passages [1]."
        self.transcript = "remind me to call mom tomorrow at 9"

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def chat_requests(self) -> list[dict[str, Any]]:
        return [body for path, body in self.requests if path == "/v1/chat/completions"]

    def _chat(self, body: dict[str, Any], _: bytes) -> tuple[int, Any]:
        if self.mode == "error":
            return 500, {"error": {"message": "the model is down", "type": "server_error"}}
        if self.mode == "hang":
            self.released.wait(timeout=30)
            return 500, {"error": {"message": "released"}}
        return 200, {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.reply},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    def _embeddings(self, body: dict[str, Any], _: bytes) -> tuple[int, Any]:
        if self.embeddings_down:
            return 503, {"error": {"message": "overloaded", "type": "server_error"}}
        inputs = body.get("input", [])
        texts = [inputs] if isinstance(inputs, str) else list(inputs)
        data = []
        for i, text in enumerate(texts):
            vector = hashed_embedding(str(text))
            encoded: Any = vector
            if body.get("encoding_format") == "base64":
                encoded = base64.b64encode(array("f", vector).tobytes()).decode()
            data.append({"object": "embedding", "index": i, "embedding": encoded})
        return 200, {
            "object": "list",
            "data": data,
            "model": body.get("model", "fake"),
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        }

    def _transcription(self, _: dict[str, Any], raw: bytes) -> tuple[int, Any]:
        if b"audio" not in raw and b"file" not in raw:
            return 400, {"error": {"message": "no file"}}
        return 200, {"text": self.transcript}
