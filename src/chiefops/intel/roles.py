"""Role and department of each person (spec 04 §1.2) — pure, from behaviour signals and the title.

Step 1 scores role families from five signals (title 0.35, Jira 0.25, vocabulary 0.20, functional
channels 0.15, documents 0.05). Step 2 scores leadership in the Engineering family from five 90-day
counts, each scaled by `max(k_min, p90 of the family)`. A leader is an architect when decisions and
design documents outweigh assigning and reviewing, otherwise a tech lead; a manager title makes an
engineering manager. The evidence names the counts, a few references and any conflict with the title.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from chiefops.intel.features import vocabulary

ROLES = (
    "developer", "mobile_developer", "frontend_developer", "backend_developer", "qa_engineer", "devops_engineer",
    "data_engineer", "tech_lead", "architect", "engineering_manager", "product_manager", "project_manager",
    "designer", "sales", "customer_success", "marketing", "finance", "operations", "people_ops", "executive",
    "team_member",
)  # fmt: skip
LEADERSHIP_TERMS = ("assigns", "reviews", "unblocks", "decisions", "design_docs")
ENGINEERING = "Engineering"
MANAGER_WORDS = ("manager", "head", "director", "vp")


@dataclass(frozen=True)
class RolesConfig:
    """Weights and thresholds of 04 §1.2 (named defaults)."""

    w_title: float = 0.35
    w_jira: float = 0.25
    w_vocab: float = 0.20
    w_channels: float = 0.15
    w_docs: float = 0.05
    single_signal_cap: float = 0.70
    sub_role_share: float = 0.4
    leadership_min: float = 0.55
    k_min: tuple[tuple[str, int], ...] = (
        ("assigns", 5),
        ("reviews", 5),
        ("unblocks", 3),
        ("decisions", 10),
        ("design_docs", 2),
    )
    l_weights: tuple[tuple[str, float], ...] = (
        ("assigns", 0.25), ("reviews", 0.20), ("unblocks", 0.25), ("decisions", 0.15), ("design_docs", 0.15),
    )  # fmt: skip
    title_conflict_penalty: float = 0.05
    uncertain_below: float = 0.60
    window_days: int = 90


@dataclass(frozen=True)
class RoleRef:
    """A reference shown with a count: what it points at and how a person reads it."""

    ref: str
    label: str


@dataclass(frozen=True)
class RoleSignals:
    """What roles.py reads about one person (counts over the person's data)."""

    person_id: str
    title: str | None = None
    task_families: Mapping[str, int] = field(default_factory=dict)  # family → tasks pointing there
    task_roles: Mapping[str, int] = field(default_factory=dict)  # engineering role → tasks pointing there
    task_count: int = 0
    vocab: Mapping[str, int] = field(default_factory=dict)  # term class → count
    words: int = 0
    channels: Mapping[str, str] = field(default_factory=dict)  # functional channel → family
    channel_roles: Mapping[str, str] = field(default_factory=dict)  # functional channel → role
    doc_classes: Mapping[str, int] = field(default_factory=dict)  # term class → authored documents
    leadership: Mapping[str, int] = field(default_factory=dict)  # term → 90-day count
    leadership_refs: Mapping[str, Sequence[RoleRef]] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleEvidence:
    signal: str
    count: float
    text: str
    refs: tuple[RoleRef, ...] = ()


@dataclass(frozen=True)
class RoleResult:
    person_id: str
    role: str
    department: str
    confidence: float
    family: str | None
    family_scores: dict[str, float]
    leadership: float
    leadership_terms: dict[str, float]
    evidence: tuple[RoleEvidence, ...]
    title_role: str | None


def _vocab() -> dict[str, Any]:
    return vocabulary()


def title_role(title: str | None) -> tuple[str, str] | None:
    """(family, role) from a Slack title through the keyword table; the first matching row wins."""
    if not title:
        return None
    text = f" {' '.join(title.lower().replace(',', ' ').replace('&', ' ').split())} "
    for keyword, family, role in _vocab()["titles"]:
        if f" {keyword} " in text or (len(keyword) > 3 and keyword in text):
            return str(family), str(role)
    return None


def class_family(term_class: str) -> tuple[str, str]:
    spec = _vocab()["term_classes"][term_class]
    return str(spec["family"]), str(spec["role"])


def _family_shares(signals: RoleSignals) -> dict[str, dict[str, float]]:
    """Per signal, the share (0–1) pointing at each family; a signal with no data is absent."""
    shares: dict[str, dict[str, float]] = {}
    found = title_role(signals.title)
    if found:
        shares["title"] = {found[0]: 1.0}
    if signals.task_count:
        shares["jira"] = {f: n / signals.task_count for f, n in signals.task_families.items()}
    rates: Counter[str] = Counter()
    for term_class, count in signals.vocab.items():
        rates[class_family(term_class)[0]] += count
    if signals.words and sum(rates.values()):
        total = sum(rates.values())
        shares["vocab"] = {f: n / total for f, n in rates.items()}
    if signals.channels:
        fams = Counter(signals.channels.values())
        shares["channels"] = {f: n / len(signals.channels) for f, n in fams.items()}
    docs: Counter[str] = Counter()
    for term_class, count in signals.doc_classes.items():
        docs[class_family(term_class)[0]] += count
    if sum(docs.values()):
        shares["docs"] = {f: n / sum(docs.values()) for f, n in docs.items()}
    return shares


def _weights(cfg: RolesConfig) -> dict[str, float]:
    return {
        "title": cfg.w_title,
        "jira": cfg.w_jira,
        "vocab": cfg.w_vocab,
        "channels": cfg.w_channels,
        "docs": cfg.w_docs,
    }


def family_scores(signals: RoleSignals, cfg: RolesConfig) -> tuple[dict[str, float], float, int]:
    """(F per family, Σ weights of available signals, number of available signals)."""
    weights = _weights(cfg)
    shares = _family_shares(signals)
    scores: dict[str, float] = {}
    for signal, by_family in shares.items():
        for family, share in by_family.items():
            scores[family] = scores.get(family, 0.0) + weights[signal] * share
    available = sum(weights[s] for s in shares)
    return {f: round(v, 4) for f, v in sorted(scores.items())}, available, len(shares)


@cache
def signal_families() -> dict[str, frozenset[str]]:
    """The families each signal can point at at all: the title any family; Jira only Engineering and
    the families of the label table; vocabulary and documents those of the term classes; channels
    those of the functional channels."""
    vocab = _vocab()
    classes = frozenset(str(spec["family"]) for spec in vocab["term_classes"].values())
    return {
        "title": frozenset(str(f) for f in vocab["families"]),
        "jira": frozenset({ENGINEERING, *(str(f) for f, _ in vocab["jira_labels"].values())}),
        "vocab": classes,
        "docs": classes,
        "channels": frozenset(str(f) for f, _ in vocab["functional_channels"].values()),
    }


def family_confidence(signals: RoleSignals, family: str, cfg: RolesConfig) -> float:
    """04 §1.2 `family_conf = F_top / Σ weights of available signals`, where a signal counts as
    available for a family only when it exists for the person *and* could point at that family.

    Behaviour shows no Executive or Operations signal (no vocabulary class, Jira label or functional
    channel points there), so for a CEO or COO only the title can speak; their behaviour pointing
    elsewhere says nothing against the title. Capped at 0.70 when one such signal exists."""
    weights = _weights(cfg)
    reach = signal_families()
    shares = _family_shares(signals)
    able = [s for s in shares if family in reach[s]]
    available = sum(weights[s] for s in able)
    score = sum(weights[s] * shares[s].get(family, 0.0) for s in able)
    conf = score / available if available else 0.0
    return min(conf, cfg.single_signal_cap) if len(able) == 1 else conf


def leadership_terms(
    counts: Mapping[str, int], p90: Mapping[str, float], cfg: RolesConfig
) -> dict[str, float]:
    """Each term: min(1, count / max(k_min, p90 of that count in the family))."""
    k_min = dict(cfg.k_min)
    return {
        t: round(min(1.0, counts.get(t, 0) / max(k_min[t], p90.get(t, 0.0))), 4) for t in LEADERSHIP_TERMS
    }


def family_p90(all_signals: Sequence[RoleSignals]) -> dict[str, float]:
    """p90 of each leadership count over a family's people."""
    if not all_signals:
        return {t: 0.0 for t in LEADERSHIP_TERMS}
    return {
        t: float(np.percentile([s.leadership.get(t, 0) for s in all_signals], 90)) for t in LEADERSHIP_TERMS
    }


def compute_roles(signals: Sequence[RoleSignals], *, cfg: RolesConfig | None = None) -> dict[str, RoleResult]:
    """Role, department and confidence of every person (see the module docstring)."""
    config = cfg or RolesConfig()
    families = {s.person_id: family_scores(s, config) for s in signals}
    engineers = [s for s in signals if _top_family(families[s.person_id][0]) == ENGINEERING]
    p90 = family_p90(engineers)
    return {
        s.person_id: _role_of(s, families[s.person_id], p90, config)
        for s in sorted(signals, key=lambda x: x.person_id)
    }


def _top_family(scores: Mapping[str, float]) -> str | None:
    return max(sorted(scores), key=lambda f: scores[f]) if scores else None


SUB_ROLES = (
    "qa_engineer",
    "devops_engineer",
    "data_engineer",
    "mobile_developer",
    "frontend_developer",
    "backend_developer",
)


def sub_role_scores(signals: RoleSignals, cfg: RolesConfig) -> dict[str, float]:
    """Share (0–1) of the weighted signals pointing at each role inside Engineering."""
    scores: dict[str, float] = {}
    available = 0.0
    found = title_role(signals.title)
    if found:
        available += cfg.w_title
        if found[1] in SUB_ROLES:
            scores[found[1]] = scores.get(found[1], 0.0) + cfg.w_title
    engineering_tasks = signals.task_families.get(ENGINEERING, 0)
    if engineering_tasks:
        available += cfg.w_jira
        for role, count in signals.task_roles.items():
            scores[role] = scores.get(role, 0.0) + cfg.w_jira * min(1.0, count / engineering_tasks)
    for weight, counts in ((cfg.w_vocab, signals.vocab), (cfg.w_docs, signals.doc_classes)):
        engineering = {c: n for c, n in counts.items() if class_family(c)[0] == ENGINEERING}
        if sum(engineering.values()):
            available += weight
            for term_class, n in engineering.items():
                role = class_family(term_class)[1]
                scores[role] = scores.get(role, 0.0) + weight * n / sum(engineering.values())
    channel_roles = [r for r in signals.channel_roles.values() if r in SUB_ROLES]
    if channel_roles:
        available += cfg.w_channels
        for role in channel_roles:
            scores[role] = scores.get(role, 0.0) + cfg.w_channels / len(channel_roles)
    return (
        {r: round(v / available, 4) for r, v in sorted(scores.items()) if r in SUB_ROLES} if available else {}
    )


def _sub_role(signals: RoleSignals, family: str, cfg: RolesConfig) -> str:
    defaults = {f: str(spec["role"]) for f, spec in _vocab()["families"].items()}
    found = title_role(signals.title)
    if family == ENGINEERING:
        scores = sub_role_scores(signals, cfg)
        best = max(sorted(scores), key=lambda r: scores[r]) if scores else None
        if best is not None and scores[best] >= cfg.sub_role_share:
            return best
        if (
            found
            and found[0] == ENGINEERING
            and found[1] not in ("tech_lead", "architect", "engineering_manager")
        ):
            return found[1]
        return "developer"
    if found and found[0] == family:
        return found[1]
    return defaults.get(family, "team_member")


def _role_of(
    signals: RoleSignals,
    scored: tuple[dict[str, float], float, int],
    p90: Mapping[str, float],
    cfg: RolesConfig,
) -> RoleResult:
    scores, _, _ = scored
    family = _top_family(scores)
    title = title_role(signals.title)
    if family is None:
        return RoleResult(
            signals.person_id,
            "team_member",
            "Unknown",
            0.0,
            None,
            {},
            0.0,
            {},
            (),
            title[1] if title else None,
        )
    conf = family_confidence(signals, family, cfg)
    role = _sub_role(signals, family, cfg)
    terms = leadership_terms(signals.leadership, p90, cfg) if family == ENGINEERING else {}
    level = round(sum(w * terms.get(t, 0.0) for t, w in cfg.l_weights), 4)
    if family == ENGINEERING and title and title[1] == "engineering_manager":
        role = "engineering_manager"
    elif family == ENGINEERING and level >= cfg.leadership_min:
        architecture = (terms["decisions"] + terms["design_docs"]) / 2
        delivery = (terms["assigns"] + terms["reviews"]) / 2
        role = "architect" if architecture >= delivery else "tech_lead"
        conf = min(conf, 0.5 + level / 2)
    evidence = _evidence(signals, scores, family, terms, level, title)
    if title and title[1] != role and not _compatible(title[1], role):
        conf -= cfg.title_conflict_penalty
        shown = signals.title or ""
        evidence = (
            RoleEvidence("title", 0, f"Slack title '{shown}'; behaviour indicates {role}, L = {level:.2f}"),
            *evidence,
        )
    department = str(_vocab()["families"][family]["department"])
    return RoleResult(
        person_id=signals.person_id,
        role=role,
        department=department,
        confidence=round(max(0.0, conf), 4),
        family=family,
        family_scores=scores,
        leadership=level,
        leadership_terms=terms,
        evidence=evidence[:8],
        title_role=title[1] if title else None,
    )


def _compatible(title_role_name: str, role: str) -> bool:
    """A title naming the family only ("Software Engineer" → developer) does not conflict with a sub-role."""
    return title_role_name == "developer" and role in (
        "mobile_developer",
        "frontend_developer",
        "backend_developer",
        "qa_engineer",
        "devops_engineer",
        "data_engineer",
    )


def _evidence(
    signals: RoleSignals,
    scores: Mapping[str, float],
    family: str,
    terms: Mapping[str, float],
    level: float,
    title: tuple[str, str] | None,
) -> tuple[RoleEvidence, ...]:
    items: list[RoleEvidence] = []
    for term in sorted(terms, key=lambda t: (-terms[t], t)):
        count = signals.leadership.get(term, 0)
        if count:
            refs = tuple(signals.leadership_refs.get(term, ())[:3])
            items.append(
                RoleEvidence(
                    term, count, f"{_term_count(term, count)} in 90 days (term {terms[term]:.2f})", refs
                )
            )
    if title:
        items.append(
            RoleEvidence("title_keyword", 1, f"title '{signals.title}' reads {title[1]} ({title[0]})")
        )
    if signals.task_count:
        share = signals.task_families.get(family, 0)
        items.append(RoleEvidence("jira", share, f"{share} of {signals.task_count} tasks point at {family}"))
    if level:
        items.append(RoleEvidence("leadership", level, f"leadership score L = {level:.2f}"))
    items.append(
        RoleEvidence(
            "family", scores.get(family, 0.0), f"family {family} scores {scores.get(family, 0.0):.2f}"
        )
    )
    return tuple(items)


_TERM_NOUNS = {
    "assigns": ("task assigned", "tasks assigned"),
    "reviews": ("review", "reviews"),
    "unblocks": ("blocker answered", "blockers answered"),
    "decisions": ("architecture decision", "architecture decisions"),
    "design_docs": ("design doc", "design docs"),
}


def _term_count(term: str, count: int) -> str:
    """'1 design doc', '14 reviews': a leadership count with its noun in the right number."""
    one, many = _TERM_NOUNS.get(term, (term.replace("_", " "), term.replace("_", " ")))
    return f"{count} {one if count == 1 else many}"


def department_for(result: RoleResult, *, fact: str | None = None) -> str:
    """04 §1.2 department order: COO fact > title keyword > role default (channels already weigh in)."""
    return fact or result.department or "Unknown"


def role_from_words(words: str) -> str | None:
    """The role a COO's words name ("lead architect" → architect), or None when no synonym matches."""
    text = " ".join(words.lower().replace("_", " ").split())
    synonyms: dict[str, str] = _vocab()["role_synonyms"]
    if text.replace(" ", "_") in ROLES:
        return text.replace(" ", "_")
    for phrase in sorted(synonyms, key=len, reverse=True):
        if phrase == text or f" {phrase} " in f" {text} ":
            return synonyms[phrase]
    return None
