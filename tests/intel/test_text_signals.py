"""Message text signals and the per-batch feature cache (spec 04 §1.2, §1.4, §2.5, §7)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import orjson

from chiefops.intel.features import (
    ACCEPT,
    BLOCKER,
    DECISION,
    DONE,
    FOLLOW,
    QUESTION,
    REFUSE,
    REVIEW,
    FeatureCache,
    MessageText,
    batch_digest,
    extract_features,
    extract_many,
    vocab_counts,
)
from chiefops.intel.snapshot import record_hash
from chiefops.intel.text_signals import clean_object, content_tokens, deadline_dates, plain_text

SAID = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def flags(text: str, *, mentions: bool = False) -> int:
    return extract_features(MessageText("m", text, None, SAID, mentions)).flags


def test_dates_next_to_deadline_words_are_read_with_or_without_a_year() -> None:
    assert deadline_dates("launch deadline Dec 18, 2026 · demo Thursdays", said_at=SAID) == [
        date(2026, 12, 18)
    ]
    assert deadline_dates("go-live is 31 Dec", said_at=SAID) == [date(2026, 12, 31)]
    assert deadline_dates("cutover moved to Feb 26", said_at=SAID) == [date(2027, 2, 26)]
    assert deadline_dates("lunch on Dec 18", said_at=SAID) == []
    assert deadline_dates("deadline 2027-01-22", said_at=SAID) == [date(2027, 1, 22)]


def test_each_signal_flag_is_set_by_its_vocabulary() -> None:
    assert flags("ALPHA-12 lgtm, approved") == REVIEW
    assert flags("Updated the RFC on the data model") == DECISION
    assert flags("Still blocked on BETA-208, any ideas?") == BLOCKER | QUESTION
    assert flags("not blocked anymore") == 0
    assert flags("that fixed it, thanks!") == FOLLOW
    assert flags("sure, on it") == ACCEPT
    assert flags("sorry, no bandwidth") == REFUSE
    assert flags("shipped it") == DONE


def test_vocabulary_counts_classes_over_one_to_three_word_terms() -> None:
    assert vocab_counts("The data model and the schema; run the ETL backfill into Snowflake") == (
        ("architecture", 2),
        ("data", 3),
    )


def test_slack_markup_keeps_mentions_as_tokens() -> None:
    assert (
        plain_text("<@U1|maria> see <#C9|proj-alpha> and <https://x.io|the doc> &amp; more")
        == "@@U1 see #proj-alpha and the doc & more"
    )


def test_objects_lose_articles_clauses_and_time_words() -> None:
    assert [
        clean_object(o) for o in ("the SSO config?", "up the onboarding guide, thanks", "ALPHA-12 next week")
    ] == ["SSO config", "onboarding guide", "ALPHA-12"]
    assert content_tokens("a quick look at it") == []


def test_features_round_trip_through_the_batch_cache(tmp_path: Path) -> None:
    cache = FeatureCache(tmp_path / "features")
    feats = {
        "m1": extract_features(
            MessageText(
                "m1", "<@U1> can you take the SSO config?", "<@U1> can you take the SSO config?", SAID, True
            )
        )
    }
    digest = batch_digest("job-1|slack", total=record_hash("slack:C1:1", "h1"), count=1)
    cache.save(digest, feats)
    path = cache.path(digest)
    assert path is not None and orjson.loads(path.read_bytes()).keys() == {"m1"}
    assert cache.load(digest) == feats
    assert cache.prune(["other"]) == 1 and cache.load(digest) is None


def _digest(records: list[tuple[str, str]]) -> str:
    total = sum(record_hash(key, content) for key, content in records) % (1 << 64)
    return batch_digest("job|slack", total=total, count=len(records))


def test_a_batch_digest_ignores_record_order_but_not_which_content_is_whose() -> None:
    assert _digest([("a", "1"), ("b", "2")]) == _digest([("b", "2"), ("a", "1")])
    assert _digest([("a", "1")]) != _digest([("a", "2")])
    assert _digest([("a", "1"), ("b", "2")]) != _digest([("a", "2"), ("b", "1")])


def test_repeated_texts_reuse_their_features_unless_dates_depend_on_the_day() -> None:
    later = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
    texts = [
        MessageText("m1", "Can you take the SSO config?", None, SAID, False),
        MessageText("m2", "Can you take the SSO config?", None, later, False),
        MessageText("m3", "The launch deadline is Dec 18", None, SAID, False),
        MessageText("m4", "The launch deadline is Dec 18", None, later, False),
    ]
    assert extract_many(texts) == {m.message_id: extract_features(m) for m in texts}
