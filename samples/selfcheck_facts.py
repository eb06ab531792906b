"""Self-check, part 2: the planted facts are strong enough for spec 04's rules to find them.

Mobile-launch signals, Kevin's silence, Beta's blockers and falling throughput, Ops completion, Delta's
unassigned work, informal asks, blocker threads, silence, leadership and project types.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz

from samples import facts
from samples.corpus import Corpus, as_dict, msg_time, strings
from samples.planted_issues import COVERAGE
from samples.roster import ROSTER
from samples.selfcheck_signals import (
    ask_shape_offenders,
    blocker_threads,
    leadership,
    silent_members,
    type_scores,
    unanswered_questions,
)
from samples.selfcheck_types import Check
from samples.slack_messages import SYSTEM_SUBTYPES


def check_mobile_signals(c: Corpus) -> Check:
    alpha = next(p for p in facts.PROJECTS if p.key == "ALPHA")
    texts = [str(m.get("text", "")) for m in c.project_messages(list(alpha.channels))]
    texts += [t.text() for t in c.tasks.values() if t.project == "ALPHA"]
    texts += [d.text for d in c.drive if d.path.startswith(alpha.folder + "/")]
    blob = "\n".join(texts).lower()
    counts = {term: len(re.findall(rf"\b{re.escape(term)}\b", blob)) for term, _ in facts.MOBILE_SIGNALS}
    weak = {t: n for t, n in counts.items() if n < dict(facts.MOBILE_SIGNALS)[t]}
    return Check("Alpha's mobile-launch signals are strong", not weak, f"counts {counts}")


def check_kevin(c: Corpus) -> Check:
    kevin = c.identity("Kevin O'Brien")
    slack_days = [
        msg_time(m).date()
        for ms in c.slack.messages.values()
        for m in ms
        if m.get("user") == kevin["slack_id"] and m.get("subtype") not in SYSTEM_SUBTYPES
    ]
    account = str(kevin["jira_account_id"])
    jira_days = [w.date() for t in c.tasks.values() for w, a, _ in t.comments if a == account]
    jira_days += [t.updated.date() for t in c.tasks.values() if account in (t.assignee_id, t.reporter_id)]
    open_delta = [
        t.key for t in c.tasks.values() if t.project == "DELTA" and t.assignee_id == account and t.is_open
    ]
    last_slack, last_jira = max(slack_days), max(jira_days)
    ok = last_slack == last_jira == facts.KEVIN_LAST_DAY and bool(open_delta) and len(set(slack_days)) > 40
    return Check(
        "Kevin's last activity is 2026-11-19 in Slack and Jira",
        ok,
        f"slack {last_slack}, jira {last_jira}, open DELTA {open_delta}, active days {len(set(slack_days))}",
    )


def check_blockers(c: Corpus) -> Check:
    blocked = Counter(t.project for t in c.tasks.values() if c.is_blocked(t))
    others = {k: n for k, n in blocked.items() if k != "BETA" and n > 1}
    truth_beta = next(p for p in c.items("projects") if p["key"] == "BETA")["open_blockers"]
    beta_keys = sorted(t.key for t in c.tasks.values() if t.project == "BETA" and c.is_blocked(t))
    ok = blocked["BETA"] == 3 and not others and sorted(strings(truth_beta)) == beta_keys
    return Check("exactly 3 Beta blockers, at most 1 elsewhere", ok, f"blocked per project {dict(blocked)}")


def _resolved_between(c: Corpus, project: str, first_day: int, last_day: int) -> int:
    return sum(
        1
        for t in c.tasks.values()
        if t.project == project
        and t.category == "done"
        and t.resolved
        and first_day <= (c.as_of - t.resolved.date()).days <= last_day
    )


def check_flow(c: Corpus) -> Check:
    rows = {}
    for spec in facts.PROJECTS:
        last, prior = _resolved_between(c, spec.key, 0, 27), _resolved_between(c, spec.key, 28, 55)
        rows[spec.key] = (prior, last, round(last / prior, 2) if prior else None)
    beta_prior, beta_last, _ = rows["BETA"]
    steady = all((rows[k][2] or 0.0) >= 0.85 for k in ("ALPHA", "GAMMA", "DELTA"))
    ok = beta_prior >= 10 and beta_last <= 4 and steady
    return Check(
        "Beta throughput falls (≥ 10 then ≤ 4); Alpha, Gamma, Delta do not",
        ok,
        f"(prior 28 d, last 28 d, r) {rows}",
    )


def check_ops_and_unassigned(c: Corpus) -> Check:
    ops = [t for t in c.tasks.values() if t.project == "OPS" and t.category != "cancelled"]
    done = sum(t.category == "done" for t in ops) / len(ops)
    open_high = [t.key for t in ops if t.is_open and t.priority in ("Blocker", "Highest", "Critical", "High")]
    unassigned = Counter(
        t.project
        for t in c.tasks.values()
        if t.is_open and not t.assignee_id and t.priority in ("Blocker", "Highest", "Critical", "High")
    )
    ok = (
        done >= 0.95
        and not open_high
        and unassigned["DELTA"] >= 2
        and all(n < 2 for k, n in unassigned.items() if k != "DELTA")
    )
    return Check(
        "OPS ≥ 95 % done with no open high-priority task; only Delta has ≥ 2 unassigned high",
        ok,
        f"OPS done {done:.3f}, open high {open_high}, unassigned high {dict(unassigned)}",
    )


def check_informal(c: Corpus) -> Check:
    users = {str(u["id"]): u for u in c.slack.users}
    sso = next(i for i in c.items("informal_assignments") if i["gist"] == "SSO config")
    message = next(m for m in c.slack.messages["alpha-dev"] if m["ts"] == sso["ts"])
    text = re.sub(
        r"<@(U\w+)>",
        lambda x: "@" + str(as_dict(users[x.group(1)]["profile"])["display_name"]),
        str(message["text"]),
    )
    planted = {str(i["ts"]) for s in ("informal_assignments", "not_informal_assignments") for i in c.items(s)}
    offenders = ask_shape_offenders(c, planted)
    linked = []
    for item in c.items("informal_assignments"):
        project = next(p.key for p in facts.PROJECTS if item["channel"] in p.channels)
        gist = str(item["gist"])
        linked += [
            t.key
            for t in c.tasks.values()
            if t.project == project and fuzz.token_set_ratio(gist.lower(), t.summary.lower()) >= 80
        ]
    ok = text == "@maria can you take the SSO config?" and not offenders and not linked
    return Check(
        "informal assignments are planted and nothing else looks like one",
        ok,
        f"SSO text {text!r}; unlinked asks {offenders[:3]}; tasks matching a gist {linked}",
    )


def check_threads_and_silence(c: Corpus) -> Check:
    unanswered, unblocks = blocker_threads(c)
    expected = {(str(u["channel"]), str(u["ts"])) for u in c.items("unanswered_blocker_threads")}
    gamma_questions = unanswered_questions(c, "proj-gamma")
    silent = silent_members(c)
    ok = (
        unanswered == expected
        and not gamma_questions
        and silent == {"DELTA": {"Kevin O'Brien"}}
        and unblocks["Raj Patel"] >= 3
    )
    return Check(
        "only planted blocker threads go unanswered; only Kevin is silent",
        ok,
        f"unanswered {sorted(unanswered)}; Gamma open questions {gamma_questions[:3]}; silent {silent}; "
        f"unblocks {dict(unblocks.most_common(5))}",
    )


def check_leadership(c: Corpus) -> Check:
    scores = leadership(c)
    amit, raj, priya = scores["Amit Kumar"], scores["Raj Patel"], scores["Priya Sharma"]
    architect = (raj["decisions"] + raj["design_docs"]) / 2 >= (raj["assigns"] + raj["reviews"]) / 2
    tech_lead = (amit["decisions"] + amit["design_docs"]) / 2 < (amit["assigns"] + amit["reviews"]) / 2
    names = {e.key: e.name for e in ROSTER}
    alpha = next(p for p in facts.PROJECTS if p.key == "ALPHA")
    top = max((names[k] for k, _ in alpha.team if names[k] in scores), key=lambda n: scores[n]["L"])
    ok = (
        amit["L"] >= raj["L"] + 0.08
        and raj["L"] >= 0.55 > priya["L"]
        and architect
        and tech_lead
        and top == "Amit Kumar"
    )
    return Check(
        "Amit reads as Alpha's tech lead and Raj as its architect (04 §1.2)",
        ok,
        f"Amit {amit}; Raj {raj}; Priya {priya}",
    )


def check_types(c: Corpus) -> Check:
    scores = type_scores(c)
    wrong = []
    for spec in facts.PROJECTS:
        for kind, (conservative, liberal) in scores[spec.key].items():
            if kind == spec.kind and conservative < 6:
                wrong.append(f"{spec.key} {kind} {conservative}")
            if kind != spec.kind and liberal >= 6:
                wrong.append(f"{spec.key} also {kind} {liberal}")
    coverage = [pid for items in COVERAGE.values() for pid in items.values()]
    return Check(
        "each project's checklist applies and no other does",
        not wrong,
        f"wrong {wrong}; {len(set(coverage))} coverage tasks",
    )
