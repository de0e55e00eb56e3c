"""E-mail addresses as people type them, and the SMTP server as SMTP_URL names it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

MAX_ADDRESS = 254
# Deliberately plain: one @, no spaces, a dotted domain. What a person means, not all of RFC 5322.
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
DEFAULT_PORTS = {"smtp": 587, "smtps": 465}


def clean_address(text: str) -> str | None:
    """A plain address ('you@example.com', also typed as '<you@example.com>'), or None."""
    address = text.strip().strip("<>").strip()
    if len(address) > MAX_ADDRESS or not _ADDRESS.match(address):
        return None
    local, _, domain = address.partition("@")
    if ".." in address or local.startswith(".") or local.endswith("."):
        return None
    if any(label.startswith("-") or label.endswith("-") for label in domain.split(".")):
        return None
    return f"{local}@{domain.lower()}"


def sender_address(mail_from: str) -> str | None:
    """The address in MAIL_FROM ('Nudge <nudge@example.org>' or just the address)."""
    _, address = parseaddr(mail_from)
    return clean_address(address) if address else None


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    # smtps://: TLS from the first byte; smtp:// upgrades with STARTTLS when offered.
    tls: bool
    username: str = ""
    password: str = ""


def smtp_server(url: str) -> SmtpServer:
    """SMTP_URL read; ValueError says what is wrong with it."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS:
        raise ValueError("it must start with smtp:// or smtps://")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise ValueError("its port must be a number from 1 to 65535") from None
    if not parts.hostname:
        raise ValueError("it names no host, like smtp://user:pass@mail.example.org:587")
    if parts.password is not None and not parts.username:
        raise ValueError("it has a password but no user name")
    return SmtpServer(
        parts.hostname,
        port,
        parts.scheme == "smtps",
        unquote(parts.username or ""),
        unquote(parts.password or ""),
    )
