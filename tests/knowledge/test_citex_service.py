"""`CHIEFOPS_KNOWLEDGE_BACKEND=citex` end to end (spec 03 §5, §12 check 8; audit D2).

The backend is chosen by `KnowledgeService.build` from settings, against the loopback fake Citex:
searches go to Citex, fall back to the embedded index when Citex refuses connections (degraded,
warning, a `knowledge.status` event on the app's bus), `chiefops search` runs on it and
`chiefops doctor` reports whether Citex answers.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from tests.knowledge.builders import ALPHA, AS_OF, PEOPLE, PROJECTS, channel, message
from tests.knowledge.citex_fake import API_KEY, FakeCitex, Sleeps, refused_url, serve
from typer.testing import CliRunner

from chiefops.cli import app
from chiefops.config import Settings
from chiefops.errors import ConfigError
from chiefops.knowledge import IndexChanges, KnowledgeService, parse_query
from chiefops.models import Channel, Message, Person, Project
from chiefops.services import Services

ALPHA_DEV = channel()
NOTE = message("Push certificates renewed for the iOS app", when=AS_OF, chan=ALPHA_DEV)
WARNING = "Citex unreachable since 09:00 — answered from the local index"


def _settings(tmp_path: Path, url: str | None) -> Settings:
    return Settings(  # type: ignore[call-arg]
        data_dir=tmp_path / "citex-data",
        knowledge_backend="citex",
        citex_url=url,
        citex_api_key=API_KEY,
        citex_job_wait_s=2.0,
        semantic_search="off",
        _env_file=None,
    )


@pytest.fixture
def fake_url() -> Iterator[tuple[FakeCitex, str]]:
    fake = FakeCitex()
    with serve(fake) as url:
        yield fake, url


async def _service(container: Services, settings: Settings) -> KnowledgeService:
    """A Citex-backed service over the container's store and event bus (retry waits recorded)."""
    service = KnowledgeService.build(
        settings,
        store=container.store,
        clock=container.clock,
        events=container.events,
        outbox_tick_s=None,
        citex_sleep=Sleeps(),
    )
    await service.start()
    await container.store.typed(Person).insert_many(PEOPLE)
    await container.store.typed(Project).insert_many(PROJECTS)
    await container.store.typed(Channel).insert_many([ALPHA_DEV])
    await container.store.typed(Message).insert_many([NOTE])
    return service


@pytest.fixture
async def citex(
    container: Services, tmp_path: Path, fake_url: tuple[FakeCitex, str]
) -> AsyncIterator[KnowledgeService]:
    service = await _service(container, _settings(tmp_path, fake_url[1]))
    try:
        yield service
    finally:
        await service.close()


@pytest.fixture
async def citex_down(container: Services, tmp_path: Path) -> AsyncIterator[KnowledgeService]:
    service = await _service(container, _settings(tmp_path, refused_url()))
    try:
        yield service
    finally:
        await service.close()


async def test_the_settings_choose_citex_and_searches_are_answered_by_it(
    citex: KnowledgeService, fake_url: tuple[FakeCitex, str]
) -> None:
    fake, _ = fake_url
    await citex.sink.apply(IndexChanges(slack_days={("C0ALPHADEV", AS_OF.date())}))

    result = await citex.search(parse_query({"text": "push certificates", "project_ids": [ALPHA]}))

    assert citex.index.name == "citex"
    assert [d.tags[0] for d in fake.documents.values()] == ["doc_key:slack:C0ALPHADEV:day:2026-11-30"]
    assert (result.backend, result.degraded) == ("citex", False)
    assert [h.chunk_id for h in result.hits] == ["slack:C0ALPHADEV:day:2026-11-30#0"]
    assert (await citex.status()).health.backend == "citex"


async def test_connection_refused_answers_from_the_embedded_index_and_publishes_the_status(
    citex_down: KnowledgeService, container: Services
) -> None:
    await citex_down.sink.apply(IndexChanges(slack_days={("C0ALPHADEV", AS_OF.date())}))

    result = await citex_down.search(parse_query({"text": "push certificates", "project_ids": [ALPHA]}))
    events = [e.data for e in container.events.recent() if e.name == "knowledge.status"]

    assert [h.chunk_id for h in result.hits] == ["slack:C0ALPHADEV:day:2026-11-30#0"]
    assert (result.backend, result.degraded, result.warnings[0]) == ("embedded-fts", True, WARNING)
    assert [(e["state"], e["since"], e["queued"]) for e in events] == [
        ("degraded", "2026-12-01T09:00:00.000000Z", 1)
    ]
    assert "ConnectError" in str(events[0]["reason"])
    assert (await citex_down.status()).health.state == "degraded"


def test_citex_without_a_url_stops_start_up_saying_which_setting_to_set(
    container: Services, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as raised:
        KnowledgeService.build(_settings(tmp_path, None), store=container.store, clock=container.clock)
    assert raised.value.message == (
        "CHIEFOPS_KNOWLEDGE_BACKEND=citex needs CHIEFOPS_CITEX_URL (for example http://127.0.0.1:20161); "
        "set it, or set CHIEFOPS_KNOWLEDGE_BACKEND=embedded."
    )


# --- the CLI -------------------------------------------------------------------------------------

runner = CliRunner()


def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str) -> None:
    for key in [k for k in os.environ if k.startswith("CHIEFOPS_")]:
        monkeypatch.delenv(key)
    for key, value in {
        "CHIEFOPS_DATA_DIR": str(tmp_path / "data"),
        "CHIEFOPS_KNOWLEDGE_BACKEND": "citex",
        "CHIEFOPS_CITEX_URL": url,
        "CHIEFOPS_CITEX_API_KEY": API_KEY,
        "CHIEFOPS_SEMANTIC_SEARCH": "off",
    }.items():
        monkeypatch.setenv(key, value)


def test_chiefops_search_runs_on_the_citex_backend(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_url: tuple[FakeCitex, str]
) -> None:
    fake, url = fake_url
    _env(monkeypatch, tmp_path, url)
    result = runner.invoke(app, ["search", "push certificates", "--json"])
    body = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert (body["backend"], body["degraded"], body["hits"]) == ("citex", False, [])
    assert [r.path for r in fake.calls("POST", "/api/retrieval/query")] == ["/api/retrieval/query"]


def test_doctor_reports_a_reachable_citex(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fake_url: tuple[FakeCitex, str]
) -> None:
    _, url = fake_url
    _env(monkeypatch, tmp_path, url)
    report = json.loads(runner.invoke(app, ["doctor", "--json"]).stdout)
    citex = next(c for c in report["checks"] if c["name"] == "citex")
    assert citex == {
        "name": "citex",
        "ok": True,
        "detail": f"Citex at {url} answering /health (API key set, user chiefops)",
        "required": True,
    }
    assert report["config"]["citex_api_key"] == "****"
    assert API_KEY not in json.dumps(report)


def test_doctor_warns_when_citex_refuses_connections(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = refused_url()
    _env(monkeypatch, tmp_path, url)
    report = json.loads(runner.invoke(app, ["doctor", "--json"]).stdout)
    citex = next(c for c in report["checks"] if c["name"] == "citex")
    assert (citex["ok"], citex["required"]) == (False, False)
    assert citex["detail"].startswith(f"Citex at {url} did not answer a health check (ConnectError")
    assert citex["detail"].endswith(
        "Check that it is running; ChiefOps answers from its local index meanwhile."
    )
