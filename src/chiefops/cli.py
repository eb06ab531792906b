"""The `chiefops` command line (spec 01 §5): thin shells over the same services as the API.

Each command parses input, calls one service function and renders the result; `--json` prints
exactly one JSON document on stdout. Exit codes: 0 ok, 1 a check or item failed, 2 bad usage or
input, 3 internal failure.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import orjson
import typer
from pydantic import BaseModel
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from chiefops import __version__
from chiefops.config import Settings, read_settings
from chiefops.errors import ChiefOpsError, ConfigError, DependencyDown, InvalidInput, ValidationFailed
from chiefops.logs import configure_logging

if TYPE_CHECKING:
    from chiefops.ai import AuditDetail, AuditLog

app = typer.Typer(
    name="chiefops",
    help="ChiefOps: an operations assistant for the COO. Slack, Jira and Drive exports in; insight out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document instead of tables.")]

T = TypeVar("T")


def exit_code_for(exc: ChiefOpsError) -> int:
    """Bad usage or input → 2; configuration refusals → 2; anything else the product raised → 1."""
    return 2 if isinstance(exc, InvalidInput | ValidationFailed | ConfigError) else 1


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run one coroutine; turn product errors into a message and an exit code."""
    try:
        return asyncio.run(make())
    except ChiefOpsError as exc:
        err.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(exit_code_for(exc)) from exc


def print_json(value: object) -> None:
    """Exactly one JSON document on stdout (models serialise as the API does)."""
    if isinstance(value, BaseModel):
        sys.stdout.write(value.model_dump_json() + "\n")
    else:
        sys.stdout.write(orjson.dumps(value, default=str, option=orjson.OPT_INDENT_2).decode() + "\n")


def load_settings() -> Settings:
    """The settings from the environment; bad values → one `error:` line each, exit 2, no traceback."""
    try:
        settings = read_settings()
    except ConfigError as exc:
        for line in exc.message.splitlines():
            err.print(f"[red]error:[/red] {escape(line)}", soft_wrap=True)
        raise typer.Exit(2) from None
    configure_logging(settings.log_level)
    return settings


@app.command()
def serve() -> None:
    """Serve the API and the web UI on CHIEFOPS_HOST:CHIEFOPS_PORT (default 127.0.0.1:23000).

    Refuses to start, saying why, when the data dir or the database cannot be used (exit 3) or the
    settings are unsafe (exit 2).

    Example: `CHIEFOPS_DATA_DIR=./.chiefops chiefops serve`
    """
    import uvicorn

    from chiefops.app import create_app
    from chiefops.services import check_storage

    settings = load_settings()
    try:
        application = create_app(settings)
        asyncio.run(check_storage(settings))  # refuse to start, with the reason, before listening
    except ChiefOpsError as exc:
        err.print(f"[red]error:[/red] {escape(exc.message)}", soft_wrap=True)
        raise typer.Exit(3 if isinstance(exc, DependencyDown) else exit_code_for(exc)) from exc
    uvicorn.run(application, host=settings.host, port=settings.port, log_config=None, access_log=False)


@app.command()
def doctor(as_json: JsonOption = False) -> None:
    """Print the effective configuration (secrets masked) and check each dependency.

    Example: `chiefops doctor --json`
    """
    from chiefops.doctor import run_checks

    settings = load_settings()
    checks = run_async(lambda: run_checks(settings))
    failed = [c for c in checks if c.required and not c.ok]
    if as_json:
        print_json(
            {"version": __version__, "config": settings.masked(), "checks": [c.__dict__ for c in checks]}
        )
    else:
        table = Table("setting", "value", title=f"ChiefOps {__version__} — effective configuration")
        for key, value in settings.masked().items():
            table.add_row(key, value)
        out.print(table)
        for check in checks:
            mark = (
                "[green]ok[/green]"
                if check.ok
                else ("[red]FAIL[/red]" if check.required else "[yellow]warn[/yellow]")
            )
            out.print(f"{mark:>18}  {check.name:<12} {check.detail}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def openapi() -> None:
    """Print the HTTP API's OpenAPI document (JSON) — the source of the frontend's types.

    Example: `chiefops openapi > frontend/openapi.json`
    """
    from chiefops.app import create_app

    settings = Settings(host="127.0.0.1")
    schema = create_app(settings).openapi()
    sys.stdout.write(orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n")


@app.command("demo-data")
def demo_data(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write exports/ and truth.json into.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed and scale give identical files.")] = 7,
    scale: Annotated[
        int, typer.Option(min=1, max=200, help="Multiplies people, channels, messages, issues.")
    ] = 1,
    as_json: JsonOption = False,
) -> None:
    """Write the Lumen Labs demo world: Slack ZIP, Jira CSV, Drive folder and truth.json.

    Example: `chiefops demo-data /tmp/demo --seed 7 --scale 1`
    """
    from samples import generate_world

    report = generate_world(out_dir, seed=seed, scale=scale)
    if as_json:
        print_json(report)
    else:
        out.print(f"Demo world written to {report.out_dir} in {report.duration_s:.1f} s")
        out.print(f"  Slack: {report.slack_zip}\n  Jira:  {report.jira_csv}\n  Drive: {report.drive_dir}")
        out.print(f"  Truth: {report.truth_json}")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="What to look for in Slack, Jira and Drive.")],
    project: Annotated[str | None, typer.Option(help="Only this project: name, id or Jira key.")] = None,
    limit: Annotated[int, typer.Option(help="How many hits to show (1–50).")] = 15,
    as_json: JsonOption = False,
) -> None:
    """Retrieval only: ranked passages with their citations (no answer is written).

    Example: `chiefops search "Who takes the SSO config?" --project "Project Alpha" --limit 5`
    """
    from chiefops.knowledge import KnowledgeResult
    from chiefops.services import running_services

    settings = load_settings()

    async def run() -> KnowledgeResult:
        async with running_services(settings) as services:
            return await services.knowledge.search_text(text, project=project, limit=limit)

    result = run_async(run)
    if as_json:
        print_json(result)
        return
    for warning in result.warnings:
        out.print(f"[yellow]warning:[/yellow] {warning}")
    if not result.hits:
        out.print("No matching passages.")
    for hit in result.hits:
        citation = hit.citation
        out.print(f"[bold][{hit.rank}][/bold] {hit.score:.2f}  {citation.label}  [dim]{citation.ref}[/dim]")
        out.print(f"     {citation.quote}", markup=False, highlight=False)


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, folders or ZIPs: Slack exports, Jira CSV/XLSX, documents.")
    ],
    project: Annotated[
        str | None, typer.Option(help="Project every input belongs to (created if missing).")
    ] = None,
    channel: Annotated[str | None, typer.Option(help="Channel name for manual Slack JSON files.")] = None,
    opt_out_channel: Annotated[
        list[str] | None, typer.Option(help="Keep a channel out of search and AI (repeatable).")
    ] = None,
    opt_out_file: Annotated[
        list[str] | None, typer.Option(help="Keep files matching a name/glob out (repeatable).")
    ] = None,
    opt_out_keyword: Annotated[
        list[str] | None, typer.Option(help="Keep records with this word out (repeatable).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Detect only: what would be ingested; writes nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Ingest Slack, Jira and Drive exports with progress bars; exit 1 when a file failed or was skipped.

    Example: `chiefops ingest ./exports --opt-out-channel hr-confidential --json`
    """
    from chiefops.ingest import IngestOptions, IngestSummary, OptOutOptions
    from chiefops.ingest.console import IngestConsole, render_preview
    from chiefops.ingest.preflight import check_inputs, preview_inputs
    from chiefops.runtime import settle_heap
    from chiefops.services import running_services

    settings = load_settings()
    opt_out = OptOutOptions(
        channels=opt_out_channel or [], files=opt_out_file or [], keywords=opt_out_keyword or []
    )
    options = IngestOptions(project=project, channel=channel, opt_out=opt_out, dry_run=dry_run)
    run_async(lambda: asyncio.to_thread(check_inputs, paths, settings=settings))
    if dry_run:
        preview = run_async(lambda: preview_inputs(paths, settings=settings))
        print_json(preview) if as_json else render_preview(out, preview)
        raise typer.Exit(0)
    view = IngestConsole(out, as_json=as_json)

    async def work() -> IngestSummary | DependencyDown:
        try:
            async with running_services(settings) as services:
                settle_heap()
                with view:
                    return await services.ingest.run_with_events(paths, options, on_event=view.on_event)
        except DependencyDown as exc:
            return exc

    result = run_async(work)
    raise typer.Exit(view.failed(result) if isinstance(result, DependencyDown) else view.finish(result))


@app.command()
def people(
    project: Annotated[str | None, typer.Option(help="Only members of this project (id).")] = None,
    activity_level: Annotated[
        str | None, typer.Option(help="very_active, active, moderate, quiet or inactive.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many people to show (1–100).")] = 100,
    as_json: JsonOption = False,
) -> None:
    """People the analysis resolved: role, how sure, activity and flags (bots are never listed).

    Example: `chiefops people --activity-level quiet --json`
    """
    from chiefops.models import ActivityLevel, Page, Person, RoleSource
    from chiefops.services import running_services

    settings = load_settings()
    level = ActivityLevel(activity_level) if activity_level else None

    async def run() -> Page[Person]:
        async with running_services(settings) as services:
            return await services.intel.list_people(project_id=project, activity_level=level, limit=limit)

    page = run_async(run)
    if as_json:
        print_json([p.model_dump(mode="json") for p in page.items])
        return
    table = _listing_table(("Name", "wrap"), ("Role", "fixed"), ("Sure", "right"), ("Activity", "fixed"))
    table.add_column("Flags")
    for person in page.items:
        # A COO correction is certain; a detected role shows how sure the analysis is.
        if person.role_source is RoleSource.COO_CORRECTED:
            confidence = "COO"
        else:
            confidence = f"{person.role_confidence:.2f}" if person.role_confidence is not None else "–"
        table.add_row(
            person.name,
            person.role,
            confidence,
            person.activity_level.value,
            ", ".join(f.value for f in person.flags),
        )
    out.print(table)
    out.print(f"{len(page.items)} of {page.total} people")


@app.command()
def projects(as_json: JsonOption = False) -> None:
    """Projects the analysis found: status and its main reason, health, completion, risks, missing tasks.

    Example: `chiefops projects --json`
    """
    from chiefops.intel.views import ProjectView
    from chiefops.models import Page
    from chiefops.services import running_services

    settings = load_settings()

    async def run() -> Page[ProjectView]:
        async with running_services(settings) as services:
            return await services.intel.list_projects(limit=100)

    page = run_async(run)
    if as_json:
        print_json([p.model_dump(mode="json") for p in page.items])
        return
    table = _listing_table(
        ("Project", "wrap"),
        ("Status", "fixed"),
        ("Health", "right"),
        ("Done %", "right"),
        ("Deadline", "fixed"),
        ("Risks", "right"),
        ("Missing", "right"),
    )
    reasons: list[str] = []
    for project in page.items:
        deadline = project.deadline.date().isoformat() if project.deadline else "–"
        why = project.status_reasons[0].get("sentence", "") if project.status_reasons else ""
        table.add_row(
            project.name,
            project.status.value,
            str(project.health_score),
            f"{project.completion_percentage:.1f}",
            deadline,
            str(len(project.key_risks)),
            str(len(project.missing_tasks)),
        )
        if why:
            reasons.append(
                f"[bold]{escape(project.name)}[/bold] ({project.status.value}): {escape(str(why))}"
            )
    out.print(table)
    if reasons:
        out.print("Why", style="bold underline")
        for line in reasons:
            out.print(line)


def _listing_table(*columns: tuple[str, str]) -> Table:
    """A listing that stays legible in an 80-column terminal: light borders, and only the columns
    marked "wrap" (names) may wrap; the short codes and numbers never do."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    for header, kind in columns:
        table.add_column(
            header,
            no_wrap=kind != "wrap",
            justify="right" if kind == "right" else "left",
            min_width=12 if kind == "wrap" else None,
        )
    return table


audit_app = typer.Typer(
    help="What was sent to AI providers (the AI audit log): model, tokens, chunks, redactions.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")
RevealOption = Annotated[
    bool, typer.Option("--reveal", help="Restore redacted values from the map kept on this machine.")
]


async def _audit_call(call: Callable[[AuditLog], Awaitable[T]]) -> T:
    from chiefops.ai import AuditLog
    from chiefops.services import running_services

    settings = load_settings()
    async with running_services(settings) as services:
        log = AuditLog(services.store, clock=services.clock, retention_days=settings.audit_retention_days)
        return await call(log)


def _render_audit(detail: AuditDetail) -> None:
    entry = detail.entry
    out.print(f"[bold]{entry.operation}[/bold] · {entry.provider} {entry.model or ''} · {entry.status}")
    out.print(f"audit id {entry.audit_id} · {entry.created_at:%Y-%m-%d %H:%M:%S} UTC")
    if not entry.remote:
        out.print("Nothing left the machine (local provider).")
    estimated = " (estimated)" if entry.tokens_estimated else ""
    out.print(
        f"tokens {entry.tokens_in} in / {entry.tokens_out} out{estimated} · latency {entry.latency_ms} ms"
    )
    counts = ", ".join(f"{kind} {n}" for kind, n in sorted(entry.redactions.items())) or "nothing replaced"
    out.print(f"redaction {entry.redaction}: {counts} · opt-out drops {entry.optout_dropped.count}")
    out.print(entry.source_summary, markup=False)
    for chunk in entry.chunks:
        out.print(f"  [{chunk.rank}] {chunk.score:.2f} {chunk.label or chunk.chunk_id}", markup=False)
    for message in detail.messages:
        out.print(f"[dim]--- {message.role}[/dim]")
        out.print(message.content, markup=False, highlight=False)


@audit_app.command("last")
def audit_last(
    conversation: Annotated[str | None, typer.Option(help="Only calls of this conversation id.")] = None,
    reveal: RevealOption = False,
    as_json: JsonOption = False,
) -> None:
    """The newest AI call: provider, model, tokens, latency, chunks used, redactions and what was sent.

    Example: `chiefops audit last --json`
    """
    detail = run_async(
        lambda: _audit_call(lambda log: log.get_last(conversation_id=conversation, reveal=reveal))
    )
    print_json(detail) if as_json else _render_audit(detail)


@audit_app.command("show")
def audit_show(
    audit_id: Annotated[str, typer.Argument(help="The audit id (from `chiefops audit last` or the API).")],
    reveal: RevealOption = False,
    as_json: JsonOption = False,
) -> None:
    """One AI call from the audit log, with the exact messages that left the machine.

    Example: `chiefops audit show 0f8c1c3e-5d1a-4c52-9f0e-2a8d1b7e6c11 --reveal`
    """
    detail = run_async(lambda: _audit_call(lambda log: log.get_detail(audit_id, reveal=reveal)))
    print_json(detail) if as_json else _render_audit(detail)


def main() -> None:
    app()
