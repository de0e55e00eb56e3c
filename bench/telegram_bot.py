"""The bot side of `bench.telegram`, in its own process as in production.

Run by the benchmark: python -m bench.telegram_bot FOLDER API_URL PORT [DATABASE_URL]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from adapters.http import create_app, serve
from adapters.telegram import Options, start_telegram
from bench.core import bench_core
from bot.logs import configure_logs

SECRET = "bench-secret"
WEBHOOK_URL = "https://bot.example.org/telegram/webhook"


async def main(folder: Path, api_url: str, port: int, database_url: str) -> None:
    _, core = await bench_core(
        folder,
        database_url,
        telegram_bot_token="123456:TEST-token",
        telegram_api_base_url=api_url,
    )
    # Flood limits off: this measures our side, not Telegram's 30 messages/s.
    options = Options(webhook_url=WEBHOOK_URL, webhook_secret=SECRET, rate_limited=False)
    bot = await start_telegram(core, core.services.settings, options)
    try:
        await serve(create_app(bot.routes), "127.0.0.1", port)
    finally:
        await bot.stop()
        await core.close()


if __name__ == "__main__":
    configure_logs("WARNING")
    folder, api_url, port = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    asyncio.run(main(folder, api_url, port, sys.argv[4] if len(sys.argv) > 4 else ""))
