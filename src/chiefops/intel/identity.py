"""Identity resolution (spec 04 §1.1): observations → one person per real human, never a silent merge.

Rules with confidences come from `identity_rules.py`. Here: non-persons are set aside, the one-token
rule and veto (3) are applied against the population, links ≥ 0.90 are merged by union-find in
order of confidence (a merge that would put two Slack ids or two emails of one domain in a cluster
is refused and becomes a possible match — the cluster is cut at its weakest link), and links between
0.60 and 0.90 become possible matches the COO confirms or rejects. Each cluster becomes a person whose
id is the provisional id of its strongest key, so ids survive re-ingestion; the other ids become
`alias_ids`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.intel.identity_names import first_name_forms, is_non_person_name
from chiefops.intel.identity_records import (
    Link,
    ResolvedPerson,
    build_person,
    display,
    person_id_of,
)
from chiefops.intel.identity_rules import (
    Footprint,
    IdentityConfig,
    Node,
    PairScore,
    RuleHit,
    candidate_pairs,
    corroborate,
    score_pair,
)

SLACKBOT_ID = "USLACKBOT"
__all__ = [
    "IdentityResult",
    "IdentityRulings",
    "Link",
    "NonPerson",
    "PossibleMatch",
    "ResolvedPerson",
    "resolve_identities",
]


@dataclass(frozen=True)
class IdentityRulings:
    """COO facts that bind the resolver, as node keys (04 §1.5)."""

    same: tuple[tuple[str, str], ...] = ()
    different: tuple[tuple[str, str], ...] = ()
    not_a_person: frozenset[str] = frozenset()
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PossibleMatch:
    match_id: str
    a: str
    b: str
    candidates: tuple[str, ...]
    confidence: float
    rule: str
    question: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NonPerson:
    key: str
    source: str
    source_id: str
    ref_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class IdentityResult:
    persons: tuple[ResolvedPerson, ...]
    possible_matches: tuple[PossibleMatch, ...]
    non_persons: tuple[NonPerson, ...]
    links: tuple[Link, ...]

    def alias_map(self) -> dict[str, str]:
        """Every provisional or former id → the person_id it resolves to (non-persons map to themselves)."""
        mapping = {n.ref_id: n.ref_id for n in self.non_persons}
        for person in self.persons:
            mapping[person.person_id] = person.person_id
            for alias in person.alias_ids:
                mapping[alias] = person.person_id
        return mapping


class _Clusters:
    """Union-find over node keys that refuses merges breaking 04 §1.1's cluster rules."""

    def __init__(self, nodes: Sequence[Node], forbidden: set[frozenset[str]]) -> None:
        self.parent = {n.key: n.key for n in nodes}
        self.members: dict[str, list[Node]] = {n.key: [n] for n in nodes}
        self.forbidden = forbidden

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def conflict(self, a: str, b: str) -> str | None:
        left, right = self.members[self.find(a)], self.members[self.find(b)]
        slack = {n.slack_id for n in (*left, *right) if n.slack_id}
        if len(slack) > 1:
            return "would join two Slack accounts"
        by_domain: dict[str, set[str]] = defaultdict(set)
        for node in (*left, *right):
            for email in node.emails:
                by_domain[email.partition("@")[2]].add(email)
        if any(len(emails) > 1 for emails in by_domain.values()):
            return "would join two emails of one domain"
        if any(frozenset({x.key, y.key}) in self.forbidden for x in left for y in right):
            return "the COO said these are different people"
        return None

    def union(self, a: str, b: str, *, force: bool = False) -> str | None:
        """Merge the clusters of a and b; the reason when refused (None when merged or already one)."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return None
        reason = None if force else self.conflict(a, b)
        if reason:
            return reason
        keep, gone = sorted((root_a, root_b))
        self.parent[gone] = keep
        self.members[keep].extend(self.members.pop(gone))
        return None


def non_person_reason(node: Node, rulings: IdentityRulings) -> str | None:
    """Why an account is not a person (04 §1.1), or None."""
    if node.key in rulings.not_a_person:
        return "COO: not a person"
    if node.is_bot:
        return "bot account"
    if node.slack_id == SLACKBOT_ID:
        return "Slackbot"
    names = [n for n in (node.real_name, *node.display_names) if n]
    if any(is_non_person_name(n) for n in names):
        return "automation account name"
    return None


def resolve_identities(
    nodes: Sequence[Node],
    *,
    footprints: Mapping[str, Footprint] | None = None,
    rulings: IdentityRulings | None = None,
    cfg: IdentityConfig | None = None,
) -> IdentityResult:
    """Cluster observations into persons (see the module docstring); input order never matters."""
    config, rules, prints = cfg or IdentityConfig(), rulings or IdentityRulings(), footprints or {}
    ordered = sorted(nodes, key=lambda n: (n.source, n.key))
    non_persons = tuple(
        NonPerson(n.key, n.source, n.source_id, n.ref_id, n.real_name or n.source_id, reason)
        for n in ordered
        if (reason := non_person_reason(n, rules)) is not None
    )
    excluded = {n.key for n in non_persons}
    people = [n for n in ordered if n.key not in excluded]
    by_key = {n.key: n for n in people}
    forbidden = {frozenset(pair) for pair in rules.different if pair[0] in by_key and pair[1] in by_key}
    scores = [s for a, b in candidate_pairs(people) if (s := score_pair(a, b, cfg=config)).hits]
    for score in scores:
        corroborate(score, prints.get(score.a), prints.get(score.b), cfg=config)
    base = _Clusters(people, forbidden)
    for score in sorted(scores, key=_order):
        if score.confidence >= 1.0 and not score.vetoes:
            base.union(score.a, score.b)
    scores.extend(_single_token_scores(people, base, cfg=config, footprints=prints))
    groups = _apply_ambiguity_veto(scores, base, cfg=config)
    for score in scores:
        if score.vetoes:
            cap = config.veto_cap if _worth_asking(score) else config.possible_min - 0.01
            score.confidence = round(min(score.confidence, cap), 4)
    final = _Clusters(people, forbidden)
    for a, b in rules.same:
        if a in by_key and b in by_key:
            final.union(a, b, force=True)
    auto, cut = _merge(final, scores, cfg=config)
    matches = _possible_matches(final, scores, cut, groups, by_key, forbidden, cfg=config)
    persons = tuple(build_person(final.members[root], auto, rules.names) for root in sorted(final.members))
    links = tuple(sorted(auto, key=lambda link: (link.a, link.b)))
    return IdentityResult(persons=persons, possible_matches=matches, non_persons=non_persons, links=links)


def _worth_asking(score: PairScore) -> bool:
    """A vetoed pair stays a question only when more than name similarity links it.

    Two different accounts whose names are merely alike ("Mia Johansson", "Alex Johnson") are not
    worth a COO question; an exact name, an email, an account id or a one-token name is.
    """
    return any(hit.rule != "fuzzy" for hit in score.hits)


def _order(score: PairScore) -> tuple[float, str, str]:
    return (-score.confidence, score.a, score.b)


def _single_token_scores(
    people: Sequence[Node], base: _Clusters, *, cfg: IdentityConfig, footprints: Mapping[str, Footprint]
) -> list[PairScore]:
    """04 §1.1 `single_token`: a one-token name matching the first name of exactly one person."""
    by_form: dict[str, list[Node]] = defaultdict(list)
    for node in people:
        for full in node.full_names:
            for form in first_name_forms(full.split()[0]):
                by_form[form].append(node)
    scores: list[PairScore] = []
    for node in people:
        for single in sorted(node.single_names):
            hits = {c.key: c for form in first_name_forms(single) for c in by_form.get(form, [])}
            own = base.find(node.key)
            for key in sorted(hits):
                if base.find(key) == own:
                    continue
                first = sorted(hits[key].full_names)[0].split()[0]
                score = PairScore(a=min(node.key, key), b=max(node.key, key))
                score.hits.append(
                    RuleHit("single_token", cfg.single_token, f"'{single}' matches first name '{first}'")
                )
                score.confidence = cfg.single_token
                corroborate(score, footprints.get(score.a), footprints.get(score.b), cfg=cfg)
                scores.append(score)
    return scores


def _apply_ambiguity_veto(
    scores: Sequence[PairScore], base: _Clusters, *, cfg: IdentityConfig
) -> list[tuple[str, tuple[str, ...]]]:
    """Veto (3): a name rule that hits ≥ 2 persons within the margin vetoes them all; returns the groups."""
    by_node: dict[str, dict[str, PairScore]] = defaultdict(dict)
    for score in scores:
        if not score.is_name_based:
            continue
        for this, other in ((score.a, score.b), (score.b, score.a)):
            root = base.find(other)
            if root == base.find(this):
                continue
            best = by_node[this].get(root)
            if best is None or score.confidence > best.confidence:
                by_node[this][root] = score
    groups: list[tuple[str, tuple[str, ...]]] = []
    for key in sorted(by_node):
        candidates = by_node[key]
        top = max(s.confidence for s in candidates.values())
        close = sorted(root for root, s in candidates.items() if top - s.confidence <= cfg.ambiguity_margin)
        if len(close) < 2:
            continue
        for root in close:
            candidates[root].vetoes.append(
                f"ambiguous: {len(close)} people match within {cfg.ambiguity_margin}"
            )
        groups.append((key, tuple(close)))
    return groups


def _merge(
    final: _Clusters, scores: Sequence[PairScore], *, cfg: IdentityConfig
) -> tuple[list[Link], list[PairScore]]:
    """Union the automatic links strongest first; refused ones are the cuts."""
    auto: list[Link] = []
    cut: list[PairScore] = []
    for score in sorted(scores, key=_order):
        if score.confidence < cfg.auto_link or score.vetoes:
            continue
        reason = final.union(score.a, score.b)
        if reason is None:
            auto.append(_link(score))
        else:
            score.vetoes.append(f"cut: {reason}")
            score.confidence = min(score.confidence, cfg.veto_cap)
            cut.append(score)
    return auto, cut


def _link(score: PairScore) -> Link:
    reasons = tuple(h.detail for h in sorted(score.hits, key=lambda h: (-h.confidence, h.rule))) + tuple(
        score.corroboration
    )
    rules = tuple(sorted({h.rule for h in score.hits}))
    return Link(score.a, score.b, score.rule, rules, round(score.confidence, 4), reasons)


def match_id(a: str, b: str) -> str:
    """Stable id of a possible match between two node keys (order-free)."""
    left, right = sorted((a, b))
    return hashlib.sha1(f"match:{left}|{right}".encode()).hexdigest()[:16]


def _possible_matches(
    final: _Clusters,
    scores: Sequence[PairScore],
    cut: Sequence[PairScore],
    groups: Sequence[tuple[str, tuple[str, ...]]],
    by_key: Mapping[str, Node],
    forbidden: set[frozenset[str]],
    *,
    cfg: IdentityConfig,
) -> tuple[PossibleMatch, ...]:
    grouped = {key: roots for key, roots in groups}
    apart = {frozenset({final.find(a), final.find(b)}) for a, b in (tuple(pair) for pair in forbidden)}
    best: dict[frozenset[str], PairScore] = {}
    for score in [*scores, *cut]:
        ra, rb = final.find(score.a), final.find(score.b)
        if ra == rb or score.confidence < cfg.possible_min or frozenset({ra, rb}) in apart:
            continue
        if score.confidence >= cfg.auto_link and not score.vetoes:
            continue
        pair = frozenset({ra, rb})
        if pair not in best or _order(score) < _order(best[pair]):
            best[pair] = score
    matches: list[PossibleMatch] = []
    for score in sorted(best.values(), key=lambda s: (s.a, s.b)):
        asker = score.a if score.a in grouped else score.b if score.b in grouped else score.a
        other = score.b if asker == score.a else score.a
        roots = sorted({final.find(r) for r in grouped.get(asker, (other,))})
        candidates = tuple(sorted({person_id_of(final.members[r]) for r in roots}))
        question = _question(by_key[asker], [by_key[r] for r in roots], final)
        matches.append(
            PossibleMatch(
                match_id=match_id(score.a, score.b),
                a=person_id_of(final.members[final.find(asker)]),
                b=person_id_of(final.members[final.find(other)]),
                candidates=candidates,
                confidence=round(score.confidence, 4),
                rule=score.rule,
                question=question,
                reasons=tuple(h.detail for h in score.hits)
                + tuple(score.corroboration)
                + tuple(score.vetoes),
            )
        )
    return _dedupe_groups(matches)


def _dedupe_groups(matches: list[PossibleMatch]) -> tuple[PossibleMatch, ...]:
    """One possible match per ambiguous asker listing every candidate (veto 3)."""
    kept: dict[tuple[str, tuple[str, ...]], PossibleMatch] = {}
    for match in matches:
        group = (match.a, match.candidates) if len(match.candidates) > 1 else (match.match_id, ())
        if group not in kept:
            kept[group] = match
    return tuple(sorted(kept.values(), key=lambda m: m.match_id))


def _question(asker: Node, others: Sequence[Node], final: _Clusters) -> str:
    names = [display(final.members[final.find(n.key)]) for n in others]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"Is {asker.label} the same person as {listed}?"
