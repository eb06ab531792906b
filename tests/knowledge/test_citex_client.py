"""The Citex HTTP client against a loopback fake (spec 03 §5): headers, routes, bodies, retries, timeouts.

Retry delays go through an injected `sleep` that only records them, so no test waits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.knowledge.citex_fake import API_KEY, FakeCitex, Sleeps, black_hole, fixture, refused_url, serve

from chiefops.config import Settings
from chiefops.errors import ConfigError
from chiefops.knowledge import parse_query
from chiefops.knowledge.citex import (
    CitexClient,
    CitexConfig,
    CitexHit,
    CitexJob,
    CitexRejected,
    CitexUnavailable,
    CitexUpload,
    parse_hits,
    parse_job,
    query_body,
)

ALPHA = "11111111-1111-4111-8111-111111111111"


@pytest.fixture
def fake() -> Iterator[tuple[FakeCitex, str]]:
    citex = FakeCitex()
    with serve(citex) as url:
        yield citex, url


def _config(url: str, **overrides: object) -> CitexConfig:
    values: dict[str, object] = {
        "url": url,
        "api_key": API_KEY,
        "connect_timeout_s": 2.0,
        "query_timeout_s": 5.0,
        "ingest_timeout_s": 5.0,
        "job_wait_s": 3.0,
    }
    values.update(overrides)
    return CitexConfig(**values)  # type: ignore[arg-type]


def _upload() -> CitexUpload:
    return CitexUpload(
        doc_key="jira:ALPHA-142",
        project_id=ALPHA,
        file_name="jira_ALPHA-142.txt",
        content=b"Jira ALPHA-142 Configure push notifications\n\nPush certificates renewed.",
        tags=("doc_key:jira:ALPHA-142", "source:jira", f"project_id:{ALPHA}"),
    )


async def test_ingest_sends_the_multipart_fields_and_headers_of_the_spec(fake: tuple[FakeCitex, str]) -> None:
    citex, url = fake
    client = CitexClient(_config(url), sleep=Sleeps())

    job = await client.ingest(_upload())
    await client.aclose()

    [sent] = citex.calls("POST", "/api/ingest")
    assert (sent.method, job.job_id, job.document_id, job.status) == (
        "POST",
        "job-0001",
        "doc-0001",
        "queued",
    )
    assert sent.headers["x-citex-api-key"] == API_KEY
    assert (sent.headers["x-citex-user-id"], sent.headers["x-citex-scope-id"]) == (
        "chiefops",
        f"project:{ALPHA}",
    )
    assert sent.form == {
        "project_id": ALPHA,
        "user_id": "chiefops",
        "scope_id": f"project:{ALPHA}",
        "tags": f'["doc_key:jira:ALPHA-142","source:jira","project_id:{ALPHA}"]',
    }
    assert sent.files["file"] == ("jira_ALPHA-142.txt", _upload().content, "text/plain; charset=utf-8")
    assert set(fixture("ingest_request")) - {"_comment", "file"} == set(sent.form)


async def test_query_posts_the_body_of_the_spec_with_top_k_tripled_and_capped(
    fake: tuple[FakeCitex, str],
) -> None:
    citex, url = fake
    config = _config(url)
    client = CitexClient(config, sleep=Sleeps())
    q = parse_query({"text": "push notifications", "project_ids": [ALPHA], "top_k": 25, "sources": ["jira"]})

    await client.query(query_body(q, project_id=ALPHA, config=config), project_id=ALPHA)
    await client.aclose()

    [sent] = citex.calls("POST", "/api/retrieval/query")
    assert sent.json == {
        "project_id": ALPHA,
        "query": "push notifications",
        "top_k": 60,
        "score_threshold": 0,
        "user_id": "chiefops",
        "scope_id": f"project:{ALPHA}",
        "filters": {"project_id": [ALPHA], "source": ["jira"]},
    }
    assert set(sent.json) == set(fixture("query_request")) - {"_comment"}


async def test_a_shared_citex_project_keeps_the_chiefops_project_in_the_scope(
    fake: tuple[FakeCitex, str],
) -> None:
    citex, url = fake
    config = _config(url, project_id="chiefops-shared")
    client = CitexClient(config, sleep=Sleeps())
    q = parse_query({"text": "push", "top_k": 5})

    await client.query(query_body(q, project_id=ALPHA, config=config), project_id=ALPHA)
    await client.aclose()

    [sent] = citex.calls("POST", "/api/retrieval/query")
    assert (sent.json["project_id"], sent.json["scope_id"], sent.json["top_k"]) == (
        "chiefops-shared",
        f"project:{ALPHA}",
        15,
    )
    assert sent.headers["x-citex-scope-id"] == f"project:{ALPHA}"


async def test_a_401_is_one_call_and_a_clear_error(fake: tuple[FakeCitex, str]) -> None:
    citex, url = fake
    sleeps = Sleeps()
    client = CitexClient(_config(url, api_key="wrong-key"), sleep=sleeps)

    with pytest.raises(CitexRejected) as caught:
        await client.query({"project_id": ALPHA, "query": "x", "top_k": 3}, project_id=ALPHA)
    await client.aclose()

    assert len(citex.calls("POST", "/api/retrieval/query")) == 1
    assert sleeps.delays == []
    assert caught.value.message == (
        "Citex rejected the API key (HTTP 401: Invalid API key) for a query: "
        "check CHIEFOPS_CITEX_API_KEY and CHIEFOPS_CITEX_USER_ID."
    )


async def test_a_503_is_tried_three_times_half_a_second_then_a_second_apart(
    fake: tuple[FakeCitex, str],
) -> None:
    citex, url = fake
    citex.fail("query", 503, 503, 503)
    sleeps = Sleeps()
    client = CitexClient(_config(url), sleep=sleeps)

    with pytest.raises(CitexUnavailable) as caught:
        await client.query({"project_id": ALPHA, "query": "x", "top_k": 3}, project_id=ALPHA)
    await client.aclose()

    assert len(citex.calls("POST", "/api/retrieval/query")) == 3
    assert sleeps.delays == [0.5, 1.0]
    assert caught.value.message == (
        f"Citex at {url} did not answer a query (HTTP 503: scripted failure 503; 3 attempts). "
        "Check that it is running; ChiefOps answers from its local index meanwhile."
    )


async def test_a_429_then_an_answer_succeeds_on_the_second_attempt(fake: tuple[FakeCitex, str]) -> None:
    citex, url = fake
    citex.fail("query", 429)
    sleeps = Sleeps()
    client = CitexClient(_config(url), sleep=sleeps)

    hits = await client.query({"project_id": ALPHA, "query": "x", "top_k": 3}, project_id=ALPHA)
    await client.aclose()

    assert (hits, len(citex.calls("POST", "/api/retrieval/query")), sleeps.delays) == ([], 2, [0.5])


@pytest.mark.parametrize("status", [400, 404, 422])
async def test_other_4xx_are_never_retried(fake: tuple[FakeCitex, str], status: int) -> None:
    citex, url = fake
    citex.fail("ingest", status)
    client = CitexClient(_config(url), sleep=Sleeps())

    with pytest.raises(CitexRejected) as caught:
        await client.ingest(_upload())
    await client.aclose()

    assert len(citex.calls("POST", "/api/ingest")) == 1
    assert (
        caught.value.message
        == f"Citex refused the upload of jira:ALPHA-142 (HTTP {status}): scripted failure {status}"
    )


async def test_connection_refused_is_retried_then_reported_unavailable() -> None:
    sleeps = Sleeps()
    client = CitexClient(_config(refused_url()), sleep=sleeps)

    with pytest.raises(CitexUnavailable) as caught:
        await client.query({"project_id": ALPHA, "query": "x", "top_k": 3}, project_id=ALPHA)
    await client.aclose()

    assert sleeps.delays == [0.5, 1.0]
    assert caught.value.details == {"operation": "a query", "attempts": 3}
    assert "ConnectError" in caught.value.message


async def test_the_health_probe_is_a_single_attempt() -> None:
    sleeps = Sleeps()
    client = CitexClient(_config(refused_url()), sleep=sleeps)

    with pytest.raises(CitexUnavailable) as caught:
        await client.health()
    await client.aclose()

    assert sleeps.delays == []
    assert caught.value.details == {"operation": "a health check", "attempts": 1}


async def test_a_server_that_never_answers_times_out_within_the_configured_limits() -> None:
    sleeps = Sleeps()
    with black_hole() as url:
        client = CitexClient(_config(url, query_timeout_s=0.2), sleep=sleeps)
        with pytest.raises(CitexUnavailable) as caught:
            await client.query({"project_id": ALPHA, "query": "x", "top_k": 3}, project_id=ALPHA)
        await client.aclose()

    assert "ReadTimeout" in caught.value.message
    assert sleeps.delays == [0.5, 1.0]


async def test_a_job_is_polled_every_second_until_done(fake: tuple[FakeCitex, str]) -> None:
    citex, url = fake
    citex.running_polls = 1
    sleeps = Sleeps()
    client = CitexClient(_config(url), sleep=sleeps)

    job = await client.wait_for_job(await client.ingest(_upload()), project_id=ALPHA)
    await client.aclose()

    assert (job.status, job.document_id) == ("completed", "doc-0001")
    assert [r.path for r in citex.calls("GET", "/api/ingest/jobs")] == ["/api/ingest/jobs/job-0001"] * 2
    assert sleeps.delays == [1.0, 1.0]


async def test_a_job_still_running_after_the_wait_is_returned_running(fake: tuple[FakeCitex, str]) -> None:
    citex, url = fake
    citex.running_polls = 10
    sleeps = Sleeps()
    client = CitexClient(_config(url, job_wait_s=3.0), sleep=sleeps)

    job = await client.wait_for_job(await client.ingest(_upload()), project_id=ALPHA)
    await client.aclose()

    assert job.status == "running"
    assert sleeps.delays == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("route_status", [404, 405])
async def test_document_deletion_without_the_route_or_the_doc_reports_false(
    fake: tuple[FakeCitex, str], route_status: int
) -> None:
    citex, url = fake
    citex.document_route = route_status
    client = CitexClient(_config(url), sleep=Sleeps())

    deleted = await client.delete_document("doc-0009", project_id=ALPHA)
    await client.aclose()

    assert deleted is False


async def test_project_deletion_repeats_the_id_as_confirmation(fake: tuple[FakeCitex, str]) -> None:
    citex, url = fake
    client = CitexClient(_config(url), sleep=Sleeps())

    await client.delete_project(ALPHA)
    await client.aclose()

    [sent] = citex.calls("DELETE", "/api/projects")
    assert (sent.method, sent.path, sent.query) == (
        "DELETE",
        f"/api/projects/{ALPHA}",
        {"confirmProjectId": ALPHA},
    )


def test_the_recorded_response_shapes_parse() -> None:
    assert parse_job(fixture("job_response")) == CitexJob(
        jobId="job-0001", status="completed", documentId="doc-0001"
    )
    assert parse_hits(fixture("query_response")) == [
        CitexHit(
            chunk_id="doc-0001:c0",
            document_id="doc-0001",
            content="Push certificates renewed for the iOS app; notifications work again.",
            score=0.87,
            tags={"doc_key": "jira:ALPHA-142", "source": "jira", "project_id": ALPHA},
        )
    ]


def test_an_unexpected_query_answer_is_reported_not_guessed() -> None:
    with pytest.raises(CitexUnavailable) as caught:
        parse_hits({"documents": []})
    assert caught.value.message == "Citex answered a query without a `results` list."


def test_the_citex_backend_without_a_url_stops_start_up_naming_the_setting() -> None:
    settings = Settings(knowledge_backend="citex", _env_file=None)  # type: ignore[call-arg]

    with pytest.raises(ConfigError) as caught:
        CitexConfig.from_settings(settings)

    assert caught.value.message.startswith("CHIEFOPS_KNOWLEDGE_BACKEND=citex needs CHIEFOPS_CITEX_URL")
