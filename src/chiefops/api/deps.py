"""Dependency aliases for routers (spec 10 rule 31): one line each, built from the container."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from chiefops.services import Services


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
