"""Document upserts (spec 02 §6, §8).

Keyed by `drive:<root>/<relative path>`, compared by the sha256 of the file's bytes: the same key and
bytes are `unchanged` (not re-indexed); new bytes under a stored key update the record in place
(document_id kept) and hand the new text to the index; the same bytes under another path are a
`duplicate` — not stored again, the path is added to the stored document's `also_at`.
"""

from __future__ import annotations

from collections.abc import Sequence

from chiefops.ingest.record_ops import Doc, document_hash, ensure_hash, resolve_document_people
from chiefops.ingest.spool import SpoolDoc
from chiefops.ingest.unit_context import UnitContext
from chiefops.ingest.write_state import DocumentIndex
from chiefops.models import ExtractedText, derived_id

_LOOKUP = ["natural_key", "opt_out", "project_id", "also_at"]
_KEPT = ("document_id", "created_at", "also_at", "content_summary")


def drive_path(natural_key: str) -> str:
    """`<root>/<relative path>` of a `drive:` key."""
    return natural_key.removeprefix("drive:")


class DocumentWriter:
    def __init__(self, ctx: UnitContext, index: DocumentIndex) -> None:
        self._ctx = ctx
        self._index = index
        self._seen: set[str] = set()

    def _opted_out(self, doc: Doc, text: ExtractedText | None) -> bool:
        matcher = self._ctx.matcher
        folder_file = f"{doc.get('folder_path') or ''}/{doc['file_name']}".lstrip("/")
        if doc.get("opt_out") or matcher.matches_file(doc.get("origin_path"), folder_file, doc["file_name"]):
            return True
        return text is not None and any(matcher.matches_text(section.text) for section in text.sections)

    async def apply(self, items: Sequence[SpoolDoc]) -> None:
        ctx = self._ctx
        pending: list[tuple[Doc, ExtractedText | None]] = []
        for item in items:
            doc: Doc = item["doc"]
            if doc["natural_key"] in self._seen:
                continue
            self._seen.add(doc["natural_key"])
            text = ExtractedText.model_validate(item["text"]) if item.get("text") else None
            ensure_hash(doc, document_hash)
            resolve_document_people(doc, ctx.people.resolve)
            doc["project_id"] = ctx.projects.for_document()
            doc["opt_out"] = self._opted_out(doc, text)
            pending.append((doc, text))
        rows = await ctx.lookup("documents", [d["natural_key"] for d, _ in pending], fields=_LOOKUP)
        new: list[Doc] = []
        updated: list[tuple[Doc, ExtractedText | None]] = []
        for doc, text in pending:
            outcome = await self._outcome(doc, rows.get(doc["natural_key"]))
            ctx.tally.count(f"documents_{outcome}")
            ctx.tally.saw_time(doc.get("modified_date"))
            ctx.tally.count("opted_out_documents", doc["opt_out"] and outcome != "duplicate")
            if outcome == "new":
                new.append(self._as_new(doc, text))
            elif outcome == "updated":
                updated.append((doc, text))
        stored = await ctx.load_docs("documents", [d["natural_key"] for d, _ in updated])
        merged = [self._as_update(doc, text, stored[doc["natural_key"]]) for doc, text in updated]
        documents = ctx.store.collection("documents")
        if new:
            await documents.insert_many(new)
        if merged:
            await documents.upsert_many(merged)
        if new or merged:
            ctx.tally.written.add("documents")

    async def _outcome(self, doc: Doc, row: Doc | None) -> str:
        key, digest = doc["natural_key"], doc["content_hash"]
        if row is None:
            original = self._index.by_hash.get(digest)
            if original is not None and original != key:
                await self._add_also_at(original, drive_path(key))
                return "duplicate"
            return "new"
        if doc["project_id"] is None:
            doc["project_id"] = row["project_id"]
        if self._index.by_key.get(key) == digest and (row["opt_out"], row["project_id"]) == (
            doc["opt_out"],
            doc["project_id"],
        ):
            return "unchanged"
        return "updated"

    async def _add_also_at(self, original: str, path: str) -> None:
        documents = self._ctx.store.collection("documents")
        rows = await documents.find_fields({"natural_key": original}, fields=["also_at"])
        if rows and path not in (rows[0]["also_at"] or []):
            await documents.update_many(
                {"natural_key": original},
                set={"also_at": [*rows[0]["also_at"], path], "updated_at": self._ctx.now},
            )
            self._ctx.tally.written.add("documents")

    def _indexed(self, doc: Doc, text: ExtractedText | None) -> None:
        self._index.add(doc["natural_key"], doc["content_hash"], opt_out=doc["opt_out"])
        self._ctx.tally.indexed_documents.append(doc["document_id"])
        if text is not None:
            self._ctx.tally.changes.documents.append(
                text.model_copy(update={"document_id": doc["document_id"]})
            )

    def _as_new(self, doc: Doc, text: ExtractedText | None) -> Doc:
        doc.update(
            document_id=derived_id(doc["natural_key"]),
            ingestion_job_id=self._ctx.job_id,
            citex_status="pending",
            is_indexed_in_rag=False,
            created_at=self._ctx.now,
            updated_at=self._ctx.now,
        )
        self._indexed(doc, text)
        return doc

    def _as_update(self, doc: Doc, text: ExtractedText | None, stored: Doc) -> Doc:
        for name in _KEPT:
            doc[name] = stored.get(name)
        doc.update(
            ingestion_job_id=self._ctx.job_id,
            citex_status="pending",
            is_indexed_in_rag=False,
            updated_at=self._ctx.now,
        )
        self._indexed(doc, text)
        return doc
