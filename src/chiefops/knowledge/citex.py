"""Citex: the HTTP client and every request/response mapping in one module (spec 03 §5).

Citex is the user's own retrieval service. Requests carry `X-Citex-API-Key` (never logged),
`X-Citex-User-Id` and `X-Citex-Scope-Id: project:<id>`. Every call has explicit timeouts; connect
errors, timeouts, 429 and 5xx are retried (3 attempts, 0.5 s then 1 s apart), other 4xx never. Where
Citex's documentation is silent, `tests/fixtures/citex/*.json` record the shapes ChiefOps expects —
a change on either side is one edit here and one there.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from pydantic import Field, ValidationError, field_validator

from chiefops.config import Settings
from chiefops.errors import ConfigError, DependencyDown
from chiefops.knowledge.models import Chunk, KnowledgeQuery
from chiefops.models import Model

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
RETRY_DELAYS_S = (0.5, 1.0)
POLL_INTERVAL_S = 1.0
MAX_TAGS = 20
MAX_QUERY_TOP_K = 60
UNSCOPED = "unscoped"
_MESSAGE_CHARS = 300
_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_RETRYABLE = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class CitexUnavailable(DependencyDown):
    """Citex could not be reached or kept failing (connect error, timeout, 429, 5xx after retries)."""

    code = "citex_unavailable"


class CitexRejected(DependencyDown):
    """Citex refused a request for good (a 4xx other than 429): retrying would not help."""

    code = "citex_rejected"


@dataclass(frozen=True)
class CitexConfig:
    """Settings `CHIEFOPS_CITEX_*` (03 §5), checked once at start-up."""

    url: str
    api_key: str | None = None
    user_id: str = "chiefops"
    project_id: str | None = None
    connect_timeout_s: float = 3.0
    query_timeout_s: float = 8.0
    ingest_timeout_s: float = 60.0
    job_wait_s: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> CitexConfig:
        """The Citex settings; `KNOWLEDGE_BACKEND=citex` without `CITEX_URL` stops start-up."""
        if not settings.citex_url:
            raise ConfigError(
                "CHIEFOPS_KNOWLEDGE_BACKEND=citex needs CHIEFOPS_CITEX_URL (for example "
                "http://127.0.0.1:20161); set it, or set CHIEFOPS_KNOWLEDGE_BACKEND=embedded.",
                details={"setting": "CHIEFOPS_CITEX_URL"},
            )
        return cls(
            url=settings.citex_url.rstrip("/"),
            api_key=settings.citex_api_key.get_secret_value() if settings.citex_api_key else None,
            user_id=settings.citex_user_id,
            project_id=settings.citex_project_id,
            connect_timeout_s=settings.citex_connect_timeout_s,
            query_timeout_s=settings.citex_query_timeout_s,
            ingest_timeout_s=settings.citex_ingest_timeout_s,
            job_wait_s=settings.citex_job_wait_s,
        )

    def citex_project(self, project_id: str | None) -> str:
        """The Citex project holding a ChiefOps project's docs: the shared one when set (03 §7)."""
        return self.project_id or project_id or UNSCOPED

    @staticmethod
    def scope_id(project_id: str | None) -> str:
        return f"project:{project_id or UNSCOPED}"


# --- request mapping -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CitexUpload:
    """One ChiefOps doc as Citex receives it: its chunks' text (after opt-out) and its tags."""

    doc_key: str
    project_id: str | None
    file_name: str
    content: bytes
    tags: tuple[str, ...]

    @property
    def content_hash(self) -> str:
        """Decides skip vs replace: the bytes and tags Citex would store."""
        return hashlib.sha256(self.content + orjson.dumps(self.tags)).hexdigest()

    def form(self, config: CitexConfig) -> dict[str, str]:
        """The multipart fields beside `file`."""
        return {
            "project_id": config.citex_project(self.project_id),
            "user_id": config.user_id,
            "scope_id": config.scope_id(self.project_id),
            "tags": orjson.dumps(list(self.tags)).decode(),
        }


def _locator_text(chunks: Sequence[Chunk], key: str) -> str | None:
    for chunk in chunks:
        value = chunk.locator.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def build_tags(chunks: Sequence[Chunk]) -> tuple[str, ...]:
    """≤ 20 `key:value` tags: doc_key, source, project_id, channel, issue_key, document_id, ts_start, ts_end."""
    first = chunks[0]
    starts = [c.ts_start for c in chunks if c.ts_start is not None]
    ends = [c.ts_end for c in chunks if c.ts_end is not None]
    pairs: list[tuple[str, str | None]] = [
        ("doc_key", first.doc_key),
        ("source", first.source.value),
        ("project_id", first.project_id or UNSCOPED),
        ("channel", _locator_text(chunks, "channel")),
        ("issue_key", _locator_text(chunks, "issue_key")),
        ("document_id", _locator_text(chunks, "document_id")),
        ("ts_start", min(starts).isoformat() if starts else None),
        ("ts_end", max(ends).isoformat() if ends else None),
    ]
    return tuple(f"{key}:{value}" for key, value in pairs if value)[:MAX_TAGS]


def build_upload(chunks: Sequence[Chunk]) -> CitexUpload:
    """The upload for a doc from its stored chunks (so opt-out drops never reach Citex)."""
    first = chunks[0]
    body = "\n\n".join([first.header, *(c.body for c in chunks)])
    return CitexUpload(
        doc_key=first.doc_key,
        project_id=first.project_id,
        file_name=_FILE_NAME.sub("_", first.doc_key).strip("_")[:120] + ".txt",
        content=body.encode("utf-8"),
        tags=build_tags(chunks),
    )


def query_body(q: KnowledgeQuery, *, project_id: str | None, config: CitexConfig) -> dict[str, object]:
    """`POST /api/retrieval/query` body for one ChiefOps project (03 §5)."""
    filters: dict[str, list[str]] = {"project_id": [project_id or UNSCOPED]}
    if q.sources:
        filters["source"] = [s.value for s in q.sources]
    if q.channels:
        filters["channel"] = [c.lstrip("#") for c in q.channels]
    if q.issue_keys:
        filters["issue_key"] = [k.upper() for k in q.issue_keys]
    if q.document_ids:
        filters["document_id"] = list(q.document_ids)
    return {
        "project_id": config.citex_project(project_id),
        "query": q.text,
        "top_k": min(3 * q.top_k, MAX_QUERY_TOP_K),
        "score_threshold": 0,
        "user_id": config.user_id,
        "scope_id": config.scope_id(project_id),
        "filters": filters,
    }


# --- response mapping (parsed at the edge) ------------------------------------------------------------


class CitexJob(Model):
    """An ingestion job: `queued` | `running` | `completed` | `failed` | `cancelled`."""

    job_id: str = Field(alias="jobId")
    status: str
    document_id: str | None = Field(default=None, alias="documentId")
    error: str | None = None

    @field_validator("status")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()

    @property
    def is_done(self) -> bool:
        return self.status in ("completed", "failed", "cancelled")


class CitexHit(Model):
    """One retrieved passage; `tags` as sent at ingestion (`doc_key` maps it back to the local catalogue)."""

    chunk_id: str | None = None
    document_id: str | None = None
    content: str = ""
    score: float = 0.0
    tags: dict[str, str] = Field(default_factory=dict)

    @property
    def doc_key(self) -> str | None:
        return self.tags.get("doc_key")


def _tags(metadata: Mapping[str, Any]) -> dict[str, str]:
    raw = metadata.get("tags", [])
    if isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items()}
    pairs = (str(t).split(":", 1) for t in raw if ":" in str(t)) if isinstance(raw, list) else ()
    return {key: value for key, value in pairs}


def parse_job(body: object) -> CitexJob:
    """`{"job": {"jobId", "status", "documentId", "error"}}` → `CitexJob`."""
    job = body.get("job") if isinstance(body, Mapping) else None
    try:
        return CitexJob.model_validate(job)
    except ValidationError as exc:
        raise CitexUnavailable(
            f"Citex answered with an unexpected job shape: {exc.errors()[0]['msg']}"
        ) from None


def parse_hits(body: object) -> list[CitexHit]:
    """`{"results": [{"chunk_id", "document_id", "content", "score", "metadata": {"tags"}}]}` → hits."""
    results = body.get("results") if isinstance(body, Mapping) else None
    if not isinstance(results, list):
        raise CitexUnavailable("Citex answered a query without a `results` list.")
    hits = []
    for item in results:
        if not isinstance(item, Mapping):
            continue
        raw_metadata = item.get("metadata")
        metadata: Mapping[str, Any] = raw_metadata if isinstance(raw_metadata, Mapping) else {}
        score = item.get("score")
        hits.append(
            CitexHit(
                chunk_id=_str_or_none(item.get("chunk_id")),
                document_id=_str_or_none(item.get("document_id")),
                content=str(item.get("content") or item.get("text") or ""),
                score=float(score) if isinstance(score, int | float) and math.isfinite(score) else 0.0,
                tags=_tags(metadata),
            )
        )
    return hits


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _server_message(response: httpx.Response) -> str:
    """What the server said about a refusal, short (`detail`, `message` or `error`, else the text)."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:_MESSAGE_CHARS] or response.reason_phrase
    if isinstance(body, Mapping):
        for key in ("detail", "message", "error"):
            if body.get(key):
                return str(body[key])[:_MESSAGE_CHARS]
    return str(body)[:_MESSAGE_CHARS]


# --- client -----------------------------------------------------------------------------------------


class CitexClient:
    """One pooled `httpx.AsyncClient` to a Citex server, with the retry policy of 03 §5."""

    def __init__(
        self,
        config: CitexConfig,
        *,
        sleep: Sleep = asyncio.sleep,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self._sleep = sleep
        self._http = httpx.AsyncClient(base_url=config.url, transport=transport, follow_redirects=False)

    async def aclose(self) -> None:
        await self._http.aclose()

    def _headers(self, project_id: str | None) -> dict[str, str]:
        headers = {
            "X-Citex-User-Id": self.config.user_id,
            "X-Citex-Scope-Id": self.config.scope_id(project_id),
        }
        if self.config.api_key:
            headers["X-Citex-API-Key"] = self.config.api_key
        return headers

    def _timeout(self, read_s: float) -> httpx.Timeout:
        return httpx.Timeout(read_s, connect=self.config.connect_timeout_s)

    async def _send(self, what: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One attempt; a refusal (4xx but 429) raises `CitexRejected`, transient trouble returns/raises."""
        response = await self._http.request(method, path, **kwargs)
        if 400 <= response.status_code < 500 and response.status_code != 429:
            raise _rejected(what, response)
        return response

    async def _request(
        self, what: str, method: str, path: str, *, attempts: int = 3, **kwargs: Any
    ) -> httpx.Response:
        """Send with retries on connect errors, timeouts, 429 and 5xx (0.5 s, then 1 s)."""
        problem = ""
        for attempt in range(attempts):
            if attempt:
                await self._sleep(RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S)) - 1])
            try:
                response = await self._send(what, method, path, **kwargs)
            except _RETRYABLE as exc:
                problem = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                continue
            if response.status_code < 400:
                return response
            problem = f"HTTP {response.status_code}: {_server_message(response)}"
        log.warning("citex.unavailable", extra={"operation": what, "attempts": attempts})
        raise CitexUnavailable(
            f"Citex at {self.config.url} did not answer {what} ({problem}; {attempts} attempts). "
            "Check that it is running; ChiefOps answers from its local index meanwhile.",
            details={"operation": what, "attempts": attempts},
        )

    async def health(self) -> None:
        """`GET /health` once; raises when Citex is not up."""
        await self._request(
            "a health check",
            "GET",
            "/health",
            attempts=1,
            timeout=self._timeout(self.config.connect_timeout_s),
        )

    async def ingest(self, upload: CitexUpload) -> CitexJob:
        """`POST /api/ingest` (multipart) → the accepted job."""
        response = await self._request(
            f"the upload of {upload.doc_key}",
            "POST",
            "/api/ingest",
            data=upload.form(self.config),
            files={"file": (upload.file_name, upload.content, "text/plain; charset=utf-8")},
            headers=self._headers(upload.project_id),
            timeout=self._timeout(self.config.ingest_timeout_s),
        )
        return parse_job(response.json())

    async def job(self, job_id: str, *, project_id: str | None) -> CitexJob:
        response = await self._request(
            f"the status of job {job_id}",
            "GET",
            f"/api/ingest/jobs/{job_id}",
            headers=self._headers(project_id),
            timeout=self._timeout(self.config.query_timeout_s),
        )
        return parse_job(response.json())

    async def wait_for_job(self, job: CitexJob, *, project_id: str | None) -> CitexJob:
        """Poll every second up to `CITEX_JOB_WAIT_S`; a job still running then is returned as is."""
        for _ in range(math.ceil(self.config.job_wait_s / POLL_INTERVAL_S)):
            if job.is_done:
                break
            await self._sleep(POLL_INTERVAL_S)
            job = await self.job(job.job_id, project_id=project_id)
        return job

    async def query(self, body: Mapping[str, object], *, project_id: str | None) -> list[CitexHit]:
        """`POST /api/retrieval/query` for one project."""
        response = await self._request(
            "a query",
            "POST",
            "/api/retrieval/query",
            json=dict(body),
            headers=self._headers(project_id),
            timeout=self._timeout(self.config.query_timeout_s),
        )
        return parse_hits(response.json())

    async def delete_document(self, citex_doc_id: str, *, project_id: str | None) -> bool:
        """`DELETE /api/documents/{id}`; False when Citex has no such route or doc (404/405 → tombstone)."""
        try:
            await self._request(
                f"the deletion of document {citex_doc_id}",
                "DELETE",
                f"/api/documents/{citex_doc_id}",
                headers=self._headers(project_id),
                timeout=self._timeout(self.config.query_timeout_s),
            )
        except CitexRejected as exc:
            if exc.details.get("status") in (404, 405):
                return False
            raise
        return True

    async def delete_project(self, citex_project: str) -> None:
        """`DELETE /api/projects/{id}?confirmProjectId={id}` (a missing project counts as deleted)."""
        try:
            await self._request(
                f"the deletion of project {citex_project}",
                "DELETE",
                f"/api/projects/{citex_project}",
                params={"confirmProjectId": citex_project},
                headers=self._headers(None),
                timeout=self._timeout(self.config.query_timeout_s),
            )
        except CitexRejected as exc:
            if exc.details.get("status") != 404:
                raise


def _rejected(what: str, response: httpx.Response) -> CitexRejected:
    status = response.status_code
    message = _server_message(response)
    if status in (401, 403):
        text = (
            f"Citex rejected the API key (HTTP {status}: {message}) for {what}: "
            "check CHIEFOPS_CITEX_API_KEY and CHIEFOPS_CITEX_USER_ID."
        )
    else:
        text = f"Citex refused {what} (HTTP {status}): {message}"
    return CitexRejected(text, details={"status": status, "server_message": message})


async def probe_citex(settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None) -> str:
    """One `GET /health` against the configured Citex (`chiefops doctor`); returns what answered.

    Raises `ConfigError` without `CHIEFOPS_CITEX_URL`, `CitexUnavailable` / `CitexRejected` when it
    does not answer (the key is never part of the message).
    """
    config = CitexConfig.from_settings(settings)
    client = CitexClient(config, transport=transport)
    try:
        await client.health()
    finally:
        await client.aclose()
    key = "API key set" if config.api_key else "no API key set"
    return f"Citex at {config.url} answering /health ({key}, user {config.user_id})"
