"""`python -m samples` generates a world and reports what it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples.__main__ import main


def test_module_entry_point_writes_the_world(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path), "--seed", "7", "--scale", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {tmp_path} in ")
    assert "62 people, 18 channels" in out
    assert (tmp_path / "truth.json").is_file() and (
        tmp_path / "exports/slack/lumen-labs-slack-export.zip"
    ).is_file()


def test_module_entry_point_rejects_scale_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path), "--scale", "0"])
    assert exit_info.value.code == 2
    assert "--scale must be at least 1, got 0" in capsys.readouterr().err
