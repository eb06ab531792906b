"""`TextSearch` over one run's data (spec 04 §5): project documents and project-channel messages.

Documents come from the knowledge index's stored Drive text (section by section), messages from the
snapshot. Each project's corpus is tokenised once into an inverted index, so a phrase is checked only
against the passages holding all its tokens, then confirmed as a consecutive token run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from chiefops.intel.gaps_search import SearchResult, TextHit
from chiefops.intel.gaps_text import NormalizedText, has_phrase, normalize
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
    documents: int = 0
    messages: int = 0

    def add(self, passage: _Passage) -> None:
        index = len(self.passages)
        self.passages.append(passage)
        for token in set(passage.norm.tokens):
            self.postings[token].add(index)


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
    ) -> None:
        self._documents = {d.document_id: d for d in documents}
        self._parts = parts
        self._doc_project = doc_project
        self._messages = messages
        self._channel_project = channel_project
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
                corpus.add(_Passage(hit, normalize(part.text)))
        messages = self._project_messages(project_id)
        corpus.messages = len(messages)
        for m in messages:
            hit = TextHit(
                corpus="messages",
                phrase="",
                ref=m.natural_key,
                source="slack",
                label=f"#{m.channel} {m.at:%Y-%m-%d %H:%M}",
                text=m.text,
                at=m.at,
            )
            corpus.add(_Passage(hit, normalize(m.text)))
        self._corpora[project_id] = corpus
        return corpus

    def search(self, *, project_id: str, phrases: Sequence[str], limit: int) -> SearchResult:
        """Hits for every phrase (case-insensitive, whole words), at most `limit` per phrase."""
        corpus = self._corpus(project_id)
        hits: list[TextHit] = []
        for phrase in phrases:
            wanted = normalize(phrase)
            if not wanted.tokens:
                continue
            candidates = set.intersection(*(corpus.postings.get(t, set()) for t in wanted.tokens))
            found = 0
            for index in sorted(candidates):
                passage = corpus.passages[index]
                if has_phrase(passage.norm, wanted):
                    hits.append(passage.hit.model_copy(update={"phrase": phrase}))
                    found += 1
                    if found >= limit:
                        break
        return SearchResult(hits=hits, documents=corpus.documents, messages=corpus.messages)
