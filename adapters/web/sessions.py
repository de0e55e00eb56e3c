"""Signed session cookies for the web chat, and the CSRF token bound to each.

The cookie holds the person's web identity and when the session ends, signed with the bot's
secret; nothing is stored server-side, so every replica accepts it. The CSRF token is a MAC
of the cookie: a page of another site can send the cookie but cannot know the token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta

COOKIE = "nudge_session"
LIFETIME = timedelta(days=30)


class Sessions:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self._secret, f"{purpose}|{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def issue(self, external_id: str, now: datetime) -> str:
        body = f"{external_id}.{int((now + LIFETIME).timestamp())}"
        return f"{body}.{self._mac('session', body)}"

    def open(self, cookie: str, now: datetime) -> str | None:
        """The web identity a live, untouched cookie names; None otherwise."""
        body, _, mac = cookie.rpartition(".")
        external_id, _, expires = body.partition(".")
        if not (external_id and expires.isdigit()):
            return None
        if not hmac.compare_digest(mac.encode(), self._mac("session", body).encode()):
            return None
        if int(expires) <= now.timestamp():
            return None
        return external_id

    def csrf(self, cookie: str) -> str:
        return self._mac("csrf", cookie)

    def csrf_ok(self, cookie: str, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.csrf(cookie).encode())
