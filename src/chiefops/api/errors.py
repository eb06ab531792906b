"""One error envelope for every failure (spec 01 §5, 10 rule 14).

Replaces FastAPI's `{"detail": …}` handlers for HTTP and validation errors, and maps every
`ChiefOpsError` subclass to its status and code.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from chiefops.errors import ChiefOpsError

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_type",
    422: "validation_error",
    503: "dependency_down",
}


_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})


def envelope(status: int, code: str, message: str, details: dict[str, object] | None = None) -> JSONResponse:
    """The error response every path uses."""
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return JSONResponse(status_code=status, content=body)


async def _chiefops_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ChiefOpsError)
    return envelope(exc.status, exc.code, exc.message, exc.details)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = str(exc.detail) if exc.detail else code.replace("_", " ")
    if exc.status_code == 404:
        message = f"No such endpoint or resource: {request.url.path}"
    return envelope(exc.status_code, code, message)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        if len(loc) > 1 and loc[0] in _LOCATIONS:
            loc = loc[1:]
        fields.setdefault(".".join(loc), str(err.get("msg", "")))
    names = ", ".join(fields) or "request"
    return envelope(422, "validation_error", f"Invalid request: check {names}", {"fields": fields})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("api.unexpected_error", extra={"path": request.url.path})
    return envelope(500, "internal_error", "Something went wrong on the server; the error was logged.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ChiefOpsError, _chiefops_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)


class ErrorBody(BaseModel):
    code: str = Field(description="machine-readable error code, e.g. not_found")
    message: str = Field(description="what failed, which file/record, and what to do next")
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorEnvelope(BaseModel):
    """The body of every error response."""

    error: ErrorBody


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting the error envelope for the given statuses."""
    return {
        status: {"model": ErrorEnvelope, "description": _HTTP_CODES.get(status, "error").replace("_", " ")}
        for status in statuses
    }
