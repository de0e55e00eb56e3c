"""A fake Pinecone data plane: upsert, query (namespace, metadata filter) and delete."""

from __future__ import annotations

import math
from typing import Any

from tests.fakes.loopback import LoopbackServer


def matches(metadata: dict[str, Any], condition: dict[str, Any]) -> bool:
    """Pinecone's filter language, the part the bot uses: equality, $eq, $ne, $in, $and."""
    for key, expected in condition.items():
        if key == "$and":
            if not all(matches(metadata, c) for c in expected):
                return False
            continue
        value = metadata.get(key)
        if isinstance(expected, dict):
            for op, operand in expected.items():
                ok = {
                    "$eq": value == operand,
                    "$ne": value != operand,
                    "$in": value in operand if isinstance(operand, list) else False,
                }.get(op, False)
                if not ok:
                    return False
        elif value != expected:
            return False
    return True


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return dot / norm if norm else 0.0


class FakePinecone(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(
            {
                "/vectors/upsert": self._upsert,
                "/query": self._query,
                "/vectors/delete": self._delete,
            }
        )
        self.namespaces: dict[str, dict[str, dict[str, Any]]] = {}
        self.fail_upserts = False

    def _upsert(self, body: dict[str, Any], _: bytes) -> tuple[int, Any]:
        if self.fail_upserts:
            return 500, {"code": 13, "message": "internal error"}
        space = self.namespaces.setdefault(body.get("namespace", ""), {})
        for vector in body["vectors"]:
            space[vector["id"]] = vector
        return 200, {"upsertedCount": len(body["vectors"])}

    def _query(self, body: dict[str, Any], _: bytes) -> tuple[int, Any]:
        space = self.namespaces.get(body.get("namespace", ""), {})
        condition = body.get("filter") or {}
        scored = [
            (cosine(body["vector"], v["values"]), v)
            for v in space.values()
            if matches(v.get("metadata", {}), condition)
        ]
        scored.sort(key=lambda item: -item[0])
        found = [
            {"id": v["id"], "score": score, "values": [], "metadata": v.get("metadata")}
            for score, v in scored[: body["topK"]]
        ]
        return 200, {"matches": found, "namespace": body.get("namespace", "")}

    def _delete(self, body: dict[str, Any], _: bytes) -> tuple[int, Any]:
        space = self.namespaces.get(body.get("namespace", ""), {})
        for vector_id in body.get("ids", []):
            space.pop(vector_id, None)
        return 200, {}
