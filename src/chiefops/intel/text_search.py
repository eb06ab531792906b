"""`TextSearch` over one run's data (spec 04 §5): project documents and project-channel messages.

Documents come from the knowledge index's stored Drive text (section by section), messages from the
snapshot. Each project's corpus gets an inverted index built once, so a phrase is checked only against
the passages holding all its tokens, then confirmed as a consecutive token run. Documents are few and
indexed whole. Messages can be a million, so their index holds only the tokens of the phrases the
stages search for (`vocabulary`: checklist terms, readiness keywords) as compact arrays, a token
outside it is indexed on first use, and a message's text is tokenised again only to confirm a hit.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.intel.gaps_search import SearchResult, TextHit
from chiefops.intel.gaps_text import NormalizedText, has_phrase, normalize, normalize_text
from chiefops.intel.snapshot import MessageRow
from chiefops.models import Document


@dataclass(frozen=True)
class DocPart:
    """One section of a document's extracted text."""

    document_id: str
    section: str
    text: str


@dataclass
class _Passage:
    hit: TextHit
    norm: NormalizedText


@dataclass
class _Corpus:
    passages: list[_Passage] = field(default_factory=list)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    messages: list[MessageRow] = field(default_factory=list)
    message_postings: dict[str, array[int]] = field(default_factory=dict)
    documents: int = 0

    def add(self, passage: _Passage) -> None:
        index = len(self.passages)
        self.passages.append(passage)
        for token in set(passage.norm.tokens):
            self.postings[token].add(index)

    def index_messages(self, messages: list[MessageRow], vocabulary: frozenset[str]) -> None:
        self.messages = messages
        postings: dict[str, array[int]] = {t: array("i") for t in vocabulary}
        for index, m in enumerate(messages):
            for token in vocabulary.intersection(normalize_text(m.text).tokens):
                postings[token].append(index)
        self.message_postings = postings

    def message_posting(self, token: str) -> array[int]:
        found = self.message_postings.get(token)
        if found is None:
            found = array(
                "i", (i for i, m in enumerate(self.messages) if token in normalize_text(m.text).tokens)
            )
            self.message_postings[token] = found
        return found


def search_vocabulary(phrases: Iterable[str]) -> frozenset[str]:
    """The tokens of every phrase a run will search for (what the message index keeps)."""
    return frozenset(t for phrase in phrases for t in normalize(phrase).tokens)


class RunTextSearch:
    """Phrase search for the gap and readiness stages, built from the run's inputs."""

    def __init__(
        self,
        *,
        documents: Sequence[Document],
        parts: Mapping[str, Sequence[DocPart]],
        doc_project: Mapping[str, str | None],
        messages: Sequence[MessageRow],
        channel_project: Mapping[str, str | None],
        vocabulary: frozenset[str] = frozenset(),
    ) -> None:
        self._documents = {d.document_id: d for d in documents}
        self._parts = parts
        self._doc_project = doc_project
        self._messages = messages
        self._channel_project = channel_project
        self._vocabulary = vocabulary
        self._corpora: dict[str, _Corpus] = {}
        self._by_project: dict[str, list[MessageRow]] | None = None

    def _project_messages(self, project_id: str) -> list[MessageRow]:
        if self._by_project is None:
            grouped: dict[str, list[MessageRow]] = defaultdict(list)
            for m in self._messages:
                owner = self._channel_project.get(m.channel) if m.is_slack else None
                if owner and not m.is_bot:
                    grouped[owner].append(m)
            self._by_project = grouped
        return self._by_project.get(project_id, [])

    def _corpus(self, project_id: str) -> _Corpus:
        found = self._corpora.get(project_id)
        if found is not None:
            return found
        corpus = _Corpus()
        docs = sorted(d for d, p in self._doc_project.items() if p == project_id and d in self._documents)
        corpus.documents = len(docs)
        for document_id in docs:
            doc = self._documents[document_id]
            for part in self._parts.get(document_id, ()):
                label = f"{doc.file_name} › {part.section}" if part.section else doc.file_name
                hit = TextHit(
                    corpus="documents",
                    phrase="",
                    ref=document_id,
                    source="gdrive",
                    label=label,
                    text=part.text,
                    at=doc.modified_date,
                )
                corpus.add(_Passage(hit, normalize_text(part.text)))
        corpus.index_messages(self._project_messages(project_id), self._vocabulary)
        self._corpora[project_id] = corpus
        return corpus

    def search(self, *, project_id: str, phrases: Sequence[str], limit: int) -> SearchResult:
        """Hits for every phrase (case-insensitive, whole words), at most `limit` per phrase:
        documents first, then messages in time order."""
        corpus = self._corpus(project_id)
        hits: list[TextHit] = []
        for phrase in phrases:
            wanted = normalize(phrase)
            if not wanted.tokens:
                continue
            found = 0
            candidates = set.intersection(*(corpus.postings.get(t, set()) for t in wanted.tokens))
            for index in sorted(candidates):
                passage = corpus.passages[index]
                if has_phrase(passage.norm, wanted):
                    hits.append(passage.hit.model_copy(update={"phrase": phrase}))
                    found += 1
                    if found >= limit:
                        break
            if found < limit:
                hits += self._message_hits(corpus, phrase, wanted, limit - found)
        return SearchResult(hits=hits, documents=corpus.documents, messages=len(corpus.messages))

    @staticmethod
    def _message_hits(corpus: _Corpus, phrase: str, wanted: NormalizedText, limit: int) -> list[TextHit]:
        postings = sorted((corpus.message_posting(t) for t in set(wanted.tokens)), key=len)
        candidates: Iterable[int] = postings[0]
        if len(postings) > 1:
            common = set(postings[0])
            for posting in postings[1:]:
                common.intersection_update(posting)
            candidates = sorted(common)
        hits: list[TextHit] = []
        for index in candidates:
            m = corpus.messages[index]
            if not has_phrase(normalize_text(m.text), wanted):
                continue
            hits.append(
                TextHit(
                    corpus="messages",
                    phrase=phrase,
                    ref=m.natural_key,
                    source="slack",
                    label=f"#{m.channel} {m.at:%Y-%m-%d %H:%M}",
                    text=m.text,
                    at=m.at,
                )
            )
            if len(hits) >= limit:
                break
        return hits
