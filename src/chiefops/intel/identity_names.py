"""Name and email normalisation for identity resolution (spec 04 §1.1), and the nickname table.

Names: NFKD, accents stripped, lower case, `. _ -` as spaces, honorifics and suffixes (mr, ms, dr,
jr, sr …) removed, whitespace collapsed. Emails: trimmed, lower case, `+tag` removed. The
email-derived name is the local part split on `. _ -` ("rajesh.patel" → "rajesh patel").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from importlib import resources

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "jr", "sr", "ii", "iii"})
NON_PERSON_TOKENS = frozenset({"bot", "automation", "integration"})


def normalize_person_name(name: str) -> str:
    """Comparable form of a person's name ("Dr. José  García-Lopez Jr." → "jose garcia lopez")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    for separator in "._-,":
        plain = plain.replace(separator, " ")
    return " ".join(token for token in plain.split() if token not in HONORIFICS)


def reference_name(name: str) -> str:
    """The name form of ingestion's `name:<normalised>` reference keys (02 §4.6): no honorifics dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[._\-]+", " ", plain).split())


def normalize_email(address: str) -> str:
    """Comparable form of an email address: trimmed, lower case, `+tag` dropped."""
    text = address.strip().lower()
    local, at, domain = text.partition("@")
    if not at:
        return text
    return f"{local.split('+', 1)[0]}@{domain}"


def email_domain(address: str) -> str:
    return address.partition("@")[2]


def email_name(address: str) -> str:
    """The name an address spells ("rajesh.patel@x.io" → "rajesh patel")."""
    return normalize_person_name(address.partition("@")[0])


def is_non_person_name(name: str) -> bool:
    """True for account names like "jira-bot", "Automation for Jira", "GitHubBot", "Slack integration"."""
    tokens = normalize_person_name(name).split()
    return any(token in NON_PERSON_TOKENS for token in tokens) or bool(_CAMEL_BOT.search(name))


_CAMEL_BOT = re.compile(r"[a-z]Bot\b")


@cache
def nickname_table() -> Mapping[str, frozenset[str]]:
    """nickname → canonical first names, from `data/nicknames.csv` (one nickname, many canonicals)."""
    table: dict[str, set[str]] = defaultdict(set)
    with resources.files("chiefops.intel").joinpath("data/nicknames.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            table[row["nickname"].strip().lower()].add(row["canonical"].strip().lower())
    return {nick: frozenset(canonicals) for nick, canonicals in table.items()}


def first_name_forms(first: str) -> frozenset[str]:
    """A first name and every canonical it may stand for ("raj" → {raj, rajesh, rajiv, rajendra})."""
    return frozenset({first}) | nickname_table().get(first, frozenset())


def share_canonical(first_a: str, first_b: str) -> bool:
    """Whether two first names can be the same given name (equal, or nickname and canonical)."""
    return bool(first_name_forms(first_a) & first_name_forms(first_b))
