"""Pairwise identity rules of spec 04 §1.1: which observations may be the same person, and how sure.

A `Node` is one source reference (a Slack user, a Jira account or name, a Drive owner). `candidate_pairs`
finds the pairs worth scoring through blocking indexes (shared email, account id, name, email-derived
name, or last-name prefix), so the cost stays near-linear; `score_pair` applies the rules and returns
every rule that fired with its confidence. Vetoes and the one-token rule need the whole population and
live in `identity.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

from rapidfuzz import fuzz

from chiefops.intel.identity_names import (
    email_domain,
    email_name,
    normalize_person_name,
    share_canonical,
)

Source = str  # "slack" | "jira" | "gdrive"
NAME_RULES = frozenset({"name_exact", "email_name", "nickname", "fuzzy", "single_token"})


@dataclass(frozen=True)
class IdentityConfig:
    """Confidences and thresholds of 04 §1.1 (named defaults)."""

    auto_link: float = 0.90
    possible_min: float = 0.60
    veto_cap: float = 0.60
    ambiguity_margin: float = 0.05
    email: float = 1.00
    account: float = 1.00
    name_exact: float = 0.95
    email_name: float = 0.93
    nickname: float = 0.92
    fuzzy_scale: float = 0.95
    fuzzy_min: float = 0.60
    fuzzy_last_ratio: float = 85.0
    single_token: float = 0.75
    corroboration_step: float = 0.05
    corroboration_max: float = 0.10
    corroboration_cap: float = 0.99
    corroboration_shared: int = 3


@dataclass(frozen=True)
class Node:
    """One observed identity: a source reference and what that source says about it."""

    key: str
    source: Source
    source_id: str
    ref_id: str
    real_name: str | None = None
    display_names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    slack_id: str | None = None
    jira_account_id: str | None = None
    title: str | None = None
    is_bot: bool = False
    deleted: bool = False
    placeholder: bool = False

    @cached_property
    def full_names(self) -> frozenset[str]:
        """Normalised names of at least two tokens."""
        names = (self.real_name, *self.display_names)
        return frozenset(n for n in (normalize_person_name(x) for x in names if x) if len(n.split()) >= 2)

    @cached_property
    def single_names(self) -> frozenset[str]:
        """One-token names, only for nodes that have no full name ("raj", "alex")."""
        if self.full_names:
            return frozenset()
        names = (self.real_name, *self.display_names)
        return frozenset(n for n in (normalize_person_name(x) for x in names if x) if len(n.split()) == 1)

    @cached_property
    def email_names(self) -> frozenset[str]:
        return frozenset(n for n in (email_name(e) for e in self.emails) if len(n.split()) >= 2)

    @cached_property
    def domains(self) -> frozenset[str]:
        return frozenset(email_domain(e) for e in self.emails)

    @property
    def label(self) -> str:
        """How a person reads this node: "'raj' in Slack", "Rajesh Patel in Jira"."""
        where = {"slack": "Slack", "jira": "Jira", "gdrive": "Drive"}.get(self.source, self.source)
        shown = self.display_names[0] if self.single_names and self.display_names else self.real_name
        if not shown:
            shown = self.emails[0] if self.emails else self.source_id
        return f"'{shown}' in {where}" if self.single_names else f"{shown} in {where}"


@dataclass(frozen=True)
class Footprint:
    """What a node touched, for corroboration: items (channels, task keys) and day|item pairs."""

    items: frozenset[str] = frozenset()
    day_items: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleHit:
    rule: str
    confidence: float
    detail: str


@dataclass
class PairScore:
    """Every rule that linked two nodes; `confidence` is the best, after corroboration and vetoes."""

    a: str
    b: str
    hits: list[RuleHit] = field(default_factory=list)
    corroboration: list[str] = field(default_factory=list)
    vetoes: list[str] = field(default_factory=list)
    confidence: float = 0.0

    @property
    def rule(self) -> str:
        return max(self.hits, key=lambda h: (h.confidence, h.rule)).rule if self.hits else "none"

    @property
    def is_name_based(self) -> bool:
        return bool(self.hits) and all(hit.rule in NAME_RULES for hit in self.hits)


def _blocks(node: Node) -> Iterator[str]:
    for email in node.emails:
        yield f"e:{email}"
    if node.slack_id:
        yield f"s:{node.slack_id}"
    if node.jira_account_id:
        yield f"j:{node.jira_account_id}"
    for name in node.full_names | node.email_names:
        yield f"n:{name}"
        last = "".join(ch for ch in name.split()[-1] if ch.isalpha())
        yield f"l:{last[:2]}"


def candidate_pairs(nodes: Sequence[Node]) -> list[tuple[Node, Node]]:
    """Pairs sharing a blocking key, each once, ordered by their keys."""
    index: dict[str, list[Node]] = defaultdict(list)
    for node in nodes:
        for block in set(_blocks(node)):
            index[block].append(node)
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[Node, Node]] = []
    for block in sorted(index):
        for a, b in combinations(sorted(index[block], key=lambda n: n.key), 2):
            if (a.key, b.key) not in seen:
                seen.add((a.key, b.key))
                pairs.append((a, b))
    return pairs


def fuzzy_score(a: str, b: str) -> float:
    """04 §1.1 fuzzy blend of rapidfuzz scores, 0–1."""
    return (
        0.20 * fuzz.ratio(a, b)
        + 0.30 * fuzz.partial_ratio(a, b)
        + 0.25 * fuzz.token_sort_ratio(a, b)
        + 0.25 * fuzz.token_set_ratio(a, b)
    ) / 100


def _name_hits(a: Node, b: Node, cfg: IdentityConfig) -> Iterator[RuleHit]:
    exact = sorted(a.full_names & b.full_names)
    if exact:
        yield RuleHit("name_exact", cfg.name_exact, f"same full name '{exact[0]}'")
    for left, right in ((a, b), (b, a)):
        shared = sorted(left.email_names & right.full_names)
        if shared:
            yield RuleHit("email_name", cfg.email_name, f"email name '{shared[0]}' equals a full name")
    best_fuzzy = 0.0
    for name_a in sorted(a.full_names):
        for name_b in sorted(b.full_names):
            first_a, *_, last_a = name_a.split()
            first_b, *_, last_b = name_b.split()
            if last_a == last_b and first_a != first_b and share_canonical(first_a, first_b):
                yield RuleHit(
                    "nickname",
                    cfg.nickname,
                    f"'{first_a}' and '{first_b}' share a canonical name, same last name",
                )
            if name_a != name_b and fuzz.ratio(last_a, last_b) >= cfg.fuzzy_last_ratio:
                best_fuzzy = max(best_fuzzy, fuzzy_score(name_a, name_b))
    if best_fuzzy >= cfg.fuzzy_min:
        yield RuleHit(
            "fuzzy", round(cfg.fuzzy_scale * best_fuzzy, 4), f"fuzzy name similarity {best_fuzzy:.2f}"
        )


def score_pair(a: Node, b: Node, *, cfg: IdentityConfig) -> PairScore:
    """Every rule that fires for the pair, and the first two vetoes (04 §1.1); no corroboration yet."""
    score = PairScore(a=a.key, b=b.key)
    shared_emails = sorted(set(a.emails) & set(b.emails))
    if shared_emails:
        score.hits.append(RuleHit("email", cfg.email, f"same email {shared_emails[0]}"))
    if a.slack_id and a.slack_id == b.slack_id:
        score.hits.append(RuleHit("slack_id", cfg.account, f"same Slack id {a.slack_id}"))
    if a.jira_account_id and a.jira_account_id == b.jira_account_id:
        score.hits.append(RuleHit("jira_id", cfg.account, f"same Jira account {a.jira_account_id}"))
    score.hits.extend(_name_hits(a, b, cfg))
    score.vetoes.extend(pair_vetoes(a, b))
    score.confidence = max((hit.confidence for hit in score.hits), default=0.0)
    return score


def pair_vetoes(a: Node, b: Node) -> list[str]:
    """Vetoes (1) and (2) of 04 §1.1 for one pair."""
    vetoes: list[str] = []
    if a.slack_id and b.slack_id and a.slack_id != b.slack_id:
        vetoes.append("different Slack ids")
    if a.jira_account_id and b.jira_account_id and a.jira_account_id != b.jira_account_id:
        vetoes.append("different Jira account ids")
    for domain in sorted(a.domains & b.domains):
        mine = {e for e in a.emails if e.endswith("@" + domain)}
        theirs = {e for e in b.emails if e.endswith("@" + domain)}
        if not mine & theirs:
            vetoes.append(f"different emails on {domain}")
            break
    if a.source == b.source == "slack" and a.deleted != b.deleted:
        vetoes.append("one account deactivated, the other active")
    return vetoes


def corroborate(score: PairScore, fa: Footprint | None, fb: Footprint | None, *, cfg: IdentityConfig) -> None:
    """Raise a below-certain score by +0.05 per corroborating signal (at most +0.10, cap 0.99)."""
    if score.confidence >= 1.0 or fa is None or fb is None:
        return
    shared = sorted(fa.items & fb.items)
    if len(shared) >= cfg.corroboration_shared:
        score.corroboration.append(f"{len(shared)} shared channels or tasks ({', '.join(shared[:3])})")
    same_day = sorted(fa.day_items & fb.day_items)
    if same_day:
        day, _, item = same_day[0].partition("|")
        score.corroboration.append(f"same-day activity on {item} ({day})")
    boost = min(cfg.corroboration_max, cfg.corroboration_step * len(score.corroboration))
    if boost:
        score.confidence = round(min(cfg.corroboration_cap, score.confidence + boost), 4)
