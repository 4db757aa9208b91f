"""ASGI entry point for uvicorn workers: each worker reads its settings once and builds its app."""

from __future__ import annotations

import gc

from fastapi import FastAPI

from kapex.api.app import create_app
from kapex.logs import configure_logging
from kapex.services.container import Services
from kapex.settings import Settings


def build() -> FastAPI:
    settings = Settings()
    configure_logging(settings.log_level, fmt=settings.log_format)
    app = create_app(Services.build(settings))
    # Everything built so far (the models above all) lives as long as the worker. Frozen,
    # it is no longer walked by each full pass of the cyclic garbage collector, which a
    # user's load (tens of thousands of new objects) triggers: that walk cost more than the
    # load itself.
    gc.freeze()
    return app
