"""Ask each configured platform whether it accepts our token: one line per refusal.

The lines never contain a token: a URL with the Telegram token in it is named by its host.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from bot.config import Settings

TIMEOUT_SECONDS = 10.0


async def verify_tokens(settings: Settings) -> list[str]:
    """Telegram's getMe and Slack's auth.test, for the tokens that are set."""
    checks = []
    if settings.telegram_bot_token:
        checks.append(_telegram(settings.telegram_api_base_url, settings.telegram_bot_token))
    if settings.slack_bot_token:
        checks.append(_slack(settings.slack_api_url, settings.slack_bot_token))
    found = await asyncio.gather(*checks)
    return [line for line in found if line]


async def _telegram(base_url: str, token: str) -> str | None:
    import httpx  # only for a configured platform: start-up without one never loads it

    host = urlsplit(base_url).netloc
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
            answer = await http.get(f"{base_url}{token}/getMe")
    except httpx.HTTPError as error:
        return f"TELEGRAM_API_BASE_URL: cannot reach {host} ({type(error).__name__})"
    if answer.status_code in (401, 404):
        return f"TELEGRAM_BOT_TOKEN was refused by {host} (HTTP {answer.status_code}); check it"
    if answer.status_code != 200:
        return f"TELEGRAM_API_BASE_URL: {host} answered getMe with HTTP {answer.status_code}"
    return None


async def _slack(api_url: str, token: str) -> str | None:
    import httpx

    host = urlsplit(api_url).netloc
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as http:
            answer = await http.post(
                f"{api_url.rstrip('/')}/auth.test", headers={"Authorization": f"Bearer {token}"}
            )
        body = answer.json()
    except httpx.HTTPError as error:
        return f"SLACK_API_URL: cannot reach {host} ({type(error).__name__})"
    except ValueError:
        return f"SLACK_API_URL: {host} did not answer auth.test with JSON"
    if not body.get("ok"):
        return f"SLACK_BOT_TOKEN was refused by {host} ({body.get('error', 'no reason given')})"
    return None
