"""Opt-out tags (spec 03 §8, 02 §10, §17 check 18 record side): the matcher, the `opt_out_tags` store,
and the flags ingestion sets on records."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ingest.fixtures_ingest import jira_csv, jira_row, message, slack_export, ts

from chiefops.errors import NotFound, ValidationFailed
from chiefops.ingest import IngestOptions, IngestService, OptOutOptions
from chiefops.knowledge.optout import OptOutMatcher, add_tags, delete_tag, list_tags, validate_tag
from chiefops.models import Document, Message, OptOutKind, OptOutTag, Task
from chiefops.services import Services


def matcher(*tags: tuple[OptOutKind, str]) -> OptOutMatcher:
    return OptOutMatcher.from_tags([OptOutTag(kind=kind, value=value) for kind, value in tags])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Strictly CONFIDENTIAL.", True),
        ("(confidential)", True),
        ("confidentiality matters", False),
        ("", False),
    ],
)
def test_keywords_match_whole_words_in_any_case(text: str, expected: bool) -> None:
    assert matcher((OptOutKind.PATTERN, "confidential")).matches_text(text) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("hr-confidential", "C9"), True),
        (("#HR-Confidential",), True),
        (("C77",), True),
        (("hr-payroll",), True),
        (("general",), False),
    ],
)
def test_channels_match_by_name_with_or_without_hash_by_id_and_by_glob(
    values: tuple[str, ...], expected: bool
) -> None:
    tags = matcher(
        (OptOutKind.CHANNEL, "#hr-confidential"), (OptOutKind.CHANNEL, "C77"), (OptOutKind.CHANNEL, "hr-pay*")
    )
    assert tags.matches_channel(*values) is expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("People Ops/salary-2026.xlsx", True),
        ("Company/HR/pay.xlsx", True),
        ("doc-123", True),
        ("Company/plan.docx", False),
    ],
)
def test_files_match_by_glob_on_name_or_path_and_by_document_id(path: str, expected: bool) -> None:
    tags = matcher(
        (OptOutKind.FILE, "salary-*.xlsx"), (OptOutKind.FILE, "HR/**"), (OptOutKind.FILE, "doc-123")
    )
    assert tags.matches_file(path) is expected


def test_a_regex_tag_matches_as_a_regex() -> None:
    tags = OptOutMatcher.from_tags(
        [OptOutTag(kind=OptOutKind.PATTERN, value=r"\bSSN \d{3}-\d{2}\b", regex=True)]
    )
    assert (tags.matches_text("my SSN 123-45 here"), tags.matches_text("SSN pending")) == (True, False)


def test_a_regex_over_200_characters_is_refused_with_422() -> None:
    tag = OptOutTag.model_construct(kind=OptOutKind.PATTERN, value="a" * 201, regex=True)
    with pytest.raises(ValidationFailed) as caught:
        validate_tag(tag)
    assert caught.value.status == 422
    assert caught.value.message == "Opt-out regex is 201 characters; the limit is 200."


def test_a_catastrophically_slow_regex_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_tag(OptOutTag(kind=OptOutKind.PATTERN, value="(a+)+b", regex=True))
    assert caught.value.message.startswith("Opt-out regex '(a+)+b' is too slow: scanning a 100 kB sample")


async def test_tags_are_stored_once_listed_and_deleted(container: Services) -> None:
    first = await add_tags(container.store, [OptOutTag(kind=OptOutKind.CHANNEL, value="#hr-confidential")])
    again = await add_tags(container.store, [OptOutTag(kind=OptOutKind.CHANNEL, value="HR-Confidential")])
    page = await list_tags(container.store)
    assert [t.tag_id for t in again] == [first[0].tag_id]
    assert (page.total, [t.value for t in page.items]) == (1, ["#hr-confidential"])
    await delete_tag(container.store, first[0].tag_id)
    assert (await list_tags(container.store)).total == 0
    with pytest.raises(NotFound):
        await delete_tag(container.store, first[0].tag_id)


async def test_ingestion_saves_the_batch_tags_and_flags_matching_records(
    container: Services, ingest: IngestService, tmp_path: Path
) -> None:
    export = slack_export(
        tmp_path / "export.zip",
        general=(
            "C01",
            [
                [
                    message("U01", "lunch at noon", ts(0, 60)),
                    message("U02", "the offer is CONFIDENTIAL", ts(0, 120)),
                ]
            ],
        ),
        hr_confidential=("C02", [[message("U03", "salary review", ts(0, 180))]]),
    )
    drive = tmp_path / "Drive"
    drive.mkdir()
    (drive / "salary-2026.md").write_text("# Salaries\n")
    (drive / "plan.md").write_text("# Plan\n")
    issues = jira_csv(
        tmp_path / "jira.csv", [jira_row("ALPHA-1", summary="Confidential hiring plan"), jira_row("ALPHA-2")]
    )
    options = IngestOptions(
        opt_out=OptOutOptions(channels=["hr_confidential"], files=["salary-*.md"], keywords=["confidential"])
    )
    summary = await ingest.run([export, drive, issues], options)
    slack = {m.text: m.opt_out for m in await container.store.typed(Message).find({"source": "slack"})}
    docs = {d.file_name: d.opt_out for d in await container.store.typed(Document).find()}
    tasks = {t.jira_key: t.opt_out for t in await container.store.typed(Task).find()}
    assert slack == {"lunch at noon": False, "the offer is CONFIDENTIAL": True, "salary review": True}
    assert (docs, tasks) == ({"salary-2026.md": True, "plan.md": False}, {"ALPHA-1": True, "ALPHA-2": False})
    assert (summary.opted_out.messages, summary.opted_out.documents, summary.opted_out.tasks) == (2, 1, 1)
    assert sorted(t.value for t in (await list_tags(container.store)).items) == [
        "confidential",
        "hr_confidential",
        "salary-*.md",
    ]
