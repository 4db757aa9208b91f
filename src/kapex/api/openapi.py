"""The OpenAPI document of the contract, and a browsable page of it that works offline.

FastAPI alone describes this API wrongly: bodies are parsed by a dependency that runs after
authentication (``api/deps.py``), so it sees no request bodies; it lists a 422 that is never
sent and none of the errors that are. This module starts from FastAPI's document and adds
what the contract says (``docs/api.md``):

- every request body, from the pydantic model its dependency parses;
- the ``X-API-Key`` header as the security scheme of every endpoint except signup and health;
- the errors each operation can answer, all with the one error body, instead of 422;
- the headers every response carries (request id, rate-limit window, trial days) and
  ``Retry-After`` on 409, 429 and 503;
- the proxy routes (``/proxy/…``): the chat-completions body they read, the answer as JSON or
  server-sent events, and the upstream's own 4xx/5xx that they relay (``4XX``/``5XX``).

``/api/v1/docs`` renders the document as one self-contained HTML page (no script, no CDN), so
it works on a machine without internet access.
"""

from __future__ import annotations

import html
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRouter
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from kapex.errors import STATUS
from kapex.schemas.chat import ChatCompletionRequest

PUBLIC = {("post", "/api/v1/trial/signup"), ("get", "/api/v1/health")}
_REF = "#/components/schemas/{model}"
_ERROR_REF = {"$ref": "#/components/schemas/Error"}

_DESCRIPTIONS = {
    400: "Invalid request: a field, parameter, header or the JSON itself (`VALIDATION_ERROR`).",
    401: "Key missing, malformed, unknown or revoked, or a key in the URL (`UNAUTHORIZED`).",
    403: "Trial expired, tenant suspended, plaintext HTTP where HTTPS is required, or the "
    "plan's user limit reached.",
    404: "No such resource for this tenant (`NOT_FOUND`).",
    409: "Conflict: the email is registered, or a request with this Idempotency-Key is "
    "still being processed (`Retry-After`).",
    413: "The body or a text field is over its limit (`PAYLOAD_TOO_LARGE`).",
    415: "The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`).",
    429: "Rate limit exceeded (`RATE_LIMITED`); `Retry-After` says when to retry.",
    500: "A bug; the message carries the request id (`INTERNAL_ERROR`).",
    503: "Storage is unreachable (`UNAVAILABLE`); `Retry-After` says when to retry.",
    502: "The upstream LLM server could not be reached, refused KAPEX's credentials or broke "
    "off its answer (`UPSTREAM_ERROR`).",
    504: "The upstream LLM server did not answer in time (`UPSTREAM_TIMEOUT`).",
}
#: The proxy relays the upstream's own error statuses (docs/proxy.md § Errors).
_RELAYED = {
    "4XX": "The upstream LLM server's own 4xx, relayed (`UPSTREAM_ERROR`, `error.upstream`).",
    "5XX": "The upstream LLM server's own 5xx, relayed (`UPSTREAM_ERROR`, `error.upstream`).",
}
_PROXY_PREFIX = "/proxy/"
_PROXY_503 = (
    "No upstream LLM server is configured (`KAPEX_PROXY_UPSTREAM_URL`), or storage is "
    "unreachable (`UNAVAILABLE`)."
)

_HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-ID": {
        "description": "The client's request id if it sent a sane one, else a new one.",
        "schema": {"type": "string"},
    },
    "X-RateLimit-Limit": {
        "description": "The limit of the window closest to exhaustion (tenant or address).",
        "schema": {"type": "integer"},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left in that window.",
        "schema": {"type": "integer"},
    },
    "X-RateLimit-Reset": {
        "description": "When that window ends, in Unix seconds.",
        "schema": {"type": "integer"},
    },
    "X-Trial-Days-Remaining": {
        "description": "Whole days left in the trial (trial tenants only).",
        "schema": {"type": "integer"},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer"},
    },
}
_ALWAYS = ("X-Request-ID", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def _error_schema() -> dict[str, Any]:
    codes = sorted({cls.code for cls in STATUS})
    return {
        "title": "Error",
        "type": "object",
        "required": ["error"],
        "additionalProperties": False,
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "enum": codes},
                    "message": {"type": "string"},
                    "upstream": {
                        "type": "object",
                        "description": "The proxy's upstream answer: its status and body.",
                        "required": ["status"],
                        "properties": {"status": {"type": "integer"}, "body": {}},
                    },
                    "details": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["field", "problem"],
                            "properties": {
                                "field": {"type": "string"},
                                "problem": {"type": "string"},
                            },
                        },
                    },
                },
            }
        },
    }


def body_model_of(dependency: Any) -> type[BaseModel] | None:
    """The request-body model a ``json_body``-style dependency parses, if it is one."""
    model = getattr(dependency, "kapex_body_model", None)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _body_models(routers: list[APIRouter], prefix: str) -> dict[tuple[str, str], type[BaseModel]]:
    # The proxy reads its body itself (to forward it untouched), not through ``json_body``.
    found: dict[tuple[str, str], type[BaseModel]] = {
        ("post", f"{prefix}{_PROXY_PREFIX}chat/completions"): ChatCompletionRequest
    }
    for router in routers:
        for route in router.routes:
            dependant = getattr(route, "dependant", None)
            if dependant is None:
                continue
            for sub in dependant.dependencies:
                model = body_model_of(sub.call)
                if model is not None:
                    for method in getattr(route, "methods", ()):
                        found[(method.lower(), prefix + route.path)] = model  # type: ignore[attr-defined]
    return found


def _error_statuses(method: str, path: str, operation: dict[str, Any], body: bool) -> list[int]:
    # 403: plaintext where HTTPS is required, on any endpoint; 500: a bug, anywhere.
    statuses = {403, 500}
    if path.endswith("/health"):
        return sorted(statuses)  # not limited; its 503 has its own body (below)
    statuses |= {400, 429, 503}  # 400: a bad header or parameter; 429: address or tenant
    if (method, path) not in PUBLIC:
        statuses.add(401)
    if body:
        statuses |= {413, 415}
    if _PROXY_PREFIX in path:
        statuses |= {502, 504}
    if "{" in path:
        statuses.add(404)
    if path.endswith(("/trial/signup", "/ingest", "/ingest/batch")):
        statuses.add(409)
    return sorted(statuses)


def _describe_profile_update(schemas: dict[str, Any]) -> None:
    """``PUT /profile``'s ``updates`` is a partial profile, deep-merged (every field optional)."""
    update = schemas.get("ProfileUpdate")
    if update is None or "Profile" not in schemas:
        return
    update["properties"]["updates"] = {
        "anyOf": [{"$ref": _REF.format(model="Profile")}, {"type": "null"}],
        "description": "Any part of the profile, deep-merged into the current one; every "
        "value is range-checked.",
    }
    update["description"] = 'Exactly one of {"preset": "<name>"} or {"updates": {...}}.'


def _describe_proxy(responses: dict[str, Any]) -> None:
    """The upstream's answer as it came (JSON, or events when streamed), and its relayed errors."""
    responses["200"]["description"] = "The upstream's answer, byte for byte."
    responses["200"]["content"] = {
        "application/json": {"schema": {"type": "object"}},
        # One event per chunk as the upstream sent it (OpenAI's `chat.completion.chunk`
        # objects, then `[DONE]`): the upstream's format, not KAPEX's to constrain.
        "text/event-stream": {"schema": {"description": "The upstream's events, as sent."}},
    }
    responses["503"]["description"] = _PROXY_503
    for status, description in _RELAYED.items():
        responses[status] = {
            "description": description,
            "headers": _headers(*_ALWAYS),
            "content": {"application/json": {"schema": {"$ref": _REF.format(model="Error")}}},
        }


def _headers(*names: str) -> dict[str, Any]:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def build_openapi(app: FastAPI, *, routers: list[APIRouter], prefix: str) -> dict[str, Any]:
    """FastAPI's document for ``app``, corrected to the contract as described above."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["Error"] = _error_schema()
    components["headers"] = _HEADERS
    components["securitySchemes"] = {
        "ApiKey": {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "Your KAPEX key (`kpx_…`). Never put it in a URL.",
        }
    }
    _describe_profile_update(schemas)
    bodies = _body_models(routers, prefix)
    if bodies:
        _, definitions = models_json_schema(
            [(model, "validation") for model in set(bodies.values())], ref_template=_REF
        )
        for name, definition in definitions.get("$defs", {}).items():
            schemas.setdefault(name, definition)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            model = bodies.get((method, path))
            if model is not None:
                operation["requestBody"] = {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}
                    },
                }
            if (method, path) not in PUBLIC:
                operation["security"] = [{"ApiKey": []}]
            else:
                operation["security"] = []
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status, response in responses.items():
                extra = ("X-Trial-Days-Remaining",) if (method, path) not in PUBLIC else ()
                if path.endswith("/health") and status == "200":
                    extra = ()
                response["headers"] = _headers(*_ALWAYS, *extra)
            for status in _error_statuses(method, path, operation, model is not None):
                retry = ("Retry-After",) if status in (409, 429, 503) else ()
                responses[str(status)] = {
                    "description": _DESCRIPTIONS[status],
                    "headers": _headers(*_ALWAYS, *retry),
                    "content": {
                        "application/json": {"schema": {"$ref": _REF.format(model="Error")}}
                    },
                }
            if _PROXY_PREFIX in path:
                _describe_proxy(responses)
            if path.endswith("/health"):
                responses["503"] = {
                    "description": "Storage is unreachable: `status` is `degraded`.",
                    "headers": _headers(*_ALWAYS, "Retry-After"),
                    "content": {
                        "application/json": {
                            "schema": {"$ref": _REF.format(model="HealthResponse")}
                        }
                    },
                }
    return schema


def install_openapi(app: FastAPI, *, routers: list[APIRouter], prefix: str) -> None:
    """Serve the corrected document at ``{prefix}/openapi.json`` and a page at ``/docs``."""
    cached: dict[str, Any] = {}

    def openapi() -> dict[str, Any]:
        if not cached:
            cached.update(build_openapi(app, routers=routers, prefix=prefix))
        return cached

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get(f"{prefix}/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(render_page(openapi()))


# --- the offline page ---------------------------------------------------------------------


def _type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f'<a href="#schema-{name}">{html.escape(name)}</a>'
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {_type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(html.escape(repr(v)) for v in schema["enum"])
    if "const" in schema:
        return html.escape(repr(schema["const"]))
    kind = schema.get("type", "any")
    return html.escape(f"{kind} ({schema['format']})" if "format" in schema else str(kind))


def _limits(schema: dict[str, Any]) -> str:
    parts = []
    for key in ("minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems", "pattern"):
        if key in schema:
            parts.append(f"{key} {schema[key]}")
    return html.escape(", ".join(parts))


def _schema_table(name: str, schema: dict[str, Any]) -> str:
    rows = []
    required = set(schema.get("required", []))
    for field, spec in schema.get("properties", {}).items():
        rows.append(
            f"<tr><td><code>{html.escape(field)}</code></td><td>{_type_of(spec)}</td>"
            f"<td>{'yes' if field in required else ''}</td><td>{_limits(spec)}</td>"
            f"<td>{html.escape(spec.get('description', ''))}</td></tr>"
        )
    body = "".join(rows) or "<tr><td colspan=5>any JSON object</td></tr>"
    return (
        f'<h3 id="schema-{html.escape(name)}">{html.escape(name)}</h3><table>'
        "<tr><th>field</th><th>type</th><th>required</th><th>limits</th><th></th></tr>"
        f"{body}</table>"
    )


def render_page(document: dict[str, Any]) -> str:
    """The whole document as one HTML page: operations first, then every schema."""
    out = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        f"<title>{html.escape(document['info']['title'])} API</title><style>",
        "body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}",
        "code{background:#f3f3f3;padding:0 .2em}table{border-collapse:collapse;margin:.5rem 0}",
        "td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}",
        ".op{border-top:1px solid #bbb;padding:.5rem 0}.m{font-weight:bold;width:4.5rem;",
        "display:inline-block}</style></head><body>",
        f"<h1>{html.escape(document['info']['title'])} {html.escape(document['info']['version'])}"
        "</h1><p>Every endpoint except signup and health needs the <code>X-API-Key</code> "
        "header. Errors always have the body "
        '<a href="#schema-Error">Error</a>. The machine-readable document: '
        '<a href="openapi.json">openapi.json</a>.</p><h2>Endpoints</h2>',
    ]
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            out.append(
                f"<div class=op><span class=m>{method.upper()}</span><code>{html.escape(path)}"
                f"</code>{' (no key)' if not operation.get('security') else ''}"
            )
            params = operation.get("parameters", [])
            if params:
                out.append(
                    "<table><tr><th>parameter</th><th>in</th><th>type</th><th>limits</th></tr>"
                )
                for param in params:
                    spec = param.get("schema", {})
                    out.append(
                        f"<tr><td><code>{html.escape(param['name'])}</code></td>"
                        f"<td>{param['in']}</td><td>{_type_of(spec)}</td>"
                        f"<td>{_limits(spec)}</td></tr>"
                    )
                out.append("</table>")
            body = operation.get("requestBody")
            if body:
                schema = body["content"]["application/json"]["schema"]
                out.append(f"<div>body: {_type_of(schema)}</div>")
            codes = []
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                shape = _type_of(content["schema"]) if "schema" in content else ""
                codes.append(
                    f"<li><b>{status}</b> {shape} — {html.escape(response['description'])}</li>"
                )
            out.append(f"<ul>{''.join(codes)}</ul></div>")
    out.append("<h2>Schemas</h2>")
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        out.append(_schema_table(name, schema))
    out.append("</body></html>")
    return "".join(out)
