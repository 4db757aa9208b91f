"""ASGI entry point for uvicorn workers: each worker reads its settings once and builds its app."""

from __future__ import annotations

from fastapi import FastAPI

from kapex.api.app import create_app
from kapex.logs import configure_logging
from kapex.services.container import Services
from kapex.settings import Settings


def build() -> FastAPI:
    settings = Settings()
    configure_logging(settings.log_level, fmt=settings.log_format)
    return create_app(Services.build(settings))
