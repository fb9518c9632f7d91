"""API documentation served from the hub itself: ``/docs`` lists every endpoint of
``/openapi.json`` (FastAPI's own docs pages load their scripts from a CDN, so they are off)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from parley.web.render import render

router = APIRouter(tags=["docs"])

_METHODS = ("get", "post", "put", "patch", "delete")


def docs_page(spec: dict[str, Any]) -> dict[str, Any]:
    """The endpoints of an OpenAPI document, grouped by tag, in path order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [{"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                       "description": p.get("description", "")} for p in op.get("parameters", [])]
            body = None
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                body = "JSON: " + ", ".join(_body_fields(spec, content["application/json"]))
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "parameters": params, "body": body,
                "auth": path.startswith("/api/"),
            })
    return {
        "kind": "docs",
        "title": spec.get("info", {}).get("title", ""),
        "version": spec.get("info", {}).get("version", ""),
        "description": spec.get("info", {}).get("description", ""),
        "groups": [{"tag": tag, "endpoints": eps} for tag, eps in groups.items()],
        "json_url": "/openapi.json",
    }


def _body_fields(spec: dict[str, Any], media: dict[str, Any]) -> list[str]:
    schema = media.get("schema", {})
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = spec.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
    return sorted(schema.get("properties", {}))


@router.get("/docs", summary="API documentation", include_in_schema=False)
def docs(request: Request):
    """Every endpoint, its parameters and whether it needs a token."""
    return render(request, "docs.html", docs_page(request.app.openapi()))
