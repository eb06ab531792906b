"""Identity resolution (spec 04 §1.1): rules, vetoes, possible matches, cluster cuts, person records."""

from __future__ import annotations

import random

from chiefops.intel.identity import IdentityRulings, resolve_identities
from chiefops.intel.identity_rules import IdentityConfig, Node
from chiefops.models import derived_id


def node(key: str, **fields: object) -> Node:
    source = {"slack": "slack", "jira": "jira"}.get(key.split(":")[0], "gdrive")
    return Node(key=key, source=source, source_id=key.split(":", 1)[1], ref_id=derived_id(key), **fields)  # type: ignore[arg-type]


RAJ = [
    node(
        "slack:U1",
        real_name="Raj Patel",
        display_names=("raj",),
        emails=("rajesh.patel@lumen.io",),
        slack_id="U1",
    ),
    node("jira:acc-raj", real_name="Rajesh Patel", jira_account_id="acc-raj"),
    node("email:rajesh.patel@lumen.io", emails=("rajesh.patel@lumen.io",)),
]
ALEXES = [
    node("slack:U3", real_name="Alex Kim", emails=("alex.kim@lumen.io",), slack_id="U3"),
    node("slack:U4", real_name="Alex Johnson", emails=("alex.johnson@lumen.io",), slack_id="U4"),
]


def test_slack_jira_and_drive_references_of_raj_become_one_person() -> None:
    result = resolve_identities(RAJ)
    assert [p.node_keys for p in result.persons] == [
        ("slack:U1", "email:rajesh.patel@lumen.io", "jira:acc-raj")
    ]
    person = result.persons[0]
    assert (person.person_id, person.name, person.email) == (
        derived_id("slack:U1"),
        "Raj Patel",
        "rajesh.patel@lumen.io",
    )
    assert person.alias_ids == tuple(
        sorted({derived_id("jira:acc-raj"), derived_id("email:rajesh.patel@lumen.io")})
    )
    assert person.confidence == 0.93


def test_the_jira_link_names_the_email_name_and_nickname_rules() -> None:
    links = resolve_identities(RAJ).persons[0].links
    jira = next(
        link for link in links if "jira:acc-raj" in (link.a, link.b) and "slack:U1" in (link.a, link.b)
    )
    assert {"email_name", "nickname"} <= set(jira.rules)


def test_nickname_and_equal_last_name_link_bob_and_robert_miller() -> None:
    result = resolve_identities([
        node("slack:U2", real_name="Bob Miller", slack_id="U2"),
        node("jira:acc-bob", real_name="Robert Miller", jira_account_id="acc-bob"),
    ])  # fmt: skip
    assert [p.node_keys for p in result.persons] == [("slack:U2", "jira:acc-bob")]
    assert result.persons[0].links[0].rule == "nickname"


def test_two_people_sharing_a_first_name_stay_apart_with_no_question() -> None:
    result = resolve_identities(ALEXES)
    assert (len(result.persons), result.possible_matches) == (2, ())


def test_a_bare_first_name_matching_two_people_is_one_possible_match_listing_both() -> None:
    result = resolve_identities([*ALEXES, node("jira:Alex", real_name="Alex")])
    assert len(result.persons) == 3
    (match,) = result.possible_matches
    assert (
        match.question == "Is 'Alex' in Jira the same person as Alex Kim in Slack or Alex Johnson in Slack?"
    )
    assert (match.confidence, match.rule, match.candidates) == (
        0.60,
        "single_token",
        tuple(sorted([derived_id("slack:U3"), derived_id("slack:U4")])),
    )


def test_a_one_token_name_matching_one_person_is_asked_not_merged() -> None:
    result = resolve_identities(
        [node("slack:U9", real_name="Rajesh Patel", slack_id="U9"), node("jira:raj", real_name="raj")]
    )
    (match,) = result.possible_matches
    assert (len(result.persons), match.confidence, match.rule) == (2, 0.75, "single_token")
    assert match.question == "Is 'raj' in Jira the same person as Rajesh Patel in Slack?"


def test_two_slack_accounts_with_the_same_name_are_a_question_never_a_merge() -> None:
    result = resolve_identities(
        [
            node("slack:U5", real_name="Sam Lee", slack_id="U5"),
            node("slack:U6", real_name="Sam Lee", slack_id="U6"),
        ]
    )
    (match,) = result.possible_matches
    assert (len(result.persons), match.confidence) == (2, 0.60)
    assert "different Slack ids" in match.reasons


def test_names_that_are_only_alike_across_two_slack_accounts_are_not_asked() -> None:
    result = resolve_identities(
        [
            node("slack:U7", real_name="Mia Johansson", slack_id="U7"),
            node("slack:U8", real_name="Alex Johnson", slack_id="U8"),
        ]
    )
    assert (len(result.persons), result.possible_matches) == (2, ())


def test_a_cluster_that_would_hold_two_slack_ids_is_cut_at_its_weakest_link() -> None:
    nodes = [
        node("slack:U1", real_name="Samuel Lee", slack_id="U1"),
        node("slack:U2", real_name="Sam Lee", slack_id="U2"),
        node("jira:acc", real_name="Samuel Lee", jira_account_id="acc"),
    ]
    result = resolve_identities(nodes, cfg=IdentityConfig(ambiguity_margin=0.0))
    assert sorted(p.node_keys for p in result.persons) == [("slack:U1", "jira:acc"), ("slack:U2",)]
    (match,) = result.possible_matches
    assert (match.rule, match.confidence) == ("nickname", 0.60)
    assert {match.a, match.b} == {derived_id("slack:U1"), derived_id("slack:U2")}


def test_bots_and_automation_accounts_are_not_people() -> None:
    result = resolve_identities([
        node("slack:UB", real_name="jira-bot", slack_id="UB", is_bot=True),
        node("jira:auto", real_name="Automation for Jira"),
        node("slack:USLACKBOT", real_name="Slackbot", slack_id="USLACKBOT"),
        *ALEXES,
    ])  # fmt: skip
    assert sorted(n.key for n in result.non_persons) == ["jira:auto", "slack:UB", "slack:USLACKBOT"]
    assert len(result.persons) == 2


def test_coo_facts_merge_forbid_and_rename() -> None:
    rulings = IdentityRulings(same=(("slack:U3", "slack:U4"),), names={"slack:U3": "Alexandra Kim"})
    merged = resolve_identities(ALEXES, rulings=rulings)
    assert [(p.node_keys, p.name) for p in merged.persons] == [(("slack:U3", "slack:U4"), "Alexandra Kim")]
    apart = resolve_identities(RAJ, rulings=IdentityRulings(different=(("slack:U1", "jira:acc-raj"),)))
    assert sorted(p.node_keys for p in apart.persons) == [
        ("jira:acc-raj",),
        ("slack:U1", "email:rajesh.patel@lumen.io"),
    ]
    assert apart.possible_matches == ()


def test_input_order_never_changes_the_result() -> None:
    nodes = [*RAJ, *ALEXES, node("jira:Alex", real_name="Alex")]
    shuffled = list(nodes)
    random.Random(3).shuffle(shuffled)
    assert resolve_identities(shuffled) == resolve_identities(nodes)


def test_every_id_of_a_person_resolves_to_it_through_the_alias_map() -> None:
    alias = resolve_identities(RAJ).alias_map()
    assert {alias[n.ref_id] for n in RAJ} == {derived_id("slack:U1")}
