"""One error family for the whole product (spec 10 rule 14).

Services raise these; the HTTP layer maps `status`/`code` to the one error envelope
`{"error": {"code", "message", "details"}}` and the CLI maps them to exit codes.
"""

from __future__ import annotations

from collections.abc import Mapping


class ChiefOpsError(Exception):
    """Base error: a message a person can act on, plus machine-readable details."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str, *, details: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, object] = dict(details or {})

    def to_envelope(self) -> dict[str, object]:
        """The one error shape of spec 01 §5."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InvalidInput(ChiefOpsError):
    status, code = 400, "invalid_input"


class Unauthorized(ChiefOpsError):
    status, code = 401, "unauthorized"


class NotFound(ChiefOpsError):
    status, code = 404, "not_found"


class MethodNotAllowed(ChiefOpsError):
    status, code = 405, "method_not_allowed"


class Conflict(ChiefOpsError):
    status, code = 409, "conflict"


class Gone(ChiefOpsError):
    status, code = 410, "gone"


class TooLarge(ChiefOpsError):
    status, code = 413, "too_large"


class UnsupportedType(ChiefOpsError):
    status, code = 415, "unsupported_type"


class ValidationFailed(ChiefOpsError):
    status, code = 422, "validation_error"


class DependencyDown(ChiefOpsError):
    status, code = 503, "dependency_down"


class DataDirUnusable(DependencyDown):
    """CHIEFOPS_DATA_DIR cannot be created or written."""

    code = "data_dir_unusable"


class ConfigError(ChiefOpsError):
    """The configuration cannot work (e.g. non-loopback bind without a token)."""

    status, code = 500, "config_error"
