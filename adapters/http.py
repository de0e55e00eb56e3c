"""The one HTTP app: health, metrics, and the webhook routes each platform adapter adds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager

import structlog
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

App = Starlette
Routes = list[BaseRoute]
# What keeps the bot from serving: one line per problem, none when ready.
Readiness = Callable[[], Awaitable[list[str]]]
# Brings the gauges measured at scrape time up to date.
Gauges = Callable[[], Awaitable[None]]

log = structlog.get_logger(__name__)


async def healthz(_: Request) -> Response:
    """The process is alive and its event loop answers; nothing else is asked."""
    return JSONResponse({"status": "ok"})


def create_app(
    routes: Sequence[BaseRoute] = (),
    *,
    readiness: Readiness | None = None,
    gauges: Gauges | None = None,
) -> Starlette:
    async def readyz(_: Request) -> Response:
        problems = await readiness() if readiness is not None else []
        if problems:
            return JSONResponse({"status": "not ready", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ready"})

    async def metrics(_: Request) -> Response:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        if gauges is not None:
            try:
                await gauges()
            except Exception as error:
                log.warning("gauges_failed", error=repr(error))
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return Starlette(
        routes=[
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
            *routes,
        ]
    )


async def serve(
    app: Starlette, host: str, port: int, stop: asyncio.Event | None = None, grace: int = 5
) -> None:
    """Serve until cancelled, or until `stop` is set.

    Once `stop` is set, new connections are refused and the requests in flight get up to
    `grace` seconds to be answered. With `stop`, signals are the caller's: uvicorn would
    otherwise take SIGTERM and SIGINT, and raise them again once it is done, ending the
    process before the caller's shutdown.
    """
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        log_config=None,  # its lines go through our log pipeline, not a handler of its own
        lifespan="off",
        timeout_graceful_shutdown=grace,
    )
    if stop is None:
        await uvicorn.Server(config).serve()
        return
    server = _SignalFreeServer(config)
    watch = asyncio.create_task(_exit_on(stop, server))
    try:
        await server.serve()
    finally:
        watch.cancel()


class _SignalFreeServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signals alone."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _exit_on(stop: asyncio.Event, server: uvicorn.Server) -> None:
    await stop.wait()
    server.should_exit = True
