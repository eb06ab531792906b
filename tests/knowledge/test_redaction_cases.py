"""The 50 redaction cases of spec 03 §12 check 10, each inside a sentence (`tests/privacy/redaction_cases.jsonl`).

Every "must redact" value becomes `[TYPE_1]` with the rest of the sentence intact; no "must not"
string changes — precision and recall are both 1.0 on this set. Secrets are generated from their
shape at test time.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.privacy.shapes import CASES_FILE, fill, load_jsonl

from chiefops.ai import PlaceholderSession, redact

CASES = load_jsonl(CASES_FILE)
MUST_REDACT = [c for c in CASES if c["expect"] == "redact"]
MUST_KEEP = [c for c in CASES if c["expect"] == "keep"]


def _sentence(case: dict[str, Any]) -> str:
    return str(case["text"]).replace("{value}", fill(case["value"]))


def test_the_case_file_holds_25_values_to_redact_and_25_to_keep() -> None:
    assert (len(MUST_REDACT), len(MUST_KEEP)) == (25, 25)


@pytest.mark.parametrize("case", MUST_REDACT, ids=lambda c: f"{c['case']}-{c['type']}")
def test_must_redact_value_gets_its_type_and_the_sentence_stays_intact(case: dict[str, Any]) -> None:
    sentence = _sentence(case)
    part = fill(case["part"])
    session = PlaceholderSession()

    result = redact(sentence, session=session)

    placeholder = f"[{case['type']}_1]"
    assert result.text == sentence.replace(part, placeholder)
    assert dict(result.counts) == {case["type"]: 1}
    assert session.mapping == {placeholder: part}


@pytest.mark.parametrize("case", MUST_KEEP, ids=lambda c: f"{c['case']}-{c['why']}")
def test_must_not_redact_string_is_left_unchanged(case: dict[str, Any]) -> None:
    sentence = _sentence(case)

    result = redact(sentence, session=PlaceholderSession())

    assert result.text == sentence
    assert dict(result.counts) == {}


def test_all_fifty_sentences_in_one_prompt_give_exactly_the_25_placeholders() -> None:
    prompt = "\n".join(_sentence(c) for c in CASES)
    session = PlaceholderSession()

    result = redact(prompt, session=session)

    expected = prompt
    placeholders: dict[tuple[str, str], str] = {}
    for case in MUST_REDACT:
        key = (case["type"], _value_key(case["type"], fill(case["part"])))
        numbered = sum(1 for kind, _ in placeholders if kind == case["type"]) + 1
        placeholder = placeholders.setdefault(key, f"[{case['type']}_{numbered}]")
        expected = expected.replace(fill(case["part"]), placeholder, 1)
    assert result.text == expected
    assert session.redactions == {"EMAIL": 3, "PHONE": 5, "CARD": 4, "NATIONAL_ID": 4, "SECRET": 9}
    assert session.mapping["[NATIONAL_ID_1]"] == "536-22-1437"  # case 14 is the same SSN without dashes


def _value_key(kind: str, value: str) -> str:
    """One placeholder per value: e-mail lower-cased, numbers as digits (03 §9.2)."""
    if kind == "EMAIL":
        return value.lower()
    if kind in ("PHONE", "CARD", "NATIONAL_ID") and any(c.isdigit() for c in value):
        return "".join(c for c in value if c.isalnum()).upper()
    return value
