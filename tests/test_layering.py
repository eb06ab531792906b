"""Architecture guards (spec 10 rules 2, 18): imports follow the arrows; only the clock reads time."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "chiefops"

# Shared leaf modules every area may use.
BASE = {
    "chiefops",
    "chiefops.errors",
    "chiefops.clock",
    "chiefops.events",
    "chiefops.logs",
    "chiefops.config",
    "chiefops.runtime",
}

# What each package may import besides BASE and itself (01 §1 arrows; producers never import consumers).
ALLOWED: dict[str, set[str]] = {
    "models": set(),
    "store": {"models"},
    "knowledge": {"models", "store"},
    "ingest": {"models", "store", "knowledge"},
    "intel": {"models", "store", "knowledge"},
    "ai": {"models", "store", "knowledge"},
    "memory": {"models", "store", "knowledge", "ai", "intel"},
    "chat": {"models", "store", "knowledge", "ai", "memory", "intel", "dashboards", "reports", "alerts"},
    "dashboards": {"models", "store", "intel"},
    "reports": {"models", "store", "knowledge", "ai", "intel", "dashboards"},
    "alerts": {"models", "store", "intel"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name == "chiefops" or name.startswith("chiefops.")}


def _package_files() -> list[tuple[str, Path]]:
    return [(pkg, path) for pkg in ALLOWED for path in sorted((SRC / pkg).rglob("*.py"))]


@pytest.mark.parametrize(("package", "path"), _package_files(), ids=lambda v: str(v))
def test_imports_follow_the_architecture(package: str, path: Path) -> None:
    allowed_prefixes = {f"chiefops.{p}" for p in ALLOWED[package] | {package}}
    base = set() if package == "models" else BASE
    bad = [
        name
        for name in _imports(path)
        if name not in base and not any(name == p or name.startswith(p + ".") for p in allowed_prefixes)
    ]
    assert bad == [], f"{path.relative_to(SRC)} imports {bad}"


def test_nothing_below_the_shells_imports_api_or_cli() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if not path.is_relative_to(SRC / "api")
        and path.name not in {"app.py", "cli.py", "__main__.py"}
        and any(n.startswith(("chiefops.api", "chiefops.cli")) for n in _imports(path))
    ]
    assert offenders == []


CLOCK_READS = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|time\.time\(")
CLOCK_ALLOWED = {"clock.py", "models/base.py"}


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in sorted(SRC.rglob("*.py"))
        if str(path.relative_to(SRC)) not in CLOCK_ALLOWED and CLOCK_READS.search(path.read_text())
    ]
    assert offenders == []
