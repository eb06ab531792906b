"""truth.json has spec 11 §3's shape, and the planted facts hold in the files it describes."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from samples.corpus import Corpus, as_dict, msg_time, strings
from samples.facts import ABSENT_TERMS
from samples.selfcheck_links import all_text
from samples.slack_messages import SYSTEM_SUBTYPES

from samples import WorldReport

SPEC_KEYS = [
    "as_of",
    "seed",
    "scale",
    "counts",
    "identities",
    "distinct_people",
    "non_persons",
    "deactivated",
    "roles",
    "corrections",
    "projects",
    "quiet_people",
    "informal_assignments",
    "not_informal_assignments",
    "unanswered_blocker_threads",
    "gaps",
    "retrieval_questions",
]


def test_truth_has_every_spec_key(corpus: Corpus) -> None:
    truth = corpus.truth
    counts = as_dict(truth["counts"])
    assert [k for k in SPEC_KEYS if k not in truth] == []
    assert (truth["as_of"], truth["seed"], truth["scale"]) == ("2026-11-30", 7, 1)
    assert set(counts) == {"slack", "jira", "drive", "persons_after_resolution"}
    assert counts["persons_after_resolution"] == 62


def test_projects_expect_the_planted_statuses(corpus: Corpus) -> None:
    projects = {str(p["key"]): p for p in corpus.items("projects")}
    assert {k: p["expected_status"] for k, p in projects.items()} == {
        "ALPHA": "at_risk",
        "BETA": "behind",
        "GAMMA": "on_track",
        "DELTA": "at_risk",
        "OPS": "completed",
    }
    assert projects["ALPHA"]["channels"] == ["proj-alpha", "alpha-dev"]
    assert projects["ALPHA"]["deadline"] == "2026-12-18"
    assert projects["ALPHA"]["tech_lead_before_correction"] == "Amit Kumar"


def test_raj_is_one_person_across_three_sources(corpus: Corpus) -> None:
    raj = corpus.identity("Raj Patel")
    assert {k: raj[k] for k in ("slack_handle", "email", "jira_name", "doc_authors", "title")} == {
        "slack_handle": "raj",
        "email": "rajesh.patel@lumenlabs.io",
        "jira_name": "Rajesh Patel",
        "doc_authors": ["rajesh.patel@lumenlabs.io"],
        "title": "Software Developer",
    }
    assert corpus.identity("Bob Miller")["jira_name"] == "Robert Miller"


def test_kevin_goes_silent_on_nov_19_in_slack_and_jira(corpus: Corpus) -> None:
    kevin = corpus.identity("Kevin O'Brien")
    slack_days = [
        msg_time(m).date()
        for ms in corpus.slack.messages.values()
        for m in ms
        if m.get("user") == kevin["slack_id"] and m.get("subtype") not in SYSTEM_SUBTYPES
    ]
    jira_days = [
        w.date()
        for t in corpus.tasks.values()
        for w, author, _ in t.comments
        if author == kevin["jira_account_id"]
    ]
    quiet = corpus.items("quiet_people")
    assert (max(slack_days), max(jira_days)) == (date(2026, 11, 19), date(2026, 11, 19))
    assert quiet == [
        {
            "person": "Kevin O'Brien",
            "project": "DELTA",
            "last_active": "2026-11-19",
            "days_silent": 11,
            "open_tasks": quiet[0]["open_tasks"],
        }
    ]
    assert all(
        corpus.tasks[k].is_open and corpus.tasks[k].assignee_id == kevin["jira_account_id"]
        for k in strings(quiet[0]["open_tasks"])
    )


def test_beta_has_exactly_three_blockers_and_no_other_project_more_than_one(corpus: Corpus) -> None:
    blocked = Counter(t.project for t in corpus.tasks.values() if corpus.is_blocked(t))
    assert blocked == Counter({"BETA": 3, "ALPHA": 1, "DELTA": 1})


def test_beta_throughput_falls_between_the_two_28_day_windows(corpus: Corpus) -> None:
    def resolved(lo: int, hi: int) -> int:
        return sum(
            1
            for t in corpus.tasks.values()
            if t.project == "BETA"
            and t.category == "done"
            and t.resolved
            and lo <= (corpus.as_of - t.resolved.date()).days <= hi
        )

    assert resolved(28, 55) >= 10
    assert resolved(0, 27) <= 4


def test_ops_automation_is_at_least_95_percent_done(corpus: Corpus) -> None:
    ops = [t for t in corpus.tasks.values() if t.project == "OPS" and t.category != "cancelled"]
    done = sum(t.category == "done" for t in ops)
    assert done / len(ops) >= 0.95
    assert [t.key for t in ops if t.is_open and t.priority in {"Highest", "High"}] == []


def test_app_store_terms_appear_nowhere_in_any_text(corpus: Corpus) -> None:
    hits = [
        (where, term)
        for where, text in all_text(corpus)
        for term in ABSENT_TERMS
        if term.lower() in text.lower()
    ]
    assert hits == []


def test_sso_assignment_is_verbatim_in_alpha_dev(corpus: Corpus) -> None:
    maria = corpus.identity("Maria Garcia")
    sso = next(i for i in corpus.items("informal_assignments") if i["gist"] == "SSO config")
    message = next(m for m in corpus.slack.messages["alpha-dev"] if m["ts"] == sso["ts"])
    assert message["text"] == f"<@{maria['slack_id']}> can you take the SSO config?"
    assert (
        sso["assignee"],
        len(corpus.items("informal_assignments")),
        len(corpus.items("not_informal_assignments")),
    ) == ("Maria Garcia", 3, 2)


def test_top_twenty_message_texts_are_under_five_percent(corpus: Corpus) -> None:
    texts = Counter(
        str(m.get("text", ""))
        for ms in corpus.slack.messages.values()
        for m in ms
        if m.get("subtype") not in SYSTEM_SUBTYPES
    )
    assert sum(n for _, n in texts.most_common(20)) / sum(texts.values()) < 0.05


def test_retrieval_questions_cover_each_kind_with_one_to_three_keys(corpus: Corpus) -> None:
    questions = corpus.items("retrieval_questions")
    kinds = Counter(str(q["kind"]) for q in questions)
    pattern = re.compile(
        r"^(slack:C\w+:(thread:\d{10}\.\d{6}|day:\d{4}-\d{2}-\d{2})|jira:[A-Z]+-\d+|drive:\*/.+)$"
    )
    keys = [k for q in questions for k in q["expected_doc_keys"]]  # type: ignore[attr-defined]
    assert (
        len(questions) >= 60
        and min(kinds.values()) >= 10
        and set(kinds) == {"slack_thread", "slack_day", "jira", "drive"}
    )
    assert all(1 <= len(q["expected_doc_keys"]) <= 3 for q in questions)  # type: ignore[arg-type]
    assert all(pattern.match(k) for k in keys)


def test_report_counts_match_truth(world: WorldReport, corpus: Corpus) -> None:
    counts = as_dict(corpus.truth["counts"])
    assert world.counts.slack_messages == as_dict(counts["slack"])["messages_conversational"]
    assert (world.counts.jira_issues, world.counts.documents, world.counts.projects) == (
        as_dict(counts["jira"])["issues"],
        as_dict(counts["drive"])["documents"],
        5,
    )
