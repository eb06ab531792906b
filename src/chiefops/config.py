"""Configuration (spec 01 §4): one pydantic-settings class, prefix `CHIEFOPS_`.

Nothing is read at import time: `Settings()` is built by the CLI or the app factory and handed to
the service container (spec 10 rule 4). These are environment settings only; the run-time
settings the COO changes live in the store (`store/settings.py`), by other keys, and never
overwrite a value here. `read_settings()` turns invalid values into one line per bad variable.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import annotated_types
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict

from chiefops.errors import ConfigError

DEFAULT_AI_BASE_URL = "https://openrouter.ai/api/v1"


class Settings(BaseSettings):
    """Every setting of the product; the table in spec 01 §4 is the one list of names."""

    model_config = SettingsConfigDict(env_prefix="CHIEFOPS_", extra="ignore", validate_default=True)

    data_dir: Path = Field(default=Path("./.chiefops"), description="database, uploads, exports, indexes")
    host: str = Field(default="127.0.0.1", description="bind address")
    port: int = Field(default=23000, ge=1, le=65535)
    token: SecretStr | None = Field(default=None, description="API token; required off loopback")

    store: Literal["sqlite", "mongodb"] = "sqlite"
    mongodb_uri: SecretStr | None = None
    mongodb_db: str = "chiefops"

    ai_provider: Literal["local", "openai", "anthropic", "cli"] = "local"
    ai_model: str | None = None
    ai_base_url: str = DEFAULT_AI_BASE_URL
    ai_api_key: SecretStr | None = None
    ai_cli_tool: Literal["claude", "codex", "gemini"] = "claude"
    # Anthropic's own Messages API (spec 05 §8 settings table).
    anthropic_base_url: str = "https://api.anthropic.com"
    anthropic_api_key: SecretStr | None = None

    knowledge_backend: Literal["embedded", "citex"] = "embedded"
    citex_url: str | None = None
    citex_api_key: SecretStr | None = None
    # Citex backend (spec 03 §5): user sent as X-Citex-User-Id; one shared project when set; hard limits.
    citex_user_id: str = Field(default="chiefops", min_length=1)
    citex_project_id: str | None = None
    citex_connect_timeout_s: float = Field(default=3.0, gt=0)
    citex_query_timeout_s: float = Field(default=8.0, gt=0)
    citex_ingest_timeout_s: float = Field(default=60.0, gt=0)
    citex_job_wait_s: float = Field(default=30.0, ge=0)
    semantic_search: Literal["auto", "on", "off"] = "auto"
    pii_redaction: bool = True
    recency_half_life_days: float = Field(
        default=120.0, gt=0, description="knowledge ranking: Slack/Jira/memory half-life (03 §4)"
    )
    recency_floor: float = Field(
        default=0.5, ge=0, le=1, description="knowledge ranking: lowest recency factor"
    )
    audit_retention_days: int = Field(default=90, ge=1, description="AI audit log retention (03 §10)")

    timezone: str = Field(default="UTC", description="zone for naive source times and displayed dates")
    log_level: str = "INFO"

    # Ingestion limits (spec 02 §12).
    max_upload_mb: int = Field(default=500, ge=1)
    max_batch_mb: int = Field(default=2048, ge=1)
    max_unzipped_mb: int = Field(default=4096, ge=1)
    max_batch_files: int = Field(default=20_000, ge=1)
    max_zip_ratio: int = Field(default=100, ge=1)
    max_zip_entries: int = Field(default=200_000, ge=1)
    max_rows: int = Field(default=1_000_000, ge=1)
    max_json_mb: int = Field(default=64, ge=1)
    max_cell_mb: int = Field(default=16, ge=1)
    max_pdf_pages: int = Field(default=5_000, ge=1)
    max_doc_text_mb: int = Field(default=50, ge=1)
    ingest_file_timeout_s: int = Field(default=300, ge=1)
    ingest_workers: int = Field(default=2, ge=1, le=16)
    ingest_write_batch: int = Field(default=1_000, ge=1)
    ingest_keep_failed_days: int = Field(default=7, ge=0)
    ingest_date_order: Literal["dmy", "mdy"] = "dmy"
    ingest_slack_dms: bool = False

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("token")
    @classmethod
    def _blank_token_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        """`CHIEFOPS_TOKEN=` (empty or spaces, e.g. from an env file) means no token, never "" as one."""
        return value if value is not None and value.get_secret_value().strip() else None

    @property
    def is_loopback(self) -> bool:
        """True when the bind address only accepts connections from this machine."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def check_bind_safety(self) -> None:
        """Refuse a non-loopback bind without a token (spec 01 §4, 09 Security)."""
        if not self.is_loopback and self.token is None:
            raise ConfigError(
                f"Refusing to listen on {self.host}:{self.port} without a token: anyone on the network "
                "could read your company's data. Set CHIEFOPS_TOKEN to a long random secret, or bind to "
                "127.0.0.1 (CHIEFOPS_HOST=127.0.0.1).",
                details={"host": self.host},
            )

    def masked(self) -> dict[str, str]:
        """Effective configuration for display: every secret replaced by `****` (or `unset`)."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr):
                shown[name] = "****" if value.get_secret_value() else "unset"
            elif value is None:
                shown[name] = "unset"
            else:
                shown[name] = str(value)
        return shown


def read_settings(**overrides: Any) -> Settings:
    """The settings from the environment; invalid values raise `ConfigError` whose message has one
    line per bad setting, naming its variable and what it accepts (spec 10 rule 15)."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = [explain_setting_error(error) for error in exc.errors()]
        raise ConfigError("\n".join(lines), details={"errors": lines}) from None


def explain_setting_error(error: ErrorDetails) -> str:
    """`CHIEFOPS_PORT must be a whole number from 1 to 65535, not 'abc'`."""
    name = str(error["loc"][0]) if error["loc"] else ""
    field = Settings.model_fields.get(name)
    wanted = _accepted(field.annotation, field.metadata) if field is not None else None
    shown = "missing" if error["type"] == "missing" else repr(error.get("input"))
    return f"CHIEFOPS_{name.upper()} must be {wanted or _lower_first(error['msg'])}, not {shown}"


def _accepted(annotation: object, metadata: list[Any]) -> str | None:
    """What a setting accepts, in words, from its type and bounds."""
    options = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(str(option) for option in options)
    kinds = {int: "a whole number", float: "a number", bool: "true or false"}
    kind = kinds.get(annotation) if isinstance(annotation, type) else None
    if kind is None:
        return None
    low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), None)
    above = next((m.gt for m in metadata if isinstance(m, annotated_types.Gt)), None)
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if low is not None:
        return f"{kind} of at least {low}"
    if above is not None:
        return f"{kind} greater than {above}"
    return kind


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
