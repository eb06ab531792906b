"""`chiefops doctor`: the effective configuration and one check per dependency (spec 01 §4)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from chiefops.config import Settings
from chiefops.errors import ChiefOpsError
from chiefops.services import running_services


@dataclass(frozen=True)
class Check:
    """One dependency check; `required` failures make the command exit non-zero."""

    name: str
    ok: bool
    detail: str
    required: bool = True


def check_data_dir(settings: Settings) -> Check:
    path = settings.data_dir
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-", delete=True) as fh:
            fh.write(b"ok")
    except OSError as exc:
        return Check(
            "data_dir", False, f"{path} is not writable ({exc.strerror}); choose another CHIEFOPS_DATA_DIR"
        )
    return Check("data_dir", True, f"{path.resolve()} writable")


async def check_store(settings: Settings) -> Check:
    try:
        async with running_services(settings) as services:
            await services.store.ping()
            return Check("database", True, f"{services.store.backend} opened and answering")
    except ChiefOpsError as exc:
        return Check("database", False, exc.message)
    except OSError as exc:
        return Check("database", False, f"cannot open the database: {exc}")


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


def check_ai(settings: Settings) -> Check:
    if settings.ai_provider == "local":
        return Check("ai_provider", True, "local: built-in deterministic engine, nothing leaves this machine")
    if settings.ai_provider == "cli":
        found = shutil.which(settings.ai_cli_tool)
        detail = f"{settings.ai_cli_tool} at {found}" if found else f"{settings.ai_cli_tool} not on PATH"
        return Check("ai_provider", found is not None, detail)
    if settings.ai_api_key is None:
        return Check("ai_provider", False, f"{settings.ai_provider}: CHIEFOPS_AI_API_KEY is not set")
    return Check("ai_provider", True, f"{settings.ai_provider} at {settings.ai_base_url} (key set)")


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
    return [data_dir, store, check_node(), check_weasyprint(), check_ai(settings), check_chromium()]
