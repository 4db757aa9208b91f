"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Route

from kapex import __version__
from kapex.api.deps import admit
from kapex.api.errors import install_handlers
from kapex.api.middleware import install_middleware
from kapex.api.openapi import install_openapi
from kapex.api.routes import accounts, memory, operations, profile, proxy, ui, users
from kapex.clock import Clock, SystemClock
from kapex.mcp.http import McpEndpoint
from kapex.services.container import Services

log = logging.getLogger("kapex.app")
API_PREFIX = "/api/v1"


async def _purge_periodically(services: Services, clock: Clock, every: int) -> None:
    """The scheduled retention job: purge trials past their grace period."""
    while True:
        await asyncio.sleep(every)
        try:
            purged = await asyncio.to_thread(services.retention.purge_expired, now=clock.now())
            if purged:
                log.info("purged %d expired trial tenant(s)", len(purged))
        except Exception:  # the job must survive a transient storage failure
            log.exception("retention purge failed; will retry")


def create_app(services: Services, *, clock: Clock | None = None) -> FastAPI:
    """An app serving ``services``; ``clock`` defaults to the system clock."""
    the_clock = clock or SystemClock()

    mcp = McpEndpoint(
        services,
        clock=the_clock,
        admit=lambda request: admit(request, bearer=True),
        public_url=services.settings.public_url,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = None
        if services.settings.purge_interval_seconds > 0:
            task = asyncio.create_task(
                _purge_periodically(services, the_clock, services.settings.purge_interval_seconds)
            )
        async with mcp.running():
            yield
        if task:
            task.cancel()
        await services.proxy.aclose()

    app = FastAPI(
        title="KAPEX",
        version=__version__,
        description="Memory middleware for LLM applications. The contract: docs/api.md.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
        # "/account/" is not "/account": a redirect would also name this server's internal
        # scheme (http:// behind a TLS proxy). Unknown paths are a JSON 404.
        redirect_slashes=False,
    )
    app.state.services = services
    app.state.clock = the_clock
    install_handlers(app)
    install_middleware(app, settings=services.settings, limiter=services.limiter)
    routers = [module.router for module in (accounts, memory, users, profile, proxy)]
    for router in routers:
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(operations.router)
    app.include_router(ui.router)
    app.state.route_templates = {
        id(route): API_PREFIX + route.path
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute)
    }
    install_openapi(app, routers=routers, prefix=API_PREFIX)
    # MCP over streamable HTTP (docs/mcp.md): authenticated like the API, key also as Bearer.
    app.router.routes.append(
        Route("/mcp", endpoint=mcp, methods=["GET", "POST", "DELETE"], include_in_schema=False)
    )
    return app
