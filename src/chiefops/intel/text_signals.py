"""Text signals of one message (spec 04 §1.2, §1.4, §2, §4): asks, reviews, decisions, blockers, dates.

Pure functions over a message's text. Slack markup is reduced first (`<@U123>` → `@@U123`), so a
mention stays a token the assignment patterns can anchor on. Nothing here knows people or projects:
names and mention ids are kept raw and resolved later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_SLACK_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_SLACK_LINK = re.compile(r"<(?:https?|mailto):[^|>]*\|([^>]*)>|<((?:https?|mailto):[^>]*)>")
_SLACK_SPECIAL = re.compile(r"<!(\w+)[^>]*>")

VERBS = r"(?:take|pick up|handle|own|grab|look into|work on|set up|fix|write|finish)"
_MENTION = r"@@(?P<mention>[UW][A-Z0-9]+)"
_OBJ = r"(?P<obj>[^?.!\n]*)"
_ASK_PATTERNS: tuple[tuple[str, float, tuple[str, ...], re.Pattern[str]], ...] = (
    (
        "P1", 0.75, ("@@",),
        re.compile(rf"{_MENTION},?\s+(?:can|could|would) you (?:please )?(?P<verb>{VERBS})\b{_OBJ}", re.I),
    ),
    (
        "P1", 0.40, ("someone", "anyone", "somebody", "anybody"),
        re.compile(rf"\b(?:can|could|would) (?P<someone>someone|anyone|somebody|anybody) (?:please )?(?P<verb>{VERBS})\b{_OBJ}", re.I),
    ),
    ("P2", 0.70, ("please",), re.compile(rf"{_MENTION},?\s+please (?P<verb>{VERBS})\b{_OBJ}", re.I)),
    ("P2", 0.70, ("assigning",), re.compile(rf"\bassigning (?P<obj>[^?!\n]+?) to {_MENTION}", re.I)),
    ("P2", 0.70, ("goes to",), re.compile(rf"(?:^|[.!?\n]\s*)(?P<obj>[^.!?\n]+?) goes to {_MENTION}", re.I)),
    ("P2", 0.70, ("yours",), re.compile(rf"{_MENTION},?\s+this one(?:'|’)?s yours(?P<obj>)", re.I)),
    (
        "P3", 0.65, (" will ", "'ll ", "’ll ", "going to"),
        re.compile(rf"\b(?P<name>[A-Z][a-z]+(?: [A-Z][a-z'’]+)?) (?:will|'ll|’ll|is going to) (?P<verb>take|handle|own|work on)\b{_OBJ}"),
    ),
    ("P3", 0.65, (" is taking", " is handling", " is on "), re.compile(rf"\b(?P<name>[A-Z][a-z]+) is (?P<verb>taking|handling|on) {_OBJ}")),
    (
        "P4", 0.70, ("i'll", "i’ll", "i will", "i can"),
        re.compile(rf"\bI(?:'ll|’ll| will| can) (?P<verb>take|grab|handle|pick up|own)\b{_OBJ}"),
    ),
    ("P4", 0.70, ("i'm on", "i’m on"), re.compile(r"\bI(?:'m|’m) on (?P<obj>[^?.!\n]*)")),
)  # fmt: skip
_CUT = re.compile(
    r",|;| - | – | so | because | when | after | before | since | once | if | by (?=\w+day|tomorrow|eod|end)",
    re.I,
)
_LEADING = re.compile(r"^(?:up |over )?(?:the |a |an |this |that |these |those |our |my |your |some )?", re.I)
_TRAILING = re.compile(
    r"(?:\s+(?:please|for me|today|tonight|tomorrow|next|now|asap|this week|next week|this sprint|"
    r"if you can|when you can|when you're free|after stand-up|too|as well|first|later))+$",
    re.I,
)
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "this",
        "that",
        "one",
        "ones",
        "it",
        "its",
        "you",
        "your",
        "our",
        "with",
        "from",
        "into",
        "out",
        "about",
        "over",
        "they",
        "them",
        "then",
        "there",
        "here",
        "what",
        "which",
        "who",
        "when",
        "where",
        "how",
        "all",
        "any",
        "some",
        "just",
        "also",
        "very",
        "really",
        "thing",
        "stuff",
    ]
)
SMALL_TALK = frozenset(
    {"look", "sec", "second", "call", "lunch", "coffee", "break", "minute", "chat", "quick"}
)

_REVIEW = re.compile(r"\b(lgtm|approved|reviewed|left comments|code review)\b", re.I)
_DECISION = re.compile(
    r"\b(architecture|schema|trade-off|rfc|adr|data model|scalability|service boundary)\b", re.I
)
_BLOCKER = re.compile(
    r"\b(blocked|blocker|stuck|waiting on|can't proceed|can’t proceed|cannot proceed)\b", re.I
)
_NEGATED = re.compile(r"\b(no|not|never|without|un)[ -]?(blocked|blocker|stuck)\b", re.I)
_FOLLOW = re.compile(r"\b(fixed|works|unblocked|thanks|thank you)\b", re.I)
_ACCEPT = re.compile(r"(\b(sure|yes|yep|on it|will do|ok|okay|got it|can do)\b|👍|:\+1:|:thumbsup:)", re.I)
_REFUSE = re.compile(r"\b(can't|can’t|cannot|no bandwidth|not me|ask \w+|won't be able|no capacity)\b", re.I)
_DONE = re.compile(r"\b(done|shipped|finished|completed|merged)\b", re.I)
_QUESTION_WORD = re.compile(r"\b(who|what|when|where|why|how|can|could|would|is|are|do|does|did|any)\b", re.I)
_DEADLINE = re.compile(r"\b(deadline|launch|go-live|go live|ship by|cutover|due)\b", re.I)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_DATE_MDY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?\b",
    re.I,
)
_DATE_DMY = re.compile(
    r"\b(\d{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,? (\d{4}))?\b", re.I
)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WORD = re.compile(r"[a-z0-9][a-z0-9'’+&-]*", re.I)


@dataclass(frozen=True)
class Ask:
    """One assignment-shaped phrase: pattern, base confidence, raw target, cleaned object."""

    pattern: str
    base: float
    target_kind: str  # mention | name | self | someone
    target: str
    verb: str
    obj: str


def plain_text(raw: str) -> str:
    """Slack mrkdwn reduced to text, mentions kept as `@@<user id>` tokens."""
    text = _SLACK_MENTION.sub(lambda m: f"@@{m.group(1)}", raw)
    text = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(1)}", text)
    text = _SLACK_LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _SLACK_SPECIAL.sub(lambda m: f"@{m.group(1)}", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clean_object(raw: str) -> str:
    """The work an ask names: clauses, leading articles and trailing time words removed."""
    text = _CUT.split(raw.strip(), maxsplit=1)[0].strip()
    text = _LEADING.sub("", text, count=1).strip()
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", text).strip()
    return text.strip(" '\"`*_:?.!")


def content_tokens(text: str) -> list[str]:
    """Tokens of ≥ 3 characters that carry meaning (not stopwords, not small talk)."""
    return [
        t
        for t in (w.lower() for w in WORD.findall(text))
        if len(t) >= 3 and t not in STOPWORDS and t not in SMALL_TALK
    ]


def find_asks(text: str, *, lowered: str | None = None) -> list[Ask]:
    """Assignment-shaped phrases of 04 §1.4 in a message (text already through `plain_text`)."""
    asks: list[Ask] = []
    lowered = lowered if lowered is not None else text.lower()
    for pattern, base, triggers, regex in _ASK_PATTERNS:
        if not any(t in lowered for t in triggers):
            continue
        for match in regex.finditer(text):
            groups = match.groupdict()
            if groups.get("mention"):
                kind, target = "mention", groups["mention"]
            elif groups.get("someone"):
                kind, target = "someone", groups["someone"].lower()
            elif groups.get("name"):
                kind, target = "name", groups["name"]
            else:
                kind, target = "self", ""
            obj = clean_object(groups.get("obj") or "")
            asks.append(Ask(pattern, base, kind, target, (groups.get("verb") or "").lower(), obj))
    return asks


@dataclass(frozen=True)
class Scan:
    """One message read once: its text, lower-cased text, word tokens and their set."""

    text: str
    lowered: str
    tokens: tuple[str, ...]
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Scan:
        lowered = text.lower()
        found = tuple(_TOKEN.findall(lowered))
        return cls(text, lowered, found, frozenset(found))

    def any_word(self, words: frozenset[str]) -> bool:
        return not self.words.isdisjoint(words)

    def any_phrase(self, phrases: tuple[str, ...]) -> bool:
        return any(p in self.lowered for p in phrases)


_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’+&-]*|👍")


def _hit(scan: Scan, words: frozenset[str], phrases: tuple[str, ...] = ()) -> bool:
    return scan.any_word(words) or (bool(phrases) and scan.any_phrase(phrases))


_W_REVIEW = frozenset({"lgtm", "approved", "reviewed"})
_W_DECISION = frozenset({"architecture", "schema", "trade-off", "rfc", "adr", "scalability"})
_W_BLOCKER = frozenset({"blocked", "blocker", "stuck"})
_W_FOLLOW = frozenset({"fixed", "works", "unblocked", "thanks"})
_W_ACCEPT = frozenset({"sure", "yes", "yep", "ok", "okay", "👍"})
_W_REFUSE = frozenset({"can't", "can’t", "cannot"})
_W_DONE = frozenset({"done", "shipped", "finished", "completed", "merged"})
_W_DEADLINE = frozenset({"deadline", "launch", "go-live", "cutover", "due"})


def is_review(scan: Scan) -> bool:
    return _hit(scan, _W_REVIEW, ("left comments", "code review"))


def is_decision(scan: Scan) -> bool:
    return _hit(scan, _W_DECISION, ("data model", "service boundary"))


def is_blocker(scan: Scan) -> bool:
    """A non-negated blocker post (04 §4 communication rule)."""
    hit = _hit(scan, _W_BLOCKER, ("waiting on", "can't proceed", "can’t proceed", "cannot proceed"))
    return hit and not _NEGATED.search(scan.text)


def is_follow_up(scan: Scan) -> bool:
    """Fixed / works / unblocked / thanks: the blocked author confirming help (04 §1.2)."""
    return _hit(scan, _W_FOLLOW, ("thank you",))


def is_refusal(scan: Scan) -> bool:
    if _hit(scan, _W_REFUSE, ("no bandwidth", "not me", "won't be able", "no capacity")):
        return True
    return "ask" in scan.words and bool(_REFUSE.search(scan.text))


def is_accept(scan: Scan) -> bool:
    return _hit(
        scan, _W_ACCEPT, ("on it", "will do", "got it", "can do", ":+1:", ":thumbsup:")
    ) and not is_refusal(scan)


def is_done(scan: Scan) -> bool:
    return _hit(scan, _W_DONE)


def is_question(text: str, *, has_mention: bool) -> bool:
    """Ends in "?", or aims a question word at someone it mentions (04 §4)."""
    stripped = text.rstrip()
    return stripped.endswith("?") or (
        has_mention and bool(_QUESTION_WORD.search(stripped)) and "?" in stripped
    )


def deadline_dates(text: str, *, said_at: datetime) -> list[date]:
    """Dates stated next to deadline words ("launch deadline Dec 18, 2026"); a missing year is the next one."""
    if not _hit(Scan.of(text), _W_DEADLINE, ("ship by", "go live")):
        return []
    found: list[date] = []
    for match in _DATE_ISO.finditer(text):
        found.extend(_safe_date(int(match[1]), int(match[2]), int(match[3])))
    for month, day, year in [(m[1], m[2], m[3]) for m in _DATE_MDY.finditer(text)] + [
        (m[2], m[1], m[3]) for m in _DATE_DMY.finditer(text)
    ]:
        number = _MONTHS[month[:3].lower()]
        if year:
            found.extend(_safe_date(int(year), number, int(day)))
            continue
        candidates = _safe_date(said_at.year, number, int(day))
        if candidates and candidates[0] < said_at.date():
            candidates = _safe_date(said_at.year + 1, number, int(day))
        found.extend(candidates)
    return sorted(set(found))


def _safe_date(year: int, month: int, day: int) -> list[date]:
    try:
        return [date(year, month, day)]
    except ValueError:
        return []
