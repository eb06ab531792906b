"""docs/operations.md stays true (spec 10 rule 33): its settings table lists every field of
`Settings`, with the default the code uses, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from chiefops.config import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
ROW = re.compile(r"^\| `CHIEFOPS_(?P<name>[A-Z0-9_]+)` \| (?P<default>[^|]+) \|")


def _shown(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Path):
        return f"`./{value}`"
    return f"`{value}`"


def test_the_settings_table_has_one_row_per_setting_with_its_default() -> None:
    rows = [m for line in DOC.read_text().splitlines() if (m := ROW.match(line))]
    documented = {m["name"].lower(): m["default"].strip() for m in rows}
    expected = {name: _shown(field.default) for name, field in Settings.model_fields.items()}
    assert len(rows) == len(documented)
    assert documented == expected
