"""Builds the FastAPI application: API and dashboard on one store, errors as clear 4xx, no CDN.

``create_app`` takes resolved settings so tests, ``newsradar serve`` and an
ASGI server (``uvicorn 'newsradar.web.app:from_environment' --factory``) build
the same service.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.routing import Match

from ..settings import Settings, load_settings
from ..sources.guard import AddressGuard
from ..sources.web import Fetcher
from . import api, api_mirror, api_outlets, monitor, pages, pages_outlets
from .cache import ViewCache
from .deps import StoreProvider
from .security import add_security_headers

#: Every router of the service: the API, the dashboard, and live monitoring (alerts, watchlists, feeds).
ROUTERS = (api.router, pages.router, monitor.api, monitor.page, api_mirror.api, api_mirror.page, api_outlets.router,
           pages_outlets.page)


def _version() -> str:
    try:
        return version("newsradar")
    except PackageNotFoundError:
        return "0"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path not in ("/openapi.json", "/docs")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts)


def create_app(settings: Settings | None = None, *, fetcher: Callable[[], Fetcher] | None = None) -> FastAPI:
    """The service over the store ``settings.database_url`` names.

    ``fetcher`` builds the HTTP client ``POST /api/ingest`` uses for URLs (tests pass one with a
    local transport); by default one built from the settings.
    """
    settings = settings or load_settings()
    stores = StoreProvider(settings.database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    # Swagger UI and ReDoc from the package's own copies, not a CDN: the dashboard must work offline.
    app = FastAPIOffline(
        title="newsradar",
        version=_version(),
        description="Information-trend analysis for multilingual newsrooms: articles, stories, trends, entities, "
                    "quotes, country pairs and wire copies in Vietnamese, Korean, Chinese and English. "
                    "Every listing pages with `limit`/`offset` and downloads with `format=csv` or `jsonl`.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.stores = stores
    app.state.views = ViewCache()  # the costly day views, kept until the store's data version moves
    # URLs a remote client names are fetched only from public addresses (sources/guard.py)
    app.state.guard = AddressGuard(settings.fetch_allow_hosts.split(","))
    app.state.fetcher = fetcher or (lambda: Fetcher(user_agent=settings.user_agent, timeout=settings.http_timeout,
                                                    retries=settings.http_retries,
                                                    max_bytes=settings.max_input_bytes,
                                                    guard=app.state.guard.check))
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Token"])

    @app.middleware("http")
    async def refuse_nul(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """A NUL character in a query parameter is a 422 naming it, on both stores."""
        for name, value in request.query_params.multi_items():
            if "\x00" in name or "\x00" in value:
                message = f"{name.replace(chr(0), '') or 'parameter'}: contains a NUL character"
                if _wants_html(request):
                    return pages.error_page(request, 422, message)
                return JSONResponse({"detail": message}, status_code=422)
        return await call_next(request)

    # registered last, so it is the outermost: every response gets the headers, the 422s above too
    app.middleware("http")(add_security_headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        if _wants_html(request):
            return pages.error_page(request, 422, message)
        return JSONResponse({"detail": message, "errors": jsonable_errors(exc)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        headers = exc.headers
        if exc.status_code == 405:  # one route per method: Allow lists every route's on this path, not the first's
            headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
        if _wants_html(request):
            page = pages.error_page(request, exc.status_code, str(exc.detail))
            page.headers.update(headers or {})
            return page
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(files("newsradar.web") / "static")), name="static")
    return app


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for router in ROUTERS:
        for route in router.routes:
            match, _ = route.matches({**request.scope, "method": "GET"})
            if match != Match.NONE:
                methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def jsonable_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]


def from_environment() -> FastAPI:
    """Factory for ASGI servers: settings from the environment and config file."""
    return create_app()
