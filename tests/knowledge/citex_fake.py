"""A loopback Citex for tests (spec 03 §12 check 8): a real HTTP server on 127.0.0.1 (uvicorn in a
thread, real sockets) answering with the shapes recorded in `tests/fixtures/citex/*.json`.

Tests script it — `fail("ingest", 503, 503)` answers the next two uploads with 503, `running_polls`
keeps jobs running for that many polls, `document_route=405` makes document deletion unsupported,
`stale` hits are returned even for deleted docs — and read what it received in `requests`.
"""

from __future__ import annotations

import copy
import json
import re
import socket
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "citex"
API_KEY = "test-citex-key"
_WORD = re.compile(r"\w+")


@dataclass
class Sleeps:
    """Records the delays a client asks for instead of waiting (tests never sleep)."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Received:
    """One request as the fake saw it."""

    method: str
    path: str
    headers: dict[str, str]
    query: dict[str, str]
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    json: Any = None


@dataclass
class StoredDoc:
    document_id: str
    project_id: str
    text: str
    tags: list[str]
    file_name: str


class FakeCitex:
    """State and routes of the fake; see the module docstring for the knobs."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.documents: dict[str, StoredDoc] = {}
        self.stale: list[StoredDoc] = []
        self.running_polls = 0
        self.document_route = 200
        self._failures: dict[str, deque[int]] = {}
        self._counter = 0

    def fail(self, route: str, *statuses: int) -> None:
        """Answer the next requests of `route` (health, ingest, job, query, delete_document,
        delete_project) with these statuses, one each."""
        self._failures.setdefault(route, deque()).extend(statuses)

    def calls(self, method: str, path_prefix: str) -> list[Received]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    # --- plumbing ---------------------------------------------------------------------------------

    async def _record(self, request: Request) -> Received:
        received = Received(
            method=request.method,
            path=request.url.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            query=dict(request.query_params),
        )
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await request.form()
            for key, value in form.multi_items():
                if isinstance(value, UploadFile):
                    received.files[key] = (value.filename or "", await value.read(), value.content_type or "")
                else:
                    received.form[key] = str(value)
        elif request.method == "POST":
            received.json = json.loads(await request.body() or b"null")
        self.requests.append(received)
        return received

    def _refusal(self, route: str, received: Received) -> JSONResponse | None:
        if received.headers.get("x-citex-api-key") != API_KEY:
            return JSONResponse(fixture("error_response"), status_code=401)
        queued = self._failures.get(route)
        if queued:
            status = queued.popleft()
            return JSONResponse({"detail": f"scripted failure {status}"}, status_code=status)
        return None

    # --- routes -----------------------------------------------------------------------------------

    async def health(self, request: Request) -> JSONResponse:
        await self._record(request)
        queued = self._failures.get("health")
        if queued:
            return JSONResponse({"detail": "starting"}, status_code=queued.popleft())
        return JSONResponse(fixture("health"))

    async def ingest(self, request: Request) -> JSONResponse:
        received = await self._record(request)
        if (refusal := self._refusal("ingest", received)) is not None:
            return refusal
        self._counter += 1
        doc_id, job_id = f"doc-{self._counter:04d}", f"job-{self._counter:04d}"
        filename, content, _ = received.files["file"]
        self.documents[doc_id] = StoredDoc(
            document_id=doc_id,
            project_id=received.form["project_id"],
            text=content.decode("utf-8"),
            tags=json.loads(received.form["tags"]),
            file_name=filename,
        )
        body = fixture("ingest_response")
        body["job"].update(jobId=job_id, documentId=doc_id)
        return JSONResponse(body, status_code=202)

    async def job(self, request: Request) -> JSONResponse:
        received = await self._record(request)
        if (refusal := self._refusal("job", received)) is not None:
            return refusal
        job_id = request.path_params["job_id"]
        body = fixture("job_response")
        status = "completed"
        if self.running_polls > 0:
            self.running_polls -= 1
            status = "running"
        body["job"].update(jobId=job_id, documentId=job_id.replace("job-", "doc-"), status=status)
        return JSONResponse(body)

    async def query(self, request: Request) -> JSONResponse:
        received = await self._record(request)
        if (refusal := self._refusal("query", received)) is not None:
            return refusal
        body = received.json
        words = set(_WORD.findall(str(body["query"]).casefold()))
        docs = [d for d in [*self.documents.values(), *self.stale] if d.project_id == body["project_id"]]
        scored = sorted(
            ((len(words & set(_WORD.findall(d.text.casefold()))), d) for d in docs),
            key=lambda pair: (-pair[0], pair[1].document_id),
        )
        template = fixture("query_response")["results"][0]
        results = []
        for score, doc in scored[: int(body["top_k"])]:
            if score == 0:
                continue
            item = copy.deepcopy(template)
            item.update(chunk_id=f"{doc.document_id}:c0", document_id=doc.document_id, content=doc.text)
            item["score"] = round(score / max(1, len(words)), 4)
            item["metadata"].update(file_name=doc.file_name, tags=doc.tags)
            results.append(item)
        return JSONResponse({"results": results, "query": body["query"], "took_ms": 3})

    async def delete_document(self, request: Request) -> JSONResponse:
        received = await self._record(request)
        if (refusal := self._refusal("delete_document", received)) is not None:
            return refusal
        doc_id = request.path_params["document_id"]
        if self.document_route != 200:
            return JSONResponse({"detail": "Method Not Allowed"}, status_code=self.document_route)
        if self.documents.pop(doc_id, None) is None:
            return JSONResponse({"detail": "Document not found"}, status_code=404)
        body = fixture("delete_document_response")
        body.update(documentId=doc_id)
        return JSONResponse(body)

    async def delete_project(self, request: Request) -> JSONResponse:
        received = await self._record(request)
        if (refusal := self._refusal("delete_project", received)) is not None:
            return refusal
        project_id = request.path_params["project_id"]
        if received.query.get("confirmProjectId") != project_id:
            return JSONResponse({"detail": "confirmProjectId must repeat the project id"}, status_code=400)
        gone = [k for k, d in self.documents.items() if d.project_id == project_id]
        for key in gone:
            del self.documents[key]
        body = fixture("delete_project_response")
        body.update(projectId=project_id, documents=len(gone))
        return JSONResponse(body)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/health", self.health, methods=["GET"]),
                Route("/api/ingest", self.ingest, methods=["POST"]),
                Route("/api/ingest/jobs/{job_id}", self.job, methods=["GET"]),
                Route("/api/retrieval/query", self.query, methods=["POST"]),
                Route("/api/documents/{document_id}", self.delete_document, methods=["DELETE"]),
                Route("/api/projects/{project_id}", self.delete_project, methods=["DELETE"]),
            ]
        )


def _listening_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock


@contextmanager
def serve(fake: FakeCitex) -> Iterator[str]:
    """Run the fake on a free loopback port; yields its base URL. Connections made before the server
    loop starts wait in the socket's backlog, so no start-up wait is needed."""
    sock = _listening_socket()
    server = uvicorn.Server(uvicorn.Config(fake.app(), log_level="warning", lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def refused_url() -> str:
    """A loopback URL nothing listens on (connection refused)."""
    sock = _listening_socket()
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


@contextmanager
def black_hole() -> Iterator[str]:
    """A loopback URL that accepts connections (backlog) but never answers: every read times out."""
    sock = _listening_socket()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()
