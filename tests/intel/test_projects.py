"""Project detection (spec 04 §2.1–2.4): seeds, channel and document mapping, candidates, facts."""

from __future__ import annotations

from datetime import timedelta

from tests.intel.builders import AT, fact, message

from chiefops.intel.corrections import active_corrections
from chiefops.intel.projects import detect_projects
from chiefops.models import Channel, Document, Project

ALPHA = Project(
    project_id="p-alpha",
    name="Project Alpha",
    jira_project_keys=["ALPHA"],
    created_at=AT,
    updated_at=AT,
    last_analyzed_at=AT,
)
OPS = Project(
    project_id="p-ops",
    name="Ops Automation",
    jira_project_keys=["OPS"],
    created_at=AT,
    updated_at=AT,
    last_analyzed_at=AT,
)


def channel(name: str, *, members: int = 3, topic: str = "") -> Channel:
    return Channel(
        channel_id=f"C-{name}",
        name=name,
        members=[f"u{i}" for i in range(members)],
        topic=topic,
        created_at=AT,
        updated_at=AT,
    )


def document(name: str, folder: str, *, title: str | None = None) -> Document:
    return Document(
        document_id=f"d-{name}", file_name=name, file_type="text/markdown", file_size=1, owner="o", created_date=AT,
        modified_date=AT, folder_path=folder, title=title, created_at=AT, updated_at=AT,
    )  # fmt: skip


def detect(channels: list[Channel], docs: list[Document] | None = None, **kwargs: object) -> object:
    return detect_projects(
        stored=[ALPHA, OPS], tasks=[], channels=channels, messages=kwargs.get("messages", []), documents=docs or [],  # type: ignore[arg-type]
        doc_key_mentions=kwargs.get("mentions", {}), people_count=10, corrections=kwargs.get("corrections", []),  # type: ignore[arg-type]
    )  # fmt: skip


def test_channels_map_by_a_distinctive_name_token_or_the_key() -> None:
    found = detect(
        [
            channel("proj-alpha"),
            channel("alpha-dev"),
            channel("ops-automation"),
            channel("people-ops"),
            channel("devops"),
        ]
    )
    assert {c: m.project_id for c, m in found.channels.items()} == {  # type: ignore[attr-defined]
        "proj-alpha": "p-alpha", "alpha-dev": "p-alpha", "ops-automation": "p-ops", "people-ops": None, "devops": None,
    }  # fmt: skip


def test_org_channels_never_map() -> None:
    found = detect([channel("general"), channel("alpha-everyone", members=9)])
    assert {c: m.reason for c, m in found.channels.items()} == {  # type: ignore[attr-defined]
        "general": "org channel: never mapped to a project", "alpha-everyone": "org channel: never mapped to a project",
    }  # fmt: skip


def test_a_topic_naming_the_project_or_mostly_its_keys_maps_a_channel() -> None:
    mentions = [
        message(
            f"k{i}",
            f"ALPHA-{i} done",
            channel="mobile",
            jira_refs=(f"ALPHA-{i}",),
            at=AT + timedelta(minutes=i),
        )
        for i in range(5)
    ]
    found = detect(
        [channel("release-train", topic="Everything Project Alpha ships"), channel("mobile")],
        messages=mentions,
    )
    assert {c: m.project_id for c, m in found.channels.items()} == {
        "release-train": "p-alpha",
        "mobile": "p-alpha",
    }  # type: ignore[attr-defined]


def test_a_channel_matching_two_projects_stays_unmapped_and_listed() -> None:
    found = detect([channel("alpha-automation")])
    assert (found.channels["alpha-automation"].project_id, found.ambiguous) == (None, ["alpha-automation"])  # type: ignore[attr-defined]


def test_a_busy_project_shaped_channel_without_a_key_is_a_candidate() -> None:
    busy = [message(f"b{i}", "hello", channel="proj-zeus", at=AT + timedelta(minutes=i)) for i in range(50)]
    assert detect([channel("proj-zeus")], messages=busy).candidates == ["proj-zeus"]  # type: ignore[attr-defined]


def test_documents_map_by_folder_then_title_then_key_mentions() -> None:
    docs = [
        document("plan.md", "exports/drive/Project Alpha"),
        document("notes.md", "drive/Misc", title="Alpha launch notes"),
        document("x.md", "drive/Misc"),
        document("y.md", "People Ops"),
    ]
    found = detect([], docs, mentions={"d-x.md": {"OPS": 3}})
    assert {d: m.project_id for d, m in found.documents.items()} == {  # type: ignore[attr-defined]
        "d-plan.md": "p-alpha", "d-notes.md": "p-alpha", "d-x.md": "p-ops", "d-y.md": None,
    }  # fmt: skip


def test_coo_facts_remap_or_detach_channels_and_documents() -> None:
    facts = active_corrections(
        [
            fact("channel:#devops", "channel_project", "Ops Automation"),
            fact("channel:proj-alpha", "channel_project", "none"),
        ]
    )
    found = detect([channel("proj-alpha"), channel("devops")], corrections=facts)
    assert {c: m.project_id for c, m in found.channels.items()} == {"proj-alpha": None, "devops": "p-ops"}  # type: ignore[attr-defined]


def test_a_key_without_a_stored_project_seeds_one_named_after_the_key() -> None:
    from tests.intel.builders import task

    found = detect_projects(
        stored=[],
        tasks=[task("ZED-1", "x", project="p-zed")],
        channels=[],
        messages=[],
        documents=[],
        doc_key_mentions={},
        people_count=0,
        corrections=[],
    )
    assert [(s.project_id, s.name, s.keys) for s in found.seeds] == [("p-zed", "Zed", ("ZED",))]
