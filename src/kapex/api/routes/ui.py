"""The memory inspector page at /ui (no key needed; see ``kapex.ui`` for its security)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from kapex.errors import NotFound
from kapex.ui import UiAssets

router = APIRouter(include_in_schema=False)
assets = UiAssets()


@router.api_route("/ui", methods=["GET", "HEAD"])
@router.api_route("/ui/{path:path}", methods=["GET", "HEAD"])
def inspector(path: str = "") -> Response:
    asset = assets.get(path)
    if asset is None:
        if not assets.built:
            raise NotFound(
                "The inspector is not built in this installation: run "
                "`npm --prefix ui ci && npm --prefix ui run build` in the KAPEX source tree."
            )
        raise NotFound("No such file in the inspector. The inspector is at /ui.")
    return Response(content=asset.body, headers=asset.headers())
