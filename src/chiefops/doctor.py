"""`chiefops doctor`: the effective configuration and one check per dependency (spec 01 §4).

Doctor only looks: it opens the database and pings it but starts no service, so it never recovers,
interrupts or re-runs an ingestion job of a server running on the same data dir. Remote AI providers
get one short real request (`GET …/models`, as 05 §2 describes each provider's readiness).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

import httpx
from pydantic import SecretStr

from chiefops.config import Settings
from chiefops.errors import ChiefOpsError, ConfigError
from chiefops.knowledge import probe_citex
from chiefops.services import check_storage, prepare_data_dir

AI_CHECK_TIMEOUT_S = 10.0
ANTHROPIC_VERSION = "2023-06-01"


@dataclass(frozen=True)
class Check:
    """One dependency check; `required` failures make the command exit non-zero."""

    name: str
    ok: bool
    detail: str
    required: bool = True


def check_data_dir(settings: Settings) -> Check:
    try:
        prepare_data_dir(settings.data_dir)
    except ChiefOpsError as exc:
        return Check("data_dir", False, exc.message)
    return Check("data_dir", True, f"{settings.data_dir.resolve()} writable")


async def check_store(settings: Settings) -> Check:
    try:
        backend = await check_storage(settings)
    except ChiefOpsError as exc:
        return Check("database", False, exc.message)
    return Check("database", True, f"{backend} opened and answering")


def _version_of(command: list[str]) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if out.returncode == 0 and text else None


def check_node() -> Check:
    version = _version_of(["node", "--version"])
    if version is None:
        return Check("node", False, "Node.js not found: charts in PDF reports need it (install Node 20+)")
    return Check("node", True, f"Node.js {version} (chart rendering for PDFs)")


def check_weasyprint() -> Check:
    try:
        import weasyprint

        return Check("weasyprint", True, f"WeasyPrint {weasyprint.__version__} with its Pango libraries")
    except (ImportError, OSError) as exc:
        return Check(
            "weasyprint",
            False,
            f"WeasyPrint cannot load ({exc}); install Pango (apt-get install libpango-1.0-0)",
        )


async def check_ai(settings: Settings, *, timeout_s: float = AI_CHECK_TIMEOUT_S) -> Check:
    if settings.ai_provider == "local":
        return Check("ai_provider", True, "local: built-in deterministic engine, nothing leaves this machine")
    if settings.ai_provider == "cli":
        found = shutil.which(settings.ai_cli_tool)
        detail = f"{settings.ai_cli_tool} at {found}" if found else f"{settings.ai_cli_tool} not on PATH"
        return Check("ai_provider", found is not None, detail)
    secret: SecretStr | None = settings.ai_api_key
    key_setting = "CHIEFOPS_AI_API_KEY"
    if settings.ai_provider == "anthropic" and settings.anthropic_api_key is not None:
        secret, key_setting = settings.anthropic_api_key, "CHIEFOPS_ANTHROPIC_API_KEY"
    if secret is None:
        return Check("ai_provider", False, f"{settings.ai_provider}: {key_setting} is not set")
    return await _reach_provider(
        settings, key=secret.get_secret_value(), key_setting=key_setting, timeout_s=timeout_s
    )


async def _reach_provider(settings: Settings, *, key: str, key_setting: str, timeout_s: float) -> Check:
    """One `GET {base}/models` (openai) or `GET {base}/v1/models` (anthropic) with the key."""
    if settings.ai_provider == "anthropic":
        base, setting = settings.anthropic_base_url.rstrip("/"), "CHIEFOPS_ANTHROPIC_BASE_URL"
        url, headers = f"{base}/v1/models", {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
    else:
        base, setting = settings.ai_base_url.rstrip("/"), "CHIEFOPS_AI_BASE_URL"
        url, headers = f"{base}/models", {"Authorization": f"Bearer {key}"}
    name = settings.ai_provider
    try:
        async with httpx.AsyncClient(timeout=timeout_s) as client:
            response = await client.get(url, headers=headers)
    except httpx.TimeoutException:
        return Check("ai_provider", False, f"{name}: {url} did not answer within {timeout_s:g} s")
    except httpx.HTTPError as exc:
        return Check(
            "ai_provider",
            False,
            f"{name}: cannot reach {url} ({type(exc).__name__}); check {setting} and the network",
        )
    if response.status_code in (401, 403):
        return Check(
            "ai_provider",
            False,
            f"{name}: {url} refused the key (HTTP {response.status_code}); check {key_setting}",
        )
    if response.status_code != 200:
        return Check("ai_provider", False, f"{name}: {url} answered HTTP {response.status_code}")
    return Check("ai_provider", True, f"{name}: {url} answered 200 with this key")


async def check_citex(settings: Settings) -> Check:
    """`CHIEFOPS_KNOWLEDGE_BACKEND=citex`: one `GET /health`. A missing URL fails (start-up would);
    an unreachable Citex only warns — searches then answer from the local index, marked degraded."""
    try:
        return Check("citex", True, await probe_citex(settings))
    except ConfigError as exc:
        return Check("citex", False, exc.message)
    except ChiefOpsError as exc:
        return Check("citex", False, exc.message, required=False)


def check_chromium() -> Check:
    path = os.environ.get("CHIEFOPS_CHROMIUM", "/usr/bin/chromium")
    found = os.path.exists(path) or shutil.which("chromium") is not None
    detail = (
        f"{path} (browser tests)"
        if found
        else "not installed: browser tests are skipped (apt-get install chromium)"
    )
    return Check("chromium", found, detail, required=False)


async def run_checks(settings: Settings) -> list[Check]:
    """Every check, in display order."""
    data_dir = check_data_dir(settings)
    store = (
        await check_store(settings) if data_dir.ok else Check("database", False, "skipped: data dir unusable")
    )
    checks = [data_dir, store, check_node(), check_weasyprint(), await check_ai(settings), check_chromium()]
    if settings.knowledge_backend == "citex":
        checks.append(await check_citex(settings))
    return checks
