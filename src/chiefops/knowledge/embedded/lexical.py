"""The lexical leg (spec 03 §4): query text → FTS5 MATCH, BM25 candidates, exact identifiers.

Query processing: lower-case, drop English stopwords, quote every term (so `"`, `*`, `NEAR`, `AND`,
`-`, `:` are plain words and never FTS syntax), OR-join; a Jira key becomes the phrase
`"alpha 142"`; an `-er` word also asks for the word it is built from (`blocker` → `block`, which
Porter alone leaves apart from `blocked`). Facet tokens for project/source/channel are ANDed in.
Candidates are the best 200 by `bm25(chunks_fts, 4.0, 2.0, 1.0, 2.5, 0.0)`; the caller widens to
1,000 and 5,000 when filters leave too few.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from chiefops.knowledge.embedded.rows import CHUNK_COLUMNS, ChunkRow
from chiefops.knowledge.embedded.schema import BM25_WEIGHTS

CANDIDATE_STEPS = (200, 1000, 5000)
MAX_TERMS = 64
TEXT_COLUMNS = "{title heading body meta}"

_STOPWORD_TEXT = """
    a about above after again against all am an and any are aren't as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
    few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself
    him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
    mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same shan't
    she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then
    there there's these they they'd they'll they're they've this those through to too under until up very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while who who's
    whom why why's with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves
    also just will near s t d ll m re ve get got us
    use used using uses much many often per happen happened happens say said tell know need needs make made
    anyone someone something thing things way ways still yet now ever
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_JIRA_KEY = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]{1,9})-([1-9]\d{0,5})(?![\w-])")
_CHANNEL = re.compile(r"(?<![\w#])#([a-z0-9][a-z0-9._-]{0,79})", re.IGNORECASE)
_FILE = re.compile(r"\.(docx|pdf|pptx|xlsx|md|txt|csv|odt|ods|odp|html|htm)\b", re.IGNORECASE)
_FILE_WORDS = 8


@dataclass(frozen=True)
class ParsedQuery:
    """What the query text asks for: plain terms, and identifiers that put their chunks first."""

    terms: tuple[str, ...]
    phrases: tuple[str, ...]
    issue_keys: tuple[str, ...]
    channels: tuple[str, ...]
    file_suffixes: tuple[str, ...]
    variants: dict[str, str] = field(default_factory=dict)
    """term → the word it derives from where Porter keeps them apart (`blocker` → `block`)."""

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases)


def _file_suffixes(text: str) -> list[str]:
    """`a b c.docx` → [`a b c.docx`, `b c.docx`, `c.docx`] for every file name the text mentions."""
    found: list[str] = []
    for match in _FILE.finditer(text):
        before = re.split(r"[\s\"'(]+", text[: match.start()].rstrip())
        words = [w for w in before[-_FILE_WORDS:] if w]
        for i in range(len(words)):
            name = " ".join(words[i:]) + match.group(0)
            found.append(name.strip("\"'()“”").casefold())
    return list(dict.fromkeys(found))


def parse_text(text: str) -> ParsedQuery:
    keys = [f"{m.group(1).upper()}-{m.group(2)}" for m in _JIRA_KEY.finditer(text)]
    phrases = [f"{m.group(1).casefold()} {m.group(2)}" for m in _JIRA_KEY.finditer(text)]
    plain = _JIRA_KEY.sub(" ", text).casefold()
    words = _WORD.findall(plain)
    content = _distinct_stems([w for w in words if w not in STOPWORDS])
    terms = tuple(dict.fromkeys(content if content or phrases else words))[:MAX_TERMS]
    return ParsedQuery(
        terms=terms,
        phrases=tuple(dict.fromkeys(phrases)),
        issue_keys=tuple(dict.fromkeys(keys)),
        channels=tuple(dict.fromkeys(m.group(1).casefold() for m in _CHANNEL.finditer(text))),
        file_suffixes=tuple(_file_suffixes(text)),
        variants={t: base for t in terms if (base := agent_base(t)) is not None and base not in terms},
    )


def agent_base(word: str) -> str | None:
    """The word an `-er` noun or comparative is built from — `blocker` → `block`, `owners` → `own`,
    `planner` → `plan`, `faster` → `fast` — which Porter leaves apart when the base is short
    (`blocker` stays `blocker` while `blocked` becomes `block`); None for other words."""
    stem = word[:-1] if word.endswith("ers") else word
    if len(stem) < 5 or not stem.endswith("er") or not stem.isalpha():
        return None
    base = stem[:-2]
    if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz":
        base = base[:-1]  # planner → plan, shipper → ship (but caller → call)
    return base if len(base) >= 3 and base not in STOPWORDS else None


def _distinct_stems(words: list[str]) -> list[str]:
    """Drop a plural when its singular is also asked for (`build`, `builds`): the index stems both alike."""
    present = set(words)
    return [
        w
        for w in words
        if not (w.endswith("s") and (w[:-1] in present or (w[:-2] in present and w.endswith("es"))))
    ]


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def match_expression(parsed: ParsedQuery, facet_groups: Sequence[Sequence[str]]) -> str | None:
    """The FTS5 MATCH string, or None when the query has no searchable word."""
    if parsed.is_empty:
        return None
    kept = set(parsed.terms)
    extra = [base for term, base in parsed.variants.items() if term in kept]
    alternatives = " OR ".join(_quote(t) for t in (*parsed.phrases, *parsed.terms, *extra))
    clauses = [f"facets : ({' OR '.join(_quote(t) for t in group)})" for group in facet_groups]
    clauses.append(f"{TEXT_COLUMNS} : ({alternatives})")
    return " AND ".join(clauses)


_BM25 = f"bm25(chunks_fts, {', '.join(f'{w:.1f}' for w in BM25_WEIGHTS)})"
_CANDIDATES = (
    f"SELECT rowid, -{_BM25} AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score DESC LIMIT ?"
)


def bm25_candidates(conn: sqlite3.Connection, match: str, *, limit: int) -> list[tuple[int, float]]:
    """(rowid, bm25 as a positive magnitude), best first.

    The weighted `bm25()` is called in the statement itself: the same scores as `ORDER BY rank`
    (the table's configured rank), about a quarter faster, since SQLite keeps only the best `limit`
    rows instead of FTS5 sorting every match in a sub-query first.
    """
    rows = conn.execute(_CANDIDATES, (match, limit))
    return [(int(r[0]), float(r[1])) for r in rows]


def load_rows(
    conn: sqlite3.Connection, rowids: Sequence[int], where: str, params: Sequence[object]
) -> dict[int, ChunkRow]:
    """Rows of the chunks among `rowids` passing the row filter, by rowid."""
    found: dict[int, ChunkRow] = {}
    columns = ", ".join(f"c.{c.strip()}" for c in CHUNK_COLUMNS.split(","))
    for start in range(0, len(rowids), 500):
        batch = list(rowids[start : start + 500])
        marks = ",".join("?" * len(batch))
        # NOT INDEXED: look the rowids up; with a project filter SQLite would otherwise walk the
        # project's whole slice of the (project_id, source, ts_end) index
        sql = f"SELECT {columns} FROM chunks c NOT INDEXED WHERE c.id IN ({marks}) AND {where}"
        for row in conn.execute(sql, [*batch, *params]):
            found[int(row[0])] = ChunkRow(*row)
    return found


def exact_rowids(conn: sqlite3.Connection, parsed: ParsedQuery) -> list[int]:
    """Chunks of the issues and files the query names (03 §4: exact identifiers first)."""
    keys = [f"jira:{k}" for k in parsed.issue_keys]
    if parsed.file_suffixes:
        extensions = {s.rsplit(".", 1)[1] for s in parsed.file_suffixes}
        for ext in extensions:
            rows = conn.execute(
                "SELECT doc_key FROM docs WHERE source = 'drive' AND doc_key LIKE ?", (f"%.{ext}",)
            )
            for (doc_key,) in rows:
                lowered = str(doc_key).casefold()
                if any(lowered.endswith("/" + s) for s in parsed.file_suffixes):
                    keys.append(str(doc_key))
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = conn.execute(f"SELECT id FROM chunks WHERE doc_key IN ({marks})", keys)
    return [int(r[0]) for r in rows]
