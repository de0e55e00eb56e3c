"""The floor of `bench.telegram`: python-telegram-bot's own echo bot, with nothing of ours.

The same HTTP server and webhook route, the same Application settings; each update's text is
sent straight back with `reply_text`. No inbox, no dispatcher, no database: what the library
and the server cost by themselves, so our figures can be read as a share of it.

Run by the benchmark: python -m bench.telegram_floor API_URL PORT
"""

from __future__ import annotations

import asyncio
import sys

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from adapters.http import create_app, serve
from adapters.telegram.app import WEBHOOK_PATH, file_url

TOKEN = "123456:TEST-token"
CONCURRENCY = 8  # as `adapters.telegram.Options`


async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


async def main(api_url: str, port: int) -> None:
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(api_url)
        .base_file_url(file_url(api_url))
        .concurrent_updates(CONCURRENCY)
        .connection_pool_size(CONCURRENCY * 2)
        .job_queue(None)
        .updater(None)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))

    async def webhook(request: Request) -> Response:
        await application.update_queue.put(Update.de_json(await request.json(), application.bot))
        return Response()

    async with application:
        await application.start()
        try:
            await serve(
                create_app([Route(WEBHOOK_PATH, webhook, methods=["POST"])]), "127.0.0.1", port
            )
        finally:
            await application.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
