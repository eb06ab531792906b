"""Jira CSV exports → tasks, comment messages and people (spec 02 §5.1, §5.2, §5.6, §8; §17 check 7)."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from tests.ingest.fixtures_jira import JOB_ID, Issue, Layout, parse, render_csv, source_for, write_text

from chiefops.ingest.jira import JiraCsvReader
from chiefops.ingest.jira_rows import task_content_hash
from chiefops.ingest.units import (
    UNKNOWN_PERSON_ID,
    ParseContext,
    SpoolItem,
    UnitDoneItem,
    person_ref_id,
    project_ref_id,
)
from chiefops.models import (
    ChannelType,
    InputKind,
    Message,
    MessageSource,
    Person,
    SourceReference,
    SourceSystem,
    StatusCategory,
    Task,
    TaskComment,
    derived_id,
)

CREATED = datetime(2026, 9, 14, 9, 30, tzinfo=UTC)
UPDATED = datetime(2026, 9, 15, 10, 0, tzinfo=UTC)
WIDE = Layout(sprint=3, labels=2, components=2, fix_versions=2, watchers=3, comment=4)


def jira_id(source_id: str) -> str:
    return person_ref_id(SourceSystem.JIRA, source_id)


def export(tmp_path: Path, *issues: Issue, layout: Layout = WIDE) -> Path:
    return write_text(tmp_path / "export.csv", render_csv(issues, layout=layout))


def test_repeated_columns_become_complete_lists_and_the_last_sprint_is_current(tmp_path: Path) -> None:
    issue = Issue(
        "ALPHA-7",
        "Configure push notifications",
        sprints=("Alpha Sprint 1", "Alpha Sprint 2", ""),
        labels=("mobile", "blocked"),
        components=("Backend", "iOS"),
        fix_versions=("1.0", "1.1"),
        watchers=("Priya Sharma", "Raj Patel", "Amit Kumar"),
        comments=(
            "14/Sep/26 10:00 AM;acc-raj;First; with a semicolon\nand a second line",
            "14/Sep/26 11:00 AM;acc-priya;ok",
            "",
            "15/Sep/26 9:00 AM;acc-amit;done",
        ),
    )
    task = parse(export(tmp_path, issue)).task("jira:ALPHA-7")
    assert (task.sprint, task.sprints) == ("Alpha Sprint 2", ["Alpha Sprint 1", "Alpha Sprint 2"])
    assert (task.labels, task.components, task.fix_versions) == (
        ["mobile", "blocked"],
        ["Backend", "iOS"],
        ["1.0", "1.1"],
    )
    assert task.watchers == ["Priya Sharma", "Raj Patel", "Amit Kumar"]
    assert [comment.text for comment in task.comments] == [
        "First; with a semicolon\nand a second line",
        "ok",
        "done",
    ]


def test_a_full_row_maps_to_the_seed_task(tmp_path: Path) -> None:
    issue = Issue(
        "alpha-7",
        "Configure push notifications",
        status="In Progress",
        issue_type="Story",
        priority="High",
        assignee="Priya Sharma",
        assignee_id="acc-priya",
        due=datetime(2026, 10, 1, tzinfo=UTC),
        description="Push via APNs; see the design doc.",
        story_points="3,5",
        sprints=("Alpha Sprint 2",),
        labels=("mobile",),
        components=("Backend",),
        fix_versions=("1.0",),
        watchers=("Raj Patel",),
        blocks=("ALPHA-9",),
        blocked_by=("ALPHA-3", "ALPHA-4"),
    )
    task = parse(export(tmp_path, issue)).task("jira:ALPHA-7")
    expected = Task(
        task_id=derived_id("jira:ALPHA-7"),
        source="jira",
        jira_key="ALPHA-7",
        project_id=project_ref_id("ALPHA"),
        jira_project_key="ALPHA",
        summary="Configure push notifications",
        description="Push via APNs; see the design doc.",
        status="In Progress",
        status_category=StatusCategory.IN_PROGRESS,
        assignees=[jira_id("acc-priya")],
        reporter=jira_id("acc-raj"),
        priority="High",
        issue_type="Story",
        sprint="Alpha Sprint 2",
        sprints=["Alpha Sprint 2"],
        story_points=3.5,
        labels=["mobile"],
        components=["Backend"],
        fix_versions=["1.0"],
        watchers=["Raj Patel"],
        created_date=CREATED,
        updated_date=UPDATED,
        due_date=datetime(2026, 10, 1, tzinfo=UTC),
        blocked_by_keys=["ALPHA-3", "ALPHA-4"],
        blocking_keys=["ALPHA-9"],
        is_blocker=True,
        natural_key="jira:ALPHA-7",
        origin=InputKind.JIRA_CSV,
        origin_path="jira/export.csv",
        ingestion_job_id=JOB_ID,
        content_hash=task.content_hash,
        source_evidence=task.source_evidence,
        created_at=task.created_at,
        updated_at=task.updated_at,
    )
    assert task == expected


def test_jira_data_keeps_every_non_empty_cell_with_repeated_headers_as_lists(tmp_path: Path) -> None:
    issue = Issue("ALPHA-7", "Push", sprints=("S1", "S2"), labels=("mobile",), story_points="3")
    layout = Layout(sprint=3, labels=2, extra={"Custom field (Team)": "Platform", "Last Viewed": ""})
    task = parse(export(tmp_path, issue, layout=layout)).task("jira:ALPHA-7")
    assert task.source_evidence.jira_data == {
        "Summary": "Push",
        "Issue key": "ALPHA-7",
        "Issue Type": "Story",
        "Status": "To Do",
        "Project key": "ALPHA",
        "Project name": "Project Alpha",
        "Reporter": "Raj Patel",
        "Reporter Id": "acc-raj",
        "Created": "14/Sep/26 9:30 AM",
        "Updated": "15/Sep/26 10:00 AM",
        "Custom field (Story Points)": "3",
        "Sprint": ["S1", "S2"],
        "Labels": ["mobile"],
        "Custom field (Team)": "Platform",
    }


def test_each_comment_is_also_a_jira_comment_message(tmp_path: Path) -> None:
    body = "Looks good; ship it\nafter QA"
    issue = Issue("ALPHA-7", "Push", comments=(f"14/Sep/26 10:00 AM;acc-priya;{body}",))
    parsed = parse(export(tmp_path, issue, layout=Layout()))
    h16 = hashlib.sha256(f"2026-09-14T10:00:00+00:00|acc-priya|{body}".encode()).hexdigest()[:16]
    natural_key = f"jira:ALPHA-7:c:{h16}"
    [message] = parsed.messages
    assert message == Message(
        message_id=derived_id(natural_key),
        source=MessageSource.JIRA_COMMENT,
        channel="ALPHA-7",
        channel_type=ChannelType.PUBLIC,
        project_id=project_ref_id("ALPHA"),
        timestamp=datetime(2026, 9, 14, 10, 0, tzinfo=UTC),
        author=jira_id("acc-priya"),
        text=body,
        natural_key=natural_key,
        origin=InputKind.JIRA_CSV,
        origin_path="jira/export.csv",
        content_hash=natural_key,
        ingestion_job_id=JOB_ID,
        created_at=message.created_at,
        updated_at=message.updated_at,
    )
    assert parsed.task("jira:ALPHA-7").comments == [
        TaskComment(author=jira_id("acc-priya"), text=body, date=datetime(2026, 9, 14, 10, 0, tzinfo=UTC))
    ]


def test_a_comment_without_a_leading_date_is_one_comment_by_unknown_at_the_update(tmp_path: Path) -> None:
    issue = Issue("ALPHA-7", "Push", comments=("no date; just text",))
    parsed = parse(export(tmp_path, issue, layout=Layout()))
    assert parsed.task("jira:ALPHA-7").comments == [
        TaskComment(author=UNKNOWN_PERSON_ID, text="no date; just text", date=UPDATED)
    ]
    assert [m.author for m in parsed.messages] == [UNKNOWN_PERSON_ID]
    assert parsed.warning("comment_unparsed") == (
        "1 comment does not start with 'date;author;' and was kept whole, author unknown, "
        "dated at the issue's last update, e.g. line 2 'no date; just text'"
    )


def test_people_carry_display_names_and_their_newest_activity(tmp_path: Path) -> None:
    issues = (
        Issue(
            "ALPHA-1",
            "a",
            assignee="Priya Sharma",
            assignee_id="acc-priya",
            comments=("20/Sep/26 9:00 AM;acc-amit;hi",),
        ),
        Issue(
            "ALPHA-2",
            "b",
            assignee="Priya Sharma",
            assignee_id="acc-priya",
            updated=datetime(2026, 9, 30, 8, 0, tzinfo=UTC),
        ),
    )
    people = {person.person_id: person for person in parse(export(tmp_path, *issues, layout=Layout())).people}
    priya, raj, amit = (people[jira_id(key)] for key in ("acc-priya", "acc-raj", "acc-amit"))
    assert priya == Person(
        person_id=jira_id("acc-priya"),
        name="Priya Sharma",
        source_ids=[SourceReference(source=SourceSystem.JIRA, source_id="acc-priya")],
        role="team_member",
        jira_username="Priya Sharma",
        last_active_date=datetime(2026, 9, 30, 8, 0, tzinfo=UTC),
        created_at=priya.created_at,
        updated_at=priya.updated_at,
    )
    assert (raj.name, raj.last_active_date, raj.is_placeholder) == ("Raj Patel", CREATED, False)
    assert (amit.name, amit.jira_username, amit.is_placeholder) == ("acc-amit", None, True)
    assert amit.last_active_date == datetime(2026, 9, 20, 9, 0, tzinfo=UTC)


def test_blank_and_unassigned_cells_give_no_assignee(tmp_path: Path) -> None:
    parsed = parse(export(tmp_path, Issue("ALPHA-1", "a"), Issue("ALPHA-2", "b", assignee="Unassigned")))
    assert [task.assignees for task in parsed.tasks] == [[], []]


def test_blocker_definition_is_applied_from_what_the_row_knows(tmp_path: Path) -> None:
    issues = (
        Issue("ALPHA-1", "flagged", flagged="Impediment"),
        Issue("ALPHA-2", "labelled", labels=("Blocked",)),
        Issue("ALPHA-3", "linked", blocked_by=("BETA-4",)),
        Issue("ALPHA-4", "status", status="On Hold"),
        Issue("ALPHA-5", "done but flagged", status="Done", flagged="Impediment"),
        Issue("ALPHA-6", "blocks others", blocks=("ALPHA-1",)),
    )
    tasks = parse(export(tmp_path, *issues)).tasks
    assert [(t.jira_key, t.is_blocker, t.flagged) for t in tasks] == [
        ("ALPHA-1", True, True),
        ("ALPHA-2", True, False),
        ("ALPHA-3", True, False),
        ("ALPHA-4", True, False),
        ("ALPHA-5", False, True),
        ("ALPHA-6", False, False),
    ]


def test_values_split_inside_one_cell_as_current_fields_exports_write_them(tmp_path: Path) -> None:
    issue = Issue(
        "ALPHA-1",
        "a",
        labels=("mobile, api;ios web",),
        components=("Backend; iOS, Web App",),
        sprints=("Sprint 1, part 2",),
    )
    task = parse(export(tmp_path, issue, layout=Layout())).task("jira:ALPHA-1")
    assert (task.labels, task.components, task.sprints) == (
        ["mobile", "api", "ios", "web"],
        ["Backend", "iOS", "Web App"],
        ["Sprint 1, part 2"],
    )


def test_story_points_that_are_not_non_negative_numbers_are_left_empty(tmp_path: Path) -> None:
    issues = (
        Issue("ALPHA-1", "a", story_points="-2"),
        Issue("ALPHA-2", "b", story_points="lots"),
        Issue("ALPHA-3", "c", story_points="5"),
    )
    parsed = parse(export(tmp_path, *issues))
    assert [t.story_points for t in parsed.tasks] == [None, None, 5.0]
    assert parsed.warning("story_points_invalid") == (
        "2 Story Points values are not non-negative numbers and were left empty, e.g. line 2 '-2'; line 3 'lots'"
    )


def test_long_summaries_are_cut_and_empty_ones_named(tmp_path: Path) -> None:
    parsed = parse(export(tmp_path, Issue("ALPHA-1", "x" * 600), Issue("ALPHA-2", "")))
    assert [len(t.summary) for t in parsed.tasks] == [500, 12]
    assert parsed.task("jira:ALPHA-2").summary == "(no summary)"
    assert parsed.warning("summary_truncated") == (
        "1 summary longer than 500 characters was cut to 500, e.g. line 2 (ALPHA-1)"
    )


def test_a_single_valued_field_in_two_columns_takes_the_first_non_empty(tmp_path: Path) -> None:
    layout = Layout(extra={"Priority": "Low"})
    parsed = parse(
        export(tmp_path, Issue("ALPHA-1", "a"), Issue("ALPHA-2", "b", priority="High"), layout=layout)
    )
    assert [t.priority for t in parsed.tasks] == ["Low", "High"]
    assert parsed.warning("duplicate_column") == (
        "'Priority' is in columns 7 and 28; the first non-empty value is used"
    )


def test_the_unit_ends_with_its_counts(tmp_path: Path) -> None:
    issues = (Issue("ALPHA-1", "a", comments=("14/Sep/26 10:00 AM;acc-raj;x",)), Issue("ALPHA-2", "b"))
    assert parse(export(tmp_path, *issues, layout=Layout())).done == UnitDoneItem(
        status="ingested",
        encoding="utf-8",
        date_order=None,
        counts={"rows": 2, "tasks": 2, "comments": 1, "people": 1, "bad_rows": 0},
    )


def test_content_hash_changes_with_a_mapped_field_and_not_with_bookkeeping(tmp_path: Path) -> None:
    first = parse(export(tmp_path, Issue("ALPHA-1", "a"))).task("jira:ALPHA-1")
    again = parse(export(tmp_path, Issue("ALPHA-1", "a"))).task("jira:ALPHA-1")
    moved = parse(export(tmp_path, Issue("ALPHA-1", "a", status="Done"))).task("jira:ALPHA-1")
    assert first.content_hash == again.content_hash == task_content_hash(first)
    assert moved.content_hash != first.content_hash


def test_semicolon_dialect_with_quoted_headers_parses_the_same(tmp_path: Path) -> None:
    issues = (Issue("ALPHA-1", "a, b", labels=("x",)), Issue("ALPHA-2", "c"))
    comma = parse(write_text(tmp_path / "comma.csv", render_csv(issues))).tasks
    semicolon = parse(write_text(tmp_path / "semi.csv", render_csv(issues, delimiter=";"))).tasks
    assert [(t.jira_key, t.summary, t.labels) for t in semicolon] == [
        (t.jira_key, t.summary, t.labels) for t in comma
    ]


# --- property: render ∘ parse is the identity on what a row carries ------------------------------

_TEXT = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=12)
_LIST_VALUE = _TEXT.filter(lambda value: "," not in value and ";" not in value)
_MOMENT = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 12, 31)).map(
    lambda value: value.replace(second=0, microsecond=0, tzinfo=UTC)
)
_BODY = st.text(alphabet=st.sampled_from("ab ;,\n\"'éx€"), min_size=1, max_size=40)


@st.composite
def _issues(draw: st.DrawFn) -> list[Issue]:
    count = draw(st.integers(min_value=1, max_value=5))
    issues = []
    for number in range(1, count + 1):
        created = draw(_MOMENT)
        comments = draw(st.lists(st.tuples(_MOMENT, _BODY), max_size=3))
        issues.append(
            Issue(
                f"ROUND-{number}",
                draw(_TEXT),
                status=draw(st.sampled_from(["To Do", "In Progress", "Done", "Blocked"])),
                created=created,
                updated=created,
                story_points=draw(st.sampled_from(["", "0", "1", "2.5", "13"])),
                sprints=draw(st.lists(_TEXT, max_size=3)),
                labels=draw(st.lists(_WORD, max_size=2, unique=True)),
                components=draw(st.lists(_LIST_VALUE, max_size=2, unique=True)),
                comments=[
                    f"{moment:%d/%m/%Y %H:%M};acc-{n};{body}" for n, (moment, body) in enumerate(comments)
                ],
            )
        )
    return issues


@settings(max_examples=40, deadline=None)
@given(issues=_issues())
def test_generated_issues_round_trip_through_csv(issues: list[Issue]) -> None:
    layout = Layout(sprint=3, labels=2, components=2, comment=3)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_text(Path(tmp) / "round.csv", render_csv(issues, layout=layout))
        tasks = parse(path).tasks
    assert [
        (t.jira_key, t.summary, t.status, t.created_date, t.sprints, t.labels, t.components, t.story_points,
         [(c.date, c.text) for c in t.comments])
        for t in tasks
    ] == [
        (i.key, i.summary, i.status, i.created, list(i.sprints), list(i.labels), list(i.components),
         float(i.story_points) if i.story_points else None,
         [(datetime.strptime(c[:16], "%d/%m/%Y %H:%M").replace(tzinfo=UTC), c.split(";", 2)[2]) for c in i.comments])
        for i in issues
    ]  # fmt: skip


def test_every_item_survives_the_spool_round_trip(tmp_path: Path) -> None:
    issue = Issue(
        "ALPHA-7",
        "Push",
        assignee="Priya Sharma",
        sprints=("S1",),
        labels=("mobile",),
        comments=("14/Sep/26 10:00 AM;acc-raj;x; y",),
        blocked_by=("ALPHA-1",),
    )
    items = parse(export(tmp_path, issue, layout=Layout(extra={"Custom field (Team)": "Platform"}))).items
    adapter: TypeAdapter[SpoolItem] = TypeAdapter(SpoolItem)
    assert [adapter.validate_json(item.model_dump_json()) for item in items] == items


def test_plan_estimates_rows_and_progress_reports_the_mapping(tmp_path: Path) -> None:
    path = export(tmp_path, *[Issue(f"ALPHA-{n}", f"Task {n}") for n in range(1, 2501)], layout=Layout())
    reader = JiraCsvReader()
    source = source_for(path)
    ctx = ParseContext(job_id=JOB_ID)
    [unit] = reader.plan(source, ctx)
    calls: list[tuple[int, int | None, str]] = []
    items = list(
        reader.parse(source, unit, ctx, lambda done, total, detail: calls.append((done, total, detail)))
    )
    assert (unit.key, unit.estimate, len(items)) == ("file", {"rows": 2500}, 2500 + 1 + 1)
    assert calls == [
        (1000, 2500, "Mapping tasks (1,000/2,500 rows)"),
        (2000, 2500, "Mapping tasks (2,000/2,500 rows)"),
        (2500, 2500, "Mapped 2,500 tasks from 2,500 rows"),
    ]
