"""`chiefops doctor` (spec 01 §4): it only looks — a running server's jobs are left alone — and the
remote AI check is one real request to a loopback server speaking the provider's protocol (09)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr
from tests.ingest.fixtures_ingest import slack_export

from chiefops.config import Settings
from chiefops.doctor import Check, check_ai, run_checks
from chiefops.models import IngestionFileType, IngestionJob, IngestionStatus, JobOutcome
from chiefops.services import Services

KEY = "sk-test-123456"


@dataclass
class Provider:
    """A loopback provider: answers `GET …/models` with `status`, remembers each request."""

    url: str
    status: int = 200
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@pytest.fixture
def provider() -> Iterator[Provider]:
    state = Provider(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            body = json.dumps({"data": [{"id": "gpt-test"}]}).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _remote(tmp_path: Path, provider: str, base_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        ai_provider=provider,
        ai_base_url=f"{base_url}/v1",
        anthropic_base_url=base_url,
        ai_api_key=SecretStr(KEY),
        _env_file=None,  # type: ignore[call-arg]
    )


async def test_a_reachable_openai_endpoint_is_ok_after_a_real_request(
    tmp_path: Path, provider: Provider
) -> None:
    """Audit foundation D4: any key was reported ok without a request."""
    check = await check_ai(_remote(tmp_path, "openai", provider.url))
    assert check == Check("ai_provider", True, f"openai: {provider.url}/v1/models answered 200 with this key")
    assert [(path, headers["authorization"]) for path, headers in provider.seen] == [
        ("/v1/models", f"Bearer {KEY}")
    ]


async def test_a_refused_key_fails_naming_the_setting(tmp_path: Path, provider: Provider) -> None:
    provider.status = 401
    check = await check_ai(_remote(tmp_path, "openai", provider.url))
    assert check == Check(
        "ai_provider",
        False,
        f"openai: {provider.url}/v1/models refused the key (HTTP 401); check CHIEFOPS_AI_API_KEY",
    )


async def test_an_unreachable_endpoint_fails_naming_the_base_url_setting(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{_closed_port()}"
    check = await check_ai(_remote(tmp_path, "openai", base))
    assert check == Check(
        "ai_provider",
        False,
        f"openai: cannot reach {base}/v1/models (ConnectError); check CHIEFOPS_AI_BASE_URL and the network",
    )


async def test_anthropic_is_asked_for_its_models_with_its_own_headers(
    tmp_path: Path, provider: Provider
) -> None:
    check = await check_ai(_remote(tmp_path, "anthropic", provider.url))
    [(path, headers)] = provider.seen
    assert check.ok is True
    assert (path, headers["x-api-key"], headers["anthropic-version"]) == ("/v1/models", KEY, "2023-06-01")


async def test_the_local_provider_needs_no_request(tmp_path: Path) -> None:
    check = await check_ai(Settings(data_dir=tmp_path, _env_file=None))  # type: ignore[call-arg]
    assert check == Check(
        "ai_provider", True, "local: built-in deterministic engine, nothing leaves this machine"
    )


async def test_doctor_leaves_a_job_it_finds_processing_as_it_is(
    container: Services, settings: Settings
) -> None:
    """Audit foundation D1: doctor started the whole container, whose job recovery marked every
    `processing` job interrupted and deleted its spool — it broke a live server's ingestion."""
    stuck = IngestionJob(
        file_name="export.zip", file_type=IngestionFileType.SLACK_ZIP, status=IngestionStatus.PROCESSING
    )
    await container.store.typed(IngestionJob).insert_many([stuck])
    checks = await run_checks(settings)
    job = await container.ingest.get(stuck.job_id)
    assert [c for c in checks if c.name == "database"] == [
        Check("database", True, "sqlite opened and answering")
    ]
    assert (job.status, job.outcome) == (IngestionStatus.PROCESSING, None)


async def test_doctor_during_an_ingestion_lets_it_finish_whole(
    container: Services, settings: Settings, tmp_path: Path
) -> None:
    """Audit foundation D1, as the audit saw it: doctor run while an upload was being ingested."""
    release = asyncio.Event()

    async def hold(_: IngestionJob) -> None:
        await release.wait()

    container.ingest_hooks.resolving_people.append(hold)
    job_id = await container.ingest.submit([slack_export(tmp_path / "export.zip")])
    async for event in container.ingest.events(job_id, after_seq=0):
        if event.name == "ingest.job" and event.data["stage"] == "resolving_people":
            break
    await run_checks(settings)
    during = await container.ingest.get(job_id)
    release.set()
    summary = await container.ingest.wait(job_id)
    assert during.status is IngestionStatus.PROCESSING
    assert (summary.outcome, summary.messages.new) == (JobOutcome.OK, 6)
