"""The memory inspector: a single-page app built into ``static/`` and served at ``/ui``.

The page is built from ``ui/`` at the repository root (``npm --prefix ui run build``) and the
output is committed, so serving it needs no Node. ``build.json`` carries the hash of the
sources it was built from; a test fails when the sources change without a rebuild.

Security of the page, which holds an API key the operator pastes into it:

- ``/ui`` needs no key and contains no secret; every API call the page makes sends the key
  in ``X-API-Key``. The page keeps the key in memory or ``sessionStorage`` (never a cookie,
  ``localStorage`` or a URL), so it ends with the tab.
- The Content-Security-Policy allows scripts, styles, images, fonts and connections from this
  origin only: no inline script or style attribute, no ``eval``, no plugins, no framing, no
  ``<base>`` rewriting and no form posting anywhere. Even injected markup could neither run
  script nor send the key to another host (``connect-src 'self'``). Trusted Types are
  required with no policy allowed, so no string can reach an HTML-parsing sink.
- Every response is ``nosniff`` with an exact content type, sends no referrer, and may not be
  embedded by other sites. Hashed assets are cached for a year; the page itself is
  revalidated on every load so a new build is picked up at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

#: The only kinds of file served; anything else under static/ is not part of the page.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".json": "application/json",
}

_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    content_type: str
    cache_control: str

    def headers(self) -> dict[str, str]:
        return {
            **SECURITY_HEADERS,
            "Content-Type": self.content_type,
            "Cache-Control": self.cache_control,
        }


class UiAssets:
    """The built page under ``root``, looked up by the path after ``/ui/``."""

    def __init__(self, root: Path = STATIC) -> None:
        self._root = root.resolve()

    @property
    def built(self) -> bool:
        return (self._root / "index.html").is_file()

    def get(self, path: str) -> Asset | None:
        """The asset at ``path`` ("" is the page), or None for anything that is not one.

        Paths are resolved and must stay under the root: ``..``, absolute paths, symlinks
        out and unknown file kinds are all "not found".
        """
        relative = path.strip("/") or "index.html"
        candidate = (self._root / relative).resolve()
        if not candidate.is_relative_to(self._root) or not candidate.is_file():
            return None
        content_type = CONTENT_TYPES.get(candidate.suffix)
        if content_type is None:
            return None
        # Vite names built assets by content hash: they never change under one name.
        hashed = candidate.parent.name == "assets"
        return Asset(
            body=candidate.read_bytes(),
            content_type=content_type,
            cache_control=_IMMUTABLE if hashed else _REVALIDATE,
        )


__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "STATIC", "Asset", "UiAssets"]
