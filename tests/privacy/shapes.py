"""Test-time secrets generated from their shape (spec 03 §12.10): no key-like literal is checked in.

The redaction case files name a shape (`«sk-proj»` in a text, or `"shape": "sk-proj"`); `secret(shape)`
builds a value of that shape from a fixed seed, so every run sees the same strings and a failure
replays exactly.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "redaction_cases.jsonl"
CORPUS_FILE = HERE / "redaction_corpus.jsonl"

_BASE62 = string.ascii_letters + string.digits
_URLSAFE = _BASE62 + "-_"
_UPPER_ALNUM = string.ascii_uppercase + string.digits


def _chars(rng: random.Random, n: int, alphabet: str) -> str:
    """`n` characters of `alphabet`, always holding at least one digit and one letter when it has both."""
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(n))
        has_digit = any(c.isdigit() for c in value) or not any(c.isdigit() for c in alphabet)
        has_alpha = any(c.isalpha() for c in value) or not any(c.isalpha() for c in alphabet)
        if has_digit and has_alpha:
            return value


def _b64url(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).rstrip(b"=").decode()


def _jwt(rng: random.Random) -> str:
    header = _b64url({"alg": "HS256", "typ": "JWT"})
    payload = _b64url({"sub": _chars(rng, 8, string.digits), "name": "Test User", "iat": 1764460800})
    return f"{header}.{payload}.{_chars(rng, 43, _URLSAFE)}"


def _pem(rng: random.Random) -> str:
    lines = [_chars(rng, 64, _BASE62 + "+/") for _ in range(4)]
    return "-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----"


_SHAPES: dict[str, Callable[[random.Random], str]] = {
    "sk-proj": lambda r: "sk-proj-" + _chars(r, 40, _BASE62),
    "sk": lambda r: "sk-" + _chars(r, 48, _BASE62),
    "sk-ant": lambda r: "sk-ant-api03-" + _chars(r, 60, _URLSAFE),
    "akia": lambda r: "AKIA" + _chars(r, 16, _UPPER_ALNUM),
    "asia": lambda r: "ASIA" + _chars(r, 16, _UPPER_ALNUM),
    "aiza": lambda r: "AIza" + _chars(r, 35, _URLSAFE),
    "xoxb": lambda r: (
        f"xoxb-{_chars(r, 12, string.digits)}-{_chars(r, 13, string.digits)}-{_chars(r, 24, _BASE62)}"
    ),
    "xoxp": lambda r: (
        f"xoxp-{_chars(r, 12, string.digits)}-{_chars(r, 12, string.digits)}-{_chars(r, 32, _BASE62)}"
    ),
    "ghp": lambda r: "ghp_" + _chars(r, 36, _BASE62),
    "ghs": lambda r: "ghs_" + _chars(r, 36, _BASE62),
    "github_pat": lambda r: "github_pat_" + _chars(r, 82, _BASE62 + "_"),
    "sk_live": lambda r: "sk_live_" + _chars(r, 24, _BASE62),
    "rk_live": lambda r: "rk_live_" + _chars(r, 24, _BASE62),
    "jwt": _jwt,
    "hex32": lambda r: _chars(r, 32, "0123456789abcdef"),
    "aws_secret": lambda r: _chars(r, 40, _BASE62 + "+/"),
    "oauth": lambda r: "ya29." + _chars(r, 60, _URLSAFE),
    "pem": _pem,
}


def secret(shape: str, *, seed: int = 0) -> str:
    """A value of the named shape, the same for the same (shape, seed)."""
    return _SHAPES[shape](random.Random(f"{shape}:{seed}"))


def fill(text: str, *, seed: int = 0) -> str:
    """Replace every `«shape»` marker in `text` by a generated secret of that shape."""
    for shape in _SHAPES:
        text = text.replace(f"«{shape}»", secret(shape, seed=seed))
    return text


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
