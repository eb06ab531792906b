"""Identity observations (spec 04 §1.1): rebuilt identically after intel merged the records."""

from __future__ import annotations

from tests.intel.builders import AT

from chiefops.intel.observe import IdentityMemory, node_key, observe_nodes
from chiefops.models import Person, SourceReference, SourceSystem, derived_id


def person(key: str, name: str, refs: list[tuple[SourceSystem, str]], **fields: object) -> Person:
    return Person(
        person_id=derived_id(key), name=name, role="team_member", last_active_date=AT,
        source_ids=[SourceReference(source=s, source_id=i) for s, i in refs], created_at=AT, updated_at=AT, **fields,  # type: ignore[arg-type]
    )  # fmt: skip


RAW = [
    person(
        "slack:U1",
        "raj",
        [(SourceSystem.SLACK, "U1")],
        email="rajesh.patel@lumen.io",
        handles=["raj", "rp"],
        title_hint="Developer",
    ),
    person("jira:acc", "Rajesh Patel", [(SourceSystem.JIRA, "acc")], jira_username="Rajesh Patel"),
    person(
        "email:rajesh.patel@lumen.io",
        "rajesh.patel@lumen.io",
        [(SourceSystem.GDRIVE, "rajesh.patel@lumen.io")],
        email="rajesh.patel@lumen.io",
    ),
]


def test_keys_follow_the_reference_forms_of_ingestion() -> None:
    assert [node_key("slack", "U1"), node_key("jira", "acc"), node_key("gdrive", "A.B@X.io"), node_key("gdrive", "Marta Novak")] == [
        "slack:U1", "jira:acc", "email:a.b@x.io", "name:marta novak",
    ]  # fmt: skip


def test_a_merged_record_with_memory_gives_the_same_nodes_as_the_raw_records() -> None:
    raw = observe_nodes(RAW, IdentityMemory())
    merged = person(
        "slack:U1", "Rajesh Patel", [(SourceSystem.SLACK, "U1"), (SourceSystem.GDRIVE, "rajesh.patel@lumen.io"), (SourceSystem.JIRA, "acc")],
        email="rajesh.patel@lumen.io", handles=["rp", "raj"], title_hint="Developer", jira_username="Rajesh Patel",
    )  # fmt: skip
    memory = IdentityMemory(
        nodes={n.key: n for n in raw}, written={merged.person_id: ("Rajesh Patel", "rajesh.patel@lumen.io")}
    )
    assert observe_nodes([merged], memory) == raw


def test_a_value_ingestion_refreshed_after_the_merge_is_read_from_the_record() -> None:
    raw = observe_nodes(RAW, IdentityMemory())
    refreshed = RAW[0].model_copy(update={"name": "Raj Patel"})
    memory = IdentityMemory(nodes={n.key: n for n in raw}, written={refreshed.person_id: ("raj", None)})
    assert observe_nodes([refreshed], memory)[0].real_name == "Raj Patel"
