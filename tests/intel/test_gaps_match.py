"""Checklist item matching: covered, untracked, missing (04 §5 "Matching" and the false-alarm guard)."""

from __future__ import annotations

from tests.intel.fixtures_findings import PROJECT_ID, MemorySearch, Passage, document, make_task, message

from chiefops.intel.evidence import CorpusSearched
from chiefops.intel.gaps_checklists import ChecklistItem, load_checklists
from chiefops.intel.gaps_match import Coverage, ItemMatch, MatchConfig, match_items
from chiefops.models import Task, TaskSource

MOBILE = {i.id: i for i in load_checklists().get("mobile_app_launch").items}
REVIEW = MOBILE["app_store_review"]


def _match(
    item: ChecklistItem, tasks: list[Task], passages: list[Passage] | None = None, **kw: object
) -> ItemMatch:
    search = MemorySearch(
        passages={PROJECT_ID: passages or []}, documents={PROJECT_ID: 38}, messages={PROJECT_ID: 2410}
    )
    [result] = match_items([item], project_id=PROJECT_ID, tasks=tasks, search=search, cfg=MatchConfig(), **kw)  # type: ignore[arg-type]
    return result


def test_a_task_of_any_status_or_source_covers_an_item() -> None:
    tasks = [
        make_task("A-1", "Submit the build for App Store review", status="Won't Do"),
        make_task("A-2", "Crash reporting", source=TaskSource.SLACK_IDENTIFIED, jira_key=None),
        make_task("A-3", "Release work", labels=["testflight"]),
    ]
    results = [
        _match(MOBILE[i], tasks) for i in ("app_store_review", "crash_reporting", "internal_test_track")
    ]
    assert [(r.coverage, r.task_refs) for r in results] == [
        (Coverage.COVERED, ["A-1"]),
        (Coverage.COVERED, ["A-2"]),
        (Coverage.COVERED, ["A-3"]),
    ]


def test_a_synonym_in_the_description_covers_with_a_small_typo() -> None:
    task = make_task("A-9", "Mobile release", description="Set up the Apple Develper Program for the team")
    assert _match(MOBILE["apple_developer_account"], [task]).task_refs == ["A-9"]


def test_covered_item_status_follows_its_tasks_and_names_open_owners() -> None:
    done = make_task("A-1", "App Store review for 1.0", status="Done")
    doing = make_task("A-2", "App Store review for 1.1", status="In Progress", assignees=["p-formal"])
    inferred = {"A-2": ["p-inferred"]}
    both, only_done = _match(REVIEW, [done, doing], assignees=inferred), _match(REVIEW, [done])
    assert (both.is_done, both.is_started, both.owners) == (False, True, ["p-inferred"])
    assert (only_done.is_done, only_done.is_started, only_done.owners) == (True, True, [])


def test_a_covered_item_never_searches_documents_or_messages() -> None:
    search = MemorySearch()
    match_items(
        [REVIEW],
        project_id=PROJECT_ID,
        tasks=[make_task("A-1", "App Store review")],
        search=search,
        cfg=MatchConfig(),
    )
    assert search.calls == []


def test_a_project_document_alone_makes_an_item_untracked() -> None:
    result = _match(REVIEW, [], [document("doc-1", "We plan the App Store review for early December.")])
    assert (result.coverage, [e.ref for e in result.evidence], result.mentions) == (
        Coverage.UNTRACKED,
        ["doc-1"],
        [],
    )


def test_a_message_needs_an_ownership_or_done_phrase_to_qualify() -> None:
    owned = message("m-1", "I'll handle the App Store review once QA signs off")
    done = message("m-2", "Great news: ready for sale since this morning")
    bare = message("m-3", "what about the App Store review?")
    assert [_match(REVIEW, [], [p]).coverage for p in (owned, done, bare)] == [
        Coverage.UNTRACKED,
        Coverage.UNTRACKED,
        Coverage.MISSING,
    ]


def test_a_missing_item_keeps_bare_mentions_and_the_corpus_sizes() -> None:
    result = _match(
        REVIEW,
        [make_task("A-1", "Unrelated"), make_task("A-2", "Other")],
        [message("m-3", "App Store review?")],
    )
    assert (result.coverage, [e.ref for e in result.mentions], result.corpora) == (
        Coverage.MISSING,
        ["m-3"],
        [
            CorpusSearched(corpus="tasks", size=2),
            CorpusSearched(corpus="documents", size=38),
            CorpusSearched(corpus="messages", size=2410),
        ],
    )


def test_short_synonyms_need_an_exact_token_match() -> None:
    assert _match(REVIEW, [make_task("A-1", "API review of the sync endpoints")]).coverage is Coverage.MISSING


def test_items_come_back_in_the_order_given() -> None:
    tasks = [make_task("A-1", "Crash reporting with Crashlytics")]
    search = MemorySearch()
    results = match_items(
        [MOBILE["crash_reporting"], REVIEW],
        project_id=PROJECT_ID,
        tasks=tasks,
        search=search,
        cfg=MatchConfig(),
    )
    assert [(r.item_id, r.coverage) for r in results] == [
        ("crash_reporting", Coverage.COVERED),
        ("app_store_review", Coverage.MISSING),
    ]
