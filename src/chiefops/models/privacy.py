"""`opt_out_tags`: channels, files and patterns kept out of the index and every prompt (spec 03 §8, 02 §10)."""

from __future__ import annotations

import re

from pydantic import Field, model_validator

from chiefops.models.base import Record, new_id
from chiefops.models.enums import OptOutKind

MAX_REGEX_CHARS = 200


class OptOutTag(Record):
    """One opt-out rule. Analytics still count tagged records; search and prompts drop them.

    `value`: a channel name (with or without #) or id; a file name, document_id or glob; a keyword
    (whole word, any case) or, with `regex`, a regex of at most 200 characters that compiles. The
    timing probe of 03 §8 is the knowledge module's check, not the model's.
    """

    tag_id: str = Field(default_factory=new_id)
    kind: OptOutKind
    value: str = Field(min_length=1)
    project_id: str | None = None
    reason: str = ""
    regex: bool = Field(default=False, description="`value` is a regex (pattern tags only)")

    @model_validator(mode="after")
    def _valid_regex(self) -> OptOutTag:
        if not self.regex:
            return self
        if self.kind is not OptOutKind.PATTERN:
            raise ValueError(f"regex applies only to pattern tags, not to {self.kind.value!r} tags")
        if len(self.value) > MAX_REGEX_CHARS:
            raise ValueError(f"regex is {len(self.value)} characters; the limit is {MAX_REGEX_CHARS}")
        try:
            re.compile(self.value)
        except re.error as exc:
            raise ValueError(f"regex {self.value!r} does not compile: {exc}") from None
        return self
