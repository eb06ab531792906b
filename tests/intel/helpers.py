"""Small readers shared by the intel tests (names always come from truth.json)."""

from __future__ import annotations

from typing import Any

from chiefops.intel.views import ProjectView
from chiefops.models import AnalysisType, Person
from chiefops.services import Services


async def all_people(services: Services) -> list[Person]:
    found: list[Person] = []
    skip = 0
    while True:
        page = await services.intel.list_people(skip=skip, limit=100)
        found.extend(page.items)
        skip += 100
        if skip >= page.total:
            return found


async def person_named(services: Services, name: str) -> Person:
    matches = [p for p in await all_people(services) if p.name == name]
    assert len(matches) == 1, f"{name}: {len(matches)} people"
    return matches[0]


async def project_with_key(services: Services, key: str) -> ProjectView:
    page = await services.intel.list_projects(limit=100)
    matches = [p for p in page.items if key in p.jira_project_keys]
    assert len(matches) == 1, f"{key}: {[p.name for p in page.items]}"
    return matches[0]


async def row(
    services: Services, analysis_type: AnalysisType, project_id: str | None = None
) -> dict[str, Any]:
    found = await services.intel.latest(analysis_type, project_id)
    assert found is not None, f"no {analysis_type.value} row for {project_id}"
    return dict(found.result_data)


def truth_project(truth: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in truth["projects"] if p["key"] == key)
    return found
