"""Jira issues → chunks (spec 03 §3.2, §12 check 2)."""

from __future__ import annotations

from datetime import timedelta

from tests.knowledge.builders import AMIT, JIRABOT, PRIYA, RAJ, UTC_ZONE, at, comment, context, tag, task

from chiefops.knowledge import chunk_document
from chiefops.knowledge.chunker import MAX_TOKENS
from chiefops.knowledge.citations import build_citation
from chiefops.knowledge.render.jira import render_issue
from chiefops.models import TaskComment


def test_an_issue_with_five_comments_is_one_doc_with_comments_in_time_order() -> None:
    comments = [
        comment(
            "ALPHA-142",
            f"Update {n} on the push certificate",
            author=AMIT,
            when=at("2026-11-15") + timedelta(days=n),
            n=n,
        )
        for n in (3, 1, 4, 0, 2)
    ]
    doc = render_issue(task(), comments=comments, ctx=context())
    chunks = chunk_document(doc)
    body = chunks[0].body
    positions = [body.index(f"Update {n} on the push certificate") for n in range(5)]
    assert doc.doc_key == "jira:ALPHA-142"
    assert len(chunks) == 1
    assert positions == sorted(positions)
    assert "[2026-11-15] Amit Kumar: Update 0 on the push certificate" in body
    assert chunks[0].header == (
        "Jira ALPHA-142 · Story · Configure push notifications\n"
        "Project: Project Alpha · Status: In Progress · Assignee: Priya Sharma · Due 2026-12-01"
    )


def test_three_thousand_tokens_of_comments_split_and_every_chunk_names_the_issue() -> None:
    text = " ".join(f"Checked device {i} against the APNs sandbox and saw delivery." for i in range(18))
    comments = [
        comment(
            "ALPHA-142",
            text,
            author=PRIYA if n % 2 else AMIT,
            when=at("2026-11-01") + timedelta(hours=n),
            n=n,
        )
        for n in range(12)
    ]
    doc = render_issue(
        task(description="Set up APNs and FCM for the mobile app."), comments=comments, ctx=context()
    )
    chunks = chunk_document(doc)
    key_line = "ALPHA-142 · Configure push notifications · In Progress"
    assert sum(c.tokens for c in chunks) >= 3000
    assert max(c.tokens for c in chunks) <= MAX_TOKENS
    assert chunks[0].body.endswith("Description: Set up APNs and FCM for the mobile app.")
    assert [c.body.startswith(key_line) for c in chunks[1:]] == [True] * (len(chunks) - 1)
    assert [c.header.startswith("Jira ALPHA-142") for c in chunks] == [True] * len(chunks)


def test_a_chunks_ts_end_is_the_newest_comment_it_holds() -> None:
    comments = [comment("ALPHA-142", "Done on staging", author=PRIYA, when=at("2026-11-25", "10:00"))]
    chunk = chunk_document(render_issue(task(), comments=comments, ctx=context()))[0]
    assert chunk.ts_end == at("2026-11-25", "10:00")
    assert chunk.locator["comment_ids"] == ["c:0000000000000000"]


def test_tracker_rows_without_fields_print_no_none() -> None:
    sparse = task(
        "OPS-7",
        "Rotate backup keys",
        status="Completed / Handed Off",
        issue_type=None,
        priority=None,
        assignees=[],
        reporter=None,
        due_date=None,
        project_id="ops",
        dates_inferred=True,
    )
    chunk = chunk_document(render_issue(sparse, comments=None, ctx=context()))[0]
    assert "None" not in chunk.text
    assert (
        chunk.text
        == "Jira OPS-7 · Rotate backup keys\nStatus: Completed / Handed Off\nKey: OPS-7 · Status: Completed / Handed Off"
    )


def test_bot_comments_are_dropped_and_task_comments_are_used_without_comment_messages() -> None:
    issue = task(
        comments=[
            TaskComment(author=JIRABOT, text="Automation moved this issue", date=at("2026-11-02")),
            TaskComment(author=RAJ, text="Certificates renewed", date=at("2026-11-03")),
        ]
    )
    body = chunk_document(render_issue(issue, comments=None, ctx=context()))[0].body
    assert "Automation moved this issue" not in body
    assert "[2026-11-03] Raj Patel: Certificates renewed" in body


def test_a_keyword_in_the_summary_drops_the_whole_issue_and_in_a_comment_only_that_comment() -> None:
    comments = [
        comment("ALPHA-142", "Salary band for the contractor", author=AMIT, when=at("2026-11-02"), n=1),
        comment("ALPHA-142", "Certificates renewed", author=RAJ, when=at("2026-11-03"), n=2),
    ]
    whole = render_issue(
        task(summary="Salary review"), comments=comments, ctx=context(tag("pattern", "salary"))
    )
    partial = render_issue(task(), comments=comments, ctx=context(tag("pattern", "salary")))
    assert whole.skip == "opted_out"
    body = chunk_document(partial)[0].body
    assert "Salary band" not in body
    assert "Certificates renewed" in body


def test_a_quote_from_the_description_is_labelled_with_the_issue_not_its_first_comment() -> None:
    """Audit D3: a quote before the first comment was labelled "comment by <first commenter>"."""
    comments = [comment("ALPHA-142", "APNs key uploaded", author=PRIYA, when=at("2026-11-20"))]
    doc = render_issue(
        task(description="Set up APNs and FCM for the mobile app.", updated_date=at("2026-11-21")),
        comments=comments,
        ctx=context(),
    )
    chunk = chunk_document(doc)[0]

    in_description = build_citation(chunk, ["fcm"], zone=UTC_ZONE)
    in_comment = build_citation(chunk, ["uploaded"], zone=UTC_ZONE)

    assert (in_description.label, in_description.timestamp) == (
        "Jira ALPHA-142 · Configure push notifications",
        at("2026-11-21"),
    )
    assert "Description: Set up APNs and FCM" in in_description.quote
    assert (in_comment.label, in_comment.timestamp) == (
        "Jira ALPHA-142 · comment by Priya Sharma · 2026-11-20",
        at("2026-11-20"),
    )
