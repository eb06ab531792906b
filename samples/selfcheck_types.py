"""The result types of the self-check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Check:
    """One planted fact and whether the produced files show it; `detail` has the measured numbers."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True, slots=True)
class SelfCheckReport:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.passed for c in self.checks)

    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]
