"""The exports open with standard readers and have the shapes of 02 §4–§6 (Slack layout, CSV columns, files)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from datetime import UTC, datetime

import docx
import openpyxl
import orjson
import pypdf
from pptx import Presentation
from samples.corpus import Corpus, as_dict, as_list, is_reply, msg_time

from samples import WorldReport

TS = re.compile(r"^\d{10}\.\d{6}$")
DAY_FILE = re.compile(r"^[a-z0-9-]+/\d{4}-\d{2}-\d{2}\.json$")
JIRA_DATE = re.compile(r"^\d{2}/[A-Z][a-z]{2}/\d{2} \d{1,2}:\d{2} (AM|PM)$")
COMMENT = re.compile(r"^\d{2}/[A-Z][a-z]{2}/\d{2} \d{1,2}:\d{2} (AM|PM);[0-9a-f:-]+;.+", re.S)


def test_slack_zip_has_the_admin_export_layout(world: WorldReport, corpus: Corpus) -> None:
    names = zipfile.ZipFile(world.slack_zip).namelist()
    roots = [n for n in names if "/" not in n]
    folders = {n.split("/")[0] for n in names if "/" in n}
    assert roots == ["users.json", "channels.json", "integration_logs.json"]
    assert folders == {str(c["name"]) for c in corpus.slack.channels}
    assert all(DAY_FILE.match(n) for n in names if "/" in n)


def test_every_message_sits_in_the_day_file_of_its_ts(world: WorldReport) -> None:
    with zipfile.ZipFile(world.slack_zip) as zf:
        wrong = [
            (name, m["ts"])
            for name in zf.namelist()
            if "/" in name
            for m in orjson.loads(zf.read(name))
            if not TS.match(m["ts"]) or msg_time(m).date().isoformat() != name[-15:-5]
        ]
    assert wrong == []


def test_users_hold_titles_emails_a_bot_and_a_deactivated_account(corpus: Corpus) -> None:
    users = corpus.slack.users
    raj = next(u for u in users if u["name"] == "raj")
    bots = [u["name"] for u in users if u["is_bot"]]
    humans = [u for u in users if not u["is_bot"]]
    with_email = [u for u in humans if "email" in u["profile"]]  # type: ignore[operator]
    assert raj["real_name"] == "Raj Patel"
    assert raj["profile"] == raj["profile"] | {
        "display_name": "raj",
        "title": "Software Developer",  # type: ignore[operator]
        "email": "rajesh.patel@lumenlabs.io",
    }
    assert bots == ["jira-bot"]
    assert [u["real_name"] for u in users if u["deleted"]] == ["Tom Becker"]
    assert len(humans) - 3 <= len(with_email) < len(humans)


def test_threads_carry_reply_metadata_that_matches_their_replies(corpus: Corpus) -> None:
    problems = []
    for messages in corpus.slack.messages.values():
        replies: dict[str, list[dict[str, object]]] = {}
        for m in messages:
            if is_reply(m):
                replies.setdefault(str(m["thread_ts"]), []).append(m)
        for m in messages:
            if m.get("thread_ts") == m["ts"]:
                kids = replies.get(str(m["ts"]), [])
                if (
                    m["reply_count"] != len(kids)
                    or m["replies"] != [{"user": k["user"], "ts": k["ts"]} for k in kids]
                    or m["latest_reply"] != kids[-1]["ts"]
                    or m["reply_users_count"] != len(set(str(k["user"]) for k in kids))
                    or any(k["parent_user_id"] != m["user"] for k in kids)
                ):
                    problems.append(m["ts"])
    assert problems == []


def test_messages_use_the_real_export_shapes(corpus: Corpus) -> None:
    messages = [m for ms in corpus.slack.messages.values() for m in ms]
    subtypes = Counter(str(m.get("subtype", "")) for m in messages)
    assert set(subtypes) == {
        "",
        "thread_broadcast",
        "bot_message",
        "file_share",
        "me_message",
        "channel_join",
        "channel_leave",
        "channel_name",
        "channel_topic",
        "channel_purpose",
    }
    broadcast = next(m for m in messages if m.get("subtype") == "thread_broadcast")
    assert set(as_dict(broadcast["root"])) == {"text", "user", "ts", "thread_ts", "reply_count", "type"}
    reacted = [m for m in messages if "reactions" in m]
    reactions = [as_dict(r) for m in reacted for r in as_list(m["reactions"])]
    assert all(r["count"] == len(as_list(r["users"])) for r in reactions)
    edited = [m for m in messages if "edited" in m]
    assert all(set(as_dict(m["edited"])) == {"user", "ts"} for m in edited)
    files = [as_dict(f) for m in messages for f in as_list(m.get("files", []))]
    assert files and all(
        {"id", "name", "title", "mimetype", "filetype", "size", "url_private", "permalink"} <= set(f)
        for f in files
    )
    bots = [m for m in messages if m.get("subtype") == "bot_message"]
    assert bots and all(m["bot_id"] and m["attachments"] for m in bots)
    rename = next(m for m in messages if m.get("subtype") == "channel_name")
    assert (rename["old_name"], rename["name"]) == ("data-warehouse", "proj-gamma")
    assert min(len(reacted), len(edited)) > len(messages) // 40


def test_text_uses_mentions_channel_refs_links_and_emoji(corpus: Corpus) -> None:
    users = {str(u["id"]) for u in corpus.slack.users}
    texts = [str(m.get("text", "")) for ms in corpus.slack.messages.values() for m in ms]
    mentions = {u for t in texts for u in re.findall(r"<@(U\w+)>", t)}
    refs = {c for t in texts for c in re.findall(r"<#(C\w+)\|[a-z0-9-]+>", t)}
    assert mentions <= users and len(mentions) > 40
    assert {corpus.channel_id_to_name[c] for c in refs} == {"devops", "engineering", "qa", "product"}
    assert sum("<#C" in t for t in texts) > 50
    assert sum(bool(re.search(r"<https://[^|>]+\|[^>]+>", t)) for t in texts) > 50
    assert sum(bool(re.search(r":[a-z_+]+:", t)) for t in texts) > 200
    assert sum(bool(re.search(r"\b(ALPHA|BETA|GAMMA|DELTA|OPS)-\d+\b", t)) for t in texts) > 3000


def test_jira_csv_has_bom_and_repeated_columns(corpus: Corpus) -> None:
    header = Counter(corpus.jira.header)
    assert corpus.jira.has_bom
    assert [
        header[c]
        for c in (
            "Sprint",
            "Labels",
            "Component/s",
            "Comment",
            "Outward issue link (Blocks)",
            "Inward issue link (Blocks)",
            "Issue key",
            "Assignee Id",
        )
    ] == [4, 3, 2, 6, 2, 2, 1, 1]
    assert {
        "Status Category",
        "Project key",
        "Project name",
        "Custom field (Flagged)",
        "Custom field (Story Points)",
        "Parent",
        "Due date",
        "Resolved",
        "Reporter Id",
        "Description",
    } <= set(header)
    assert all(len(row) == len(corpus.jira.header) for row in corpus.jira.rows)


def test_jira_cells_use_jira_formats(corpus: Corpus) -> None:
    jira = corpus.jira
    dates = [
        jira.value(r, c)
        for r in jira.rows
        for c in ("Created", "Updated", "Resolved", "Due date")
        if jira.value(r, c)
    ]
    comments = [c for r in jira.rows for c in jira.values(r, "Comment")]
    assert all(JIRA_DATE.match(d) for d in dates)
    assert comments and all(COMMENT.match(c) for c in comments)


def test_jira_holds_blocked_status_unassigned_work_carry_over_and_epics(corpus: Corpus) -> None:
    tasks = list(corpus.tasks.values())
    statuses = Counter(t.status for t in tasks)
    epics = {t.key for t in tasks if t.issue_type == "Epic"}
    parents = {corpus.jira.value(r, "Parent") for r in corpus.jira.rows} - {""}
    assert set(statuses) == {"To Do", "In Progress", "In Review", "Blocked", "Done", "Won't Do"}
    assert sum(1 for t in tasks if t.is_open and not t.assignee_id) >= 5
    assert sum(1 for t in tasks if len(t.sprints) >= 2) > 200
    assert parents == epics
    assert {t.project for t in tasks} == {"ALPHA", "BETA", "GAMMA", "DELTA", "OPS"}


def test_office_documents_open_with_their_libraries_and_name_authors(world: WorldReport) -> None:
    drive = world.drive_dir
    spec = docx.Document(str(drive / "Project Alpha/Alpha Launch Plan.docx"))
    deck = Presentation(str(drive / "Project Alpha/Mobile Roadmap Q4.pptx"))
    book = openpyxl.load_workbook(
        str(drive / "Company/Lumen Labs Budget and Capacity FY26.xlsx"), read_only=True
    )
    arch = pypdf.PdfReader(str(drive / "Project Alpha/Alpha Architecture.pdf"))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert (spec.core_properties.author, spec.core_properties.last_modified_by) == (
        "sophie.laurent@lumenlabs.io",
        "priya.sharma@lumenlabs.io",
    )
    assert spec.core_properties.modified == datetime(2026, 11, 24, 16, 45, tzinfo=UTC)
    assert len(notes) == 4 and deck.core_properties.author == "sophie.laurent@lumenlabs.io"
    assert book.sheetnames == ["Summary", "Budget by department", "Capacity by project", "Headcount plan"]
    assert (len(arch.pages), arch.metadata.author if arch.metadata else None) == (
        20,
        "rajesh.patel@lumenlabs.io",
    )


def test_drive_folder_holds_every_format_in_project_folders(corpus: Corpus) -> None:
    by_type = Counter(d.ext for d in corpus.drive)
    folders = {d.path.split("/")[0] for d in corpus.drive}
    assert by_type == {"docx": 11, "pdf": 3, "pptx": 4, "xlsx": 6, "md": 5, "txt": 3}
    assert {"Project Alpha", "Project Beta", "Project Gamma", "Project Delta", "Ops Automation"} <= folders
    assert all(d.text.strip() for d in corpus.drive)
