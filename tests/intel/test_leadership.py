"""Leadership counts (spec 04 §1.2 step 2): assigns, reviews, unblocks, decisions, design documents."""

from __future__ import annotations

from datetime import timedelta

from tests.intel.builders import AT, features_of, message, task

from chiefops.intel.leadership import ORG, LeadershipWindow, count_leadership
from chiefops.models import Document

WINDOW = LeadershipWindow(since=AT - timedelta(days=90))


def _count(
    messages: list,
    raw: dict[str, str] | None = None,
    tasks: list | None = None,
    documents: list | None = None,
):  # type: ignore[no-untyped-def,type-arg]
    return count_leadership(
        messages=messages, features=features_of(*messages, raw=raw),  # type: ignore[arg-type]
        tasks=tasks or [], documents=documents or [], resolve=lambda x: x,
        message_project=lambda m: "p-alpha", document_project={}, window=WINDOW,
    )  # fmt: skip


def test_review_decision_and_ask_messages_count_for_their_author_org_wide_and_per_project() -> None:
    ask = message("1", "@Maria can you take ALPHA-12?", author="amit")
    book = _count(
        [
            message("2", "ALPHA-9 lgtm, approved", author="amit"),
            message("3", "Updated the RFC on the schema", author="raj"),
            ask,
        ],
        raw={ask.message_id: "<@U1> can you take ALPHA-12?"},
    )
    assert book.of("amit", ORG) == {"reviews": 1, "assigns": 1}
    assert book.of("raj", "p-alpha") == {"decisions": 1}


def test_a_helper_thanked_within_48_hours_in_someone_elses_blocker_thread_unblocks() -> None:
    thread = "t-10"
    posts = [
        message("10", "Stuck on the sync schema, blocked since Monday", author="maria", thread=thread),
        message(
            "11", "try resetting the cursor table", author="raj", thread=thread, at=AT + timedelta(hours=2)
        ),
        message("12", "that fixed it, thanks!", author="maria", thread=thread, at=AT + timedelta(hours=5)),
    ]
    assert _count(posts).of("raj") == {"unblocks": 1}


def test_reported_tasks_assigned_to_others_and_design_documents_count() -> None:
    reported = task("ALPHA-1", "Build sync", assignees=("maria",)).model_copy(update={"reporter": "amit"})
    adr = Document(
        document_id="d1", file_name="ADR-014 Offline Sync.docx", file_type="x", file_size=1, owner="raj",
        created_date=AT, modified_date=AT, created_at=AT, updated_at=AT,
    )  # fmt: skip
    book = _count([], tasks=[reported], documents=[adr])
    assert (book.of("amit"), book.of("raj")) == ({"assigns": 1}, {"design_docs": 1})
    assert [r.label for r in book.refs_of("raj")["design_docs"]] == ["ADR-014 Offline Sync.docx"]
