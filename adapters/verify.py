"""Ask each configured platform whether it accepts our token.

The answers never contain a token: a URL with the Telegram token in it is named by its host.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from bot.checks import Verdict
from bot.config import Settings

TIMEOUT_SECONDS = 10.0
# Slack's errors that mean the token itself is no good (others say nothing about it).
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
    }
)


async def verify_tokens(settings: Settings) -> list[str]:
    """Telegram's getMe and Slack's auth.test, for the tokens that are set: one line per refusal."""
    checks = []
    if settings.telegram_bot_token:
        checks.append(telegram_verdict(settings.telegram_api_base_url, settings.telegram_bot_token))
    if settings.slack_bot_token:
        checks.append(slack_verdict(settings.slack_api_url, settings.slack_bot_token))
    verdicts = await asyncio.gather(*checks)
    return [verdict.problem for verdict in verdicts if verdict.problem]


async def telegram_verdict(base_url: str, token: str) -> Verdict:
    """What Telegram's getMe says of the token; when accepted, the bot's @username."""
    import httpx  # only for a configured platform: start-up without one never loads it

    host = urlsplit(base_url).netloc
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
            answer = await http.get(f"{base_url}{token}/getMe")
    except httpx.HTTPError as error:
        return Verdict(f"TELEGRAM_API_BASE_URL: cannot reach {host} ({type(error).__name__})")
    if answer.status_code in (401, 404):
        return Verdict(
            f"TELEGRAM_BOT_TOKEN was refused by {host} (HTTP {answer.status_code}); check it",
            refused=True,
        )
    if answer.status_code != 200:
        return Verdict(
            f"TELEGRAM_API_BASE_URL: {host} answered getMe with HTTP {answer.status_code}"
        )
    try:
        username = str(answer.json()["result"]["username"])
    except (ValueError, KeyError, TypeError):
        return Verdict()
    return Verdict(name=f"@{username}")


async def slack_verdict(api_url: str, token: str) -> Verdict:
    """What Slack's auth.test says of the token; when accepted, the bot's name and workspace."""
    import httpx

    host = urlsplit(api_url).netloc
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
            answer = await http.post(
                f"{api_url.rstrip('/')}/auth.test", headers={"Authorization": f"Bearer {token}"}
            )
        body = answer.json()
    except httpx.HTTPError as error:
        return Verdict(f"SLACK_API_URL: cannot reach {host} ({type(error).__name__})")
    except ValueError:
        return Verdict(f"SLACK_API_URL: {host} did not answer auth.test with JSON")
    if not body.get("ok"):
        reason = body.get("error", "no reason given")
        refused = reason in TOKEN_ERRORS
        return Verdict(f"SLACK_BOT_TOKEN was refused by {host} ({reason})", refused=refused)
    workspace = body.get("team") or body.get("team_id")
    name = str(body.get("user", ""))
    return Verdict(name=f"{name} in {workspace}" if name and workspace else name)
