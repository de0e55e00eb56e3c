"""Checking a request to `/slack/events` before Bolt sees it.

Slack signs every request (v0: HMAC-SHA256 of ``v0:timestamp:body``). Bolt parses the body
before it checks the signature, so junk from anyone would raise inside it; here the
signature is checked on the raw bytes first, then the body must be text Bolt can parse.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping

from slack_bolt.request.internals import parse_body

# Slack's own rule: a request more than five minutes old may be a replay.
MAX_AGE_SECONDS = 5 * 60


def unsigned(secret: str, body: bytes, headers: Mapping[str, str], now: float) -> str | None:
    """Why the request is not Slack's (a short reason), or None when its signature holds."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not (timestamp.isascii() and timestamp.isdigit()) or not signature:
        return "unsigned"
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return "stale"
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    # Header values arrive decoded as latin-1; compared as bytes, any character is safe.
    if not hmac.compare_digest(expected.encode(), signature.encode("latin-1", "replace")):
        return "bad signature"
    return None


def unreadable(body: bytes, content_type: str | None) -> str | None:
    """Why Bolt could not read a signed body, or None when it can."""
    try:
        kind = content_type.split(";")[0] if content_type else None
        parsed = parse_body(body.decode("utf-8"), kind)
    except UnicodeDecodeError:
        return "not utf-8"
    except json.JSONDecodeError:
        return "malformed json"
    if not isinstance(parsed, dict):
        return "not an object"
    return None
