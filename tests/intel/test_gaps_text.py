"""Token-aware phrase matching (04 §5 "Matching")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiefops.intel.gaps_text import find_phrase, has_phrase, normalize


@pytest.mark.parametrize(
    ("text", "phrase", "score"),
    [
        ("Load testing the sync API", "load test", 100),
        ("Handle Salesforce API rate limits", "rate limit", 100),
        ("Play data-safety form", "data safety", 100),
        ("Release notes and support handoff", "support hand-off", 96),
        ("Monitorng and alerting for the backend", "monitoring and alerting", 97),
    ],
)
def test_find_phrase_accepts_inflections_and_small_typos(text: str, phrase: str, score: int) -> None:
    assert find_phrase(normalize(text), normalize(phrase), min_score=90) == score


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("BIOS update for the build agents", "ios"),
        ("Play Store listing: screenshots", "app store"),
        ("submit the build for Google Play review", "store review"),
        ("the app developer tools", "apple developer"),
        ("app", "app store"),
    ],
)
def test_find_phrase_rejects_partial_tokens_and_near_misses(text: str, phrase: str) -> None:
    assert find_phrase(normalize(text), normalize(phrase), min_score=90) == 0


def test_has_phrase_matches_whole_tokens_only() -> None:
    text = normalize("Set up the Apple Developer Program (team account)")
    assert [
        has_phrase(text, normalize(p)) for p in ("apple developer", "developer program", "develop", "")
    ] == [
        True,
        True,
        False,
        False,
    ]


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert normalize("Café go-live: ÉTL_jobs!").tokens == ("café", "go", "live", "étl", "jobs")


_WORDS = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=6), min_size=1, max_size=8)


@given(words=_WORDS, data=st.data())
def test_any_run_of_the_texts_own_words_is_found_exactly(words: list[str], data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
    stop = data.draw(st.integers(min_value=start + 1, max_value=len(words)))
    text, phrase = normalize(" ".join(words)), normalize("-".join(words[start:stop]))
    assert (has_phrase(text, phrase), find_phrase(text, phrase, min_score=90)) == (True, 100)
