"""Stable identifiers for the demo world: Slack ids, Jira account ids, file ids, UUIDs.

Each id is a hash of the seed and a stable name, so the same person or channel keeps its id at every
scale and in every run, and ids look like the real ones (`U07…`, `712020:…`).
"""

from __future__ import annotations

import hashlib

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
TEAM_ID = "T05LUMEN1"
WORKSPACE = "lumenlabs"
DOMAIN = "lumenlabs.io"
# Atlassian's real account id of the built-in "Automation for Jira" user.
AUTOMATION_ACCOUNT_ID = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"


def _digest(seed: int, kind: str, name: str) -> bytes:
    return hashlib.sha256(f"{seed}|{kind}|{name}".encode()).digest()


def _base32(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    for _ in range(length):
        number, rem = divmod(number, 32)
        chars.append(_B32[rem])
    return "".join(chars)


def slack_user_id(seed: int, key: str) -> str:
    return "U0" + _base32(_digest(seed, "user", key), 9)


def slack_bot_id(seed: int, key: str) -> str:
    return "B0" + _base32(_digest(seed, "bot", key), 9)


def slack_channel_id(seed: int, name: str) -> str:
    return "C0" + _base32(_digest(seed, "channel", name), 9)


def slack_file_id(seed: int, key: str) -> str:
    return "F0" + _base32(_digest(seed, "file", key), 9)


def hex_id(seed: int, kind: str, key: str, length: int = 32) -> str:
    return _digest(seed, kind, key).hex()[:length]


def uuid_like(seed: int, kind: str, key: str) -> str:
    h = hex_id(seed, kind, key)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def jira_account_id(seed: int, key: str) -> str:
    """Jira Cloud account ids: `712020:` plus a UUID."""
    return "712020:" + uuid_like(seed, "jira", key)


def doc_id(seed: int, key: str) -> str:
    """A Google-Docs-style document id for links in chat."""
    return "1" + _base32(_digest(seed, "gdoc", key), 43).replace("2", "x").lower()
