"""Self-check, part 1: what truth.json says exists does exist, and links as planted.

Counts, identities and their linking evidence, retrieval doc keys and their answers, every reference in
truth.json, the absent terms, text diversity and the time span.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import timedelta

from samples import facts
from samples.corpus import Corpus, as_dict, end_of, is_human, is_reply, msg_time, strings
from samples.selfcheck_types import Check
from samples.slack_messages import SYSTEM_SUBTYPES

NICKNAMES = {
    "raj": {"rajesh", "rajiv", "rajendra"},
    "bob": {"robert"},
    "rob": {"robert"},
    "alex": {"alexander", "alexandra", "alexis"},
    "dan": {"daniel"},
    "sam": {"samuel"},
}


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[._\-']", " ", text).split())


def all_text(c: Corpus) -> list[tuple[str, str]]:
    """(where, text) for every piece of text in the output, metadata included."""
    out = [("users.json", str(c.slack.users)), ("channels.json", str(c.slack.channels))]
    for channel, messages in c.slack.messages.items():
        out.extend(
            (f"#{channel}", str(m.get("text", "")) + str(m.get("attachments", "")) + str(m.get("files", "")))
            for m in messages
        )
    out.extend((f"jira {row[1]}", " ".join(row)) for row in c.jira.rows)
    out.extend((f"drive {d.path}", f"{d.path} {d.author} {d.text}") for d in c.drive)
    return out


def check_counts(c: Corpus) -> Check:
    counts = as_dict(c.truth["counts"])
    slack_truth = as_dict(counts["slack"])
    messages = [m for ms in c.slack.messages.values() for m in ms]
    system = sum(1 for m in messages if m.get("subtype") in SYSTEM_SUBTYPES)
    humans = [u for u in c.slack.users if not u.get("is_bot")]
    measured = {
        "users": len(c.slack.users),
        "humans": len(humans),
        "bots": len(c.slack.users) - len(humans),
        "deactivated": sum(1 for u in c.slack.users if u.get("deleted")),
        "channels": len(c.slack.channels),
        "messages_conversational": len(messages) - system,
        "messages_system": system,
        "thread_replies": sum(1 for m in messages if is_reply(m) and m.get("subtype") not in SYSTEM_SUBTYPES),
    }
    jira_truth = as_dict(counts["jira"])
    comments = sum(len(t.comments) for t in c.tasks.values())
    drive_truth = as_dict(counts["drive"])
    by_type = Counter(d.ext for d in c.drive)
    bad = [k for k, v in measured.items() if slack_truth[k] != v]
    bad += [k for k, v in (("issues", len(c.tasks)), ("comments", comments)) if jira_truth[k] != v]
    bad += ["documents"] if drive_truth["documents"] != len(c.drive) else []
    bad += [t for t, n in as_dict(drive_truth["by_type"]).items() if by_type.get(t, 0) != n]
    return Check("counts match truth.json", not bad, f"mismatched: {bad}; slack {measured}")


def check_absent_terms(c: Corpus) -> Check:
    hits = [
        (where, term)
        for where, text in all_text(c)
        for term in facts.ABSENT_TERMS
        if term.lower() in text.lower()
    ]
    return Check("App Store absent terms have zero hits", not hits, f"hits: {hits[:5]}")


def _linked(slack_name: str, jira_name: str, email: str | None) -> bool:
    s, j = _norm(slack_name), _norm(jira_name)
    if s == j or (email and _norm(email.split("@")[0]) == j):
        return True
    sf, *_, sl = s.split()
    jf, *_, jl = j.split()
    return sl == jl and (jf in NICKNAMES.get(sf, set()) or sf in NICKNAMES.get(jf, set()))


def check_identities(c: Corpus) -> Check:
    users = {str(u["id"]): u for u in c.slack.users}
    names_in_jira = {
        v for row in c.jira.rows for v in (c.jira.value(row, "Assignee"), c.jira.value(row, "Reporter"))
    }
    authors = {a for d in c.drive for a in (d.author, d.editor) if a}
    problems = []
    for ident in c.identities():
        person, email = str(ident["person"]), ident["email"]
        if ident["slack_id"]:
            user = users.get(str(ident["slack_id"]))
            if user is None or user["real_name"] != ident["slack_real_name"]:
                problems.append(f"{person}: Slack user missing")
        if (
            ident["jira_name"]
            and ident["slack_id"]
            and not _linked(
                str(ident["slack_real_name"]), str(ident["jira_name"]), str(email) if email else None
            )
        ):
            problems.append(f"{person}: no rule links Slack and Jira names")
        if (
            ident["jira_name"]
            and ident["jira_name"] not in names_in_jira
            and str(ident["jira_account_id"]) not in str(c.jira.rows)
        ):
            problems.append(f"{person}: Jira name absent from the CSV")
        for author in strings(ident["doc_authors"]):
            if author not in authors or (author != email and _norm(author) != _norm(person)):
                problems.append(f"{person}: document author {author!r} not linked")
    raj = c.identity("Raj Patel")
    bob = c.identity("Bob Miller")
    planted = (
        raj["slack_handle"] == "raj"
        and raj["jira_name"] == "Rajesh Patel"
        and raj["doc_authors"] == ["rajesh.patel@lumenlabs.io"]
        and bob["jira_name"] == "Robert Miller"
        and bob["email"] == "robert.miller@lumenlabs.io"
    )
    alex = [c.identity(n) for n in ("Alex Kim", "Alex Johnson")]
    gamma_posters = {str(m.get("user")) for m in c.slack.messages.get("proj-gamma", [])}
    alex_ok = alex[0]["email"] != alex[1]["email"] and all(a["slack_id"] in gamma_posters for a in alex)
    ok = not problems and planted and alex_ok
    return Check("every identity's linking evidence is present", ok, f"problems {problems[:5]}")


def check_doc_keys(c: Corpus) -> Check:
    missing = []
    for q in c.items("retrieval_questions"):
        for key in strings(q["expected_doc_keys"]):
            if not _doc_key_exists(c, key):
                missing.append(key)
            elif (
                not _answer_in(c, key, str(q["answer_contains"]))
                and len(strings(q["expected_doc_keys"])) == 1
            ):
                missing.append(f"{key} (answer {q['answer_contains']!r} not in it)")
    kinds = Counter(str(q["kind"]) for q in c.items("retrieval_questions"))
    ok = not missing and len(c.items("retrieval_questions")) >= 60 and min(kinds.values()) >= 10
    return Check(
        "every expected doc key exists and holds its answer",
        ok,
        f"missing {missing[:5]}; kinds {dict(kinds)}",
    )


def _unit_text(c: Corpus, key: str) -> str | None:
    source, rest = key.split(":", 1)
    if source == "jira":
        task = c.tasks.get(rest)
        return task.text() if task else None
    if source == "drive":
        path = rest.removeprefix("*/")
        return next((d.text for d in c.drive if d.path == path), None)
    channel_id, unit, value = rest.split(":", 2)
    messages = c.slack.messages.get(c.channel_id_to_name.get(channel_id, ""), [])
    if unit == "thread":
        parts = [m for m in messages if m.get("thread_ts") == value]
        parent = next((m for m in parts if m["ts"] == value), None)
        return "\n".join(str(m.get("text")) for m in parts) if parent and parent.get("reply_count") else None
    day = [
        m
        for m in messages
        if msg_time(m).date().isoformat() == value
        and not is_reply(m)
        and not m.get("reply_count")
        and is_human(m, c)
        and m.get("subtype") not in SYSTEM_SUBTYPES
    ]
    return "\n".join(str(m.get("text")) for m in day) if day else None


def _doc_key_exists(c: Corpus, key: str) -> bool:
    return _unit_text(c, key) is not None


def _answer_in(c: Corpus, key: str, needle: str) -> bool:
    return needle.lower() in (_unit_text(c, key) or "").lower()


def check_truth_references(c: Corpus) -> Check:
    channels = {str(ch["name"]) for ch in c.slack.channels}
    users = {str(u["id"]) for u in c.slack.users}
    paths = {d.path for d in c.drive}
    missing = [ch for p in c.items("projects") for ch in strings(p["channels"]) if ch not in channels]
    missing += [
        str(p["drive_folder"])
        for p in c.items("projects")
        if not any(x.startswith(str(p["drive_folder"]) + "/") for x in paths)
    ]
    keys = [
        k
        for p in c.items("projects")
        for k in strings(p["open_blockers"]) + strings(p["unassigned_high_priority"])
    ]
    keys += [k for q in c.items("quiet_people") for k in strings(q["open_tasks"])]
    keys += [str(u["issue"]) for u in c.items("unanswered_blocker_threads")]
    missing += [k for k in keys if k not in c.tasks]
    ids = [str(i["slack_id"]) for i in c.identities() if i["slack_id"]]
    ids += [str(n["id"]) for n in c.items("non_persons") if n["source"] == "slack"]
    missing += [i for i in ids if i not in users]
    for section in ("informal_assignments", "not_informal_assignments", "unanswered_blocker_threads"):
        for item in c.items(section):
            if not any(m["ts"] == item["ts"] for m in c.slack.messages.get(str(item["channel"]), [])):
                missing.append(f"{section} {item['ts']}")
    return Check("truth.json references only things that exist", not missing, f"missing {missing[:5]}")


def check_diversity(c: Corpus) -> Check:
    texts = Counter(
        str(m.get("text", ""))
        for ms in c.slack.messages.values()
        for m in ms
        if m.get("subtype") not in SYSTEM_SUBTYPES
    )
    total = sum(texts.values())
    share = sum(n for _, n in texts.most_common(20)) / total
    return Check(
        "the 20 most frequent message texts are < 5 % of messages", share < 0.05, f"share {share:.4f}"
    )


def check_span(c: Corpus) -> Check:
    times = [msg_time(m) for ms in c.slack.messages.values() for m in ms]
    task_times = [t.updated for t in c.tasks.values()] + [t.resolved for t in c.tasks.values() if t.resolved]
    latest = max([*times, *task_times])
    ok = (
        min(times).date().isoformat() >= "2026-06-01"
        and latest <= end_of(c.as_of)
        and (end_of(c.as_of) - latest < timedelta(days=1))
    )
    return Check(
        "everything lies in 2026-06-01 … 2026-11-30 and the last event is on the as-of day",
        ok,
        f"first {min(times)}, last {latest}",
    )
