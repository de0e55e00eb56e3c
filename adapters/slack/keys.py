"""The id Slack gives each piece of work, under which the inbox keeps it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from slack_bolt.request.internals import parse_body


def inbox_key(body: bytes, content_type: str | None) -> str | None:
    """`command:`, `event:` or `action:` and Slack's id for it; None for what is not work.

    A signed, readable body is assumed (see `signing`). Slack's checks (`url_verification`,
    `ssl_check`) are not work and are not kept. Without its id, the body's digest stands in.
    """
    kind = content_type.split(";")[0] if content_type else None
    return _work_key(parse_body(body.decode("utf-8"), kind), body)


def envelope_key(payload: dict[str, Any]) -> str | None:
    """The same key for a Socket Mode envelope's payload, which is the parsed body."""
    return _work_key(payload, json.dumps(payload, sort_keys=True).encode())


def _work_key(parsed: dict[str, Any], body: bytes) -> str | None:
    if "command" in parsed:
        return _key("command", parsed.get("trigger_id"), body)
    if parsed.get("type") == "event_callback":
        return _key("event", parsed.get("event_id"), body)
    if parsed.get("type") in ("block_actions", "interactive_message"):
        return _key("action", parsed.get("trigger_id"), body)
    return None


def _key(kind: str, platform_id: object, body: bytes) -> str:
    if isinstance(platform_id, str) and platform_id:
        return f"{kind}:{platform_id[:200]}"
    return f"{kind}:{hashlib.sha256(body).hexdigest()}"
