"""Slack users → `Person` records (spec 02 §4.6), plus bots and placeholders.

Every person is keyed by its provisional id `person_ref_id(SLACK, <source id>)` (units.py); the
writer maps it to the stored person holding that source reference. `last_active_date` is the
newest own message the unit saw, else `NEVER_ACTIVE` (1970-01-01 UTC) — the writer keeps the
maximum, so a users-only unit never moves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from chiefops.ingest.slack_raw import RawObject, as_object, bool_of, nonempty, objects
from chiefops.ingest.units import person_ref_id
from chiefops.models import Person, SourceReference
from chiefops.models.enums import RoleSource, SourceSystem

NEVER_ACTIVE = datetime(1970, 1, 1, tzinfo=UTC)
"""`last_active_date` of a person no message of the unit was written by."""

SLACKBOT_ID = "USLACKBOT"
DEFAULT_ROLE = "team_member"
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
_NAME_MAX = 200


@dataclass(frozen=True)
class SlackUser:
    """One users.json / org_users.json / capture `users[]` entry, parsed."""

    user_id: str
    name: str
    email: str | None = None
    avatar_url: str | None = None
    is_bot: bool = False
    is_deactivated: bool = False
    title_hint: str | None = None
    handles: tuple[str, ...] = ()
    timezone: str | None = None


def _first(*values: str | None) -> str | None:
    return next((value.strip() for value in values if value and value.strip()), None)


def parse_user(raw: RawObject) -> SlackUser | None:
    """A user entry → `SlackUser`; None when it has no id."""
    user_id = nonempty(raw, "id")
    if user_id is None:
        return None
    profile = as_object(raw.get("profile")) or {}
    handle, display = nonempty(raw, "name"), nonempty(profile, "display_name")
    name = _first(nonempty(profile, "real_name"), nonempty(raw, "real_name"), display, handle) or user_id
    email = nonempty(profile, "email")
    return SlackUser(
        user_id=user_id,
        name=name[:_NAME_MAX],
        email=email.strip().lower() if email else None,
        avatar_url=_first(
            nonempty(profile, "image_192"), nonempty(profile, "image_72"), nonempty(profile, "image_48")
        ),
        is_bot=bool_of(raw, "is_bot") or user_id == SLACKBOT_ID,
        is_deactivated=bool_of(raw, "deleted"),
        title_hint=_first(nonempty(profile, "title")),
        handles=tuple(dict.fromkeys(h.strip() for h in (handle, display) if h)),
        timezone=nonempty(raw, "tz"),
    )


def parse_users(value: object) -> dict[str, SlackUser]:
    """A users.json list → users by id (later entries of the same id win)."""
    users: dict[str, SlackUser] = {}
    for raw in objects(value):
        user = parse_user(raw)
        if user is not None:
            users[user.user_id] = user
    return users


def _person(
    source_id: str, *, name: str, last_active: datetime | None, slack_user_id: str | None, **ext: object
) -> Person:
    return Person.model_validate(
        {
            "person_id": person_ref_id(SourceSystem.SLACK, source_id),
            "name": name[:_NAME_MAX] or source_id,
            "source_ids": [SourceReference(source=SourceSystem.SLACK, source_id=source_id)],
            "role": DEFAULT_ROLE,
            "role_source": RoleSource.AI_IDENTIFIED,
            "last_active_date": last_active or NEVER_ACTIVE,
            "slack_user_id": slack_user_id,
            **ext,
        }
    )


def person_from_user(user: SlackUser, *, last_active: datetime | None = None) -> Person:
    """The full person of a Slack user profile."""
    return _person(
        user.user_id,
        name=user.name,
        last_active=last_active,
        slack_user_id=user.user_id,
        email=user.email,
        avatar_url=user.avatar_url,
        is_bot=user.is_bot,
        is_deactivated=user.is_deactivated,
        title_hint=user.title_hint,
        handles=list(user.handles),
        timezone=user.timezone,
    )


def placeholder_person(
    source_id: str, *, name: str | None = None, last_active: datetime | None = None
) -> Person:
    """A person seen only as a reference (author or mention without a profile in this input).

    `source_id` is a Slack user id, or a display name from hand-made JSON; Slackbot is a bot.
    """
    is_user_id = _USER_ID.fullmatch(source_id) is not None
    return _person(
        source_id,
        name=name or ("Slackbot" if source_id == SLACKBOT_ID else source_id),
        last_active=last_active,
        slack_user_id=source_id if is_user_id else None,
        is_bot=source_id == SLACKBOT_ID,
        is_placeholder=True,
        handles=[] if is_user_id else [source_id],
    )


def bot_person(bot_id: str, *, name: str | None, last_active: datetime | None = None) -> Person:
    """The person standing for a `bot_id` poster (source id `B…`)."""
    return _person(bot_id, name=name or bot_id, last_active=last_active, slack_user_id=None, is_bot=True)
