"""Roles and departments (spec 04 §1.2): title table, family score, leadership, confidence."""

from __future__ import annotations

from chiefops.intel.roles import RolesConfig, RoleSignals, compute_roles, role_from_words, title_role


def test_the_title_table_reads_specific_titles_before_generic_ones() -> None:
    assert [
        title_role(t)
        for t in (
            "QA Engineer",
            "Support Engineer",
            "Engineering Manager, Web",
            "Product Marketing Manager",
            "Software Developer",
        )
    ] == [
        ("Engineering", "qa_engineer"),
        ("Customer Success", "customer_success"),
        ("Engineering", "engineering_manager"),
        ("Marketing", "marketing"),
        ("Engineering", "developer"),
    ]


def _engineer(pid: str, title: str, **leadership: int) -> RoleSignals:
    return RoleSignals(
        person_id=pid, title=title, task_families={"Engineering": 10}, task_count=10, leadership=leadership
    )


def _team(*people: RoleSignals) -> list[RoleSignals]:
    quiet = [_engineer(f"dev{i}", "Software Engineer") for i in range(8)]
    return [*people, *quiet]


def test_decisions_and_design_documents_make_an_architect_and_the_evidence_names_the_title() -> None:
    raj = _engineer("raj", "Software Developer", decisions=20, design_docs=3, unblocks=4, reviews=2)
    result = compute_roles(_team(raj))["raj"]
    assert (result.role, result.family, result.leadership) == ("architect", "Engineering", 0.63)
    assert (
        result.evidence[0].text == "Slack title 'Software Developer'; behaviour indicates architect, L = 0.63"
    )
    assert result.confidence == 0.765  # min(family 1.0, 0.5 + L/2) − 0.05 for the title conflict


def test_assigning_and_reviewing_make_a_tech_lead() -> None:
    amit = _engineer("amit", "Senior Software Engineer", assigns=30, reviews=30, unblocks=3, decisions=5)
    assert compute_roles(_team(amit))["amit"].role == "tech_lead"


def test_below_the_leadership_threshold_the_base_role_stays() -> None:
    maria = _engineer("maria", "Backend Engineer", reviews=2)
    result = compute_roles(_team(maria))["maria"]
    assert (result.role, result.confidence) == ("backend_developer", 1.0)


def test_a_manager_title_with_engineering_behaviour_is_an_engineering_manager() -> None:
    result = compute_roles(_team(_engineer("marcus", "Engineering Manager, Web")))["marcus"]
    assert result.role == "engineering_manager"


def test_one_signal_alone_caps_confidence_at_070() -> None:
    result = compute_roles([RoleSignals(person_id="ana", title="Account Executive")])["ana"]
    assert (result.role, result.department, result.confidence) == ("sales", "Sales", 0.70)


def test_a_person_with_no_signal_is_an_unknown_team_member() -> None:
    result = compute_roles([RoleSignals(person_id="x")])["x"]
    assert (result.role, result.department, result.confidence) == ("team_member", "Unknown", 0.0)


def test_labels_holding_most_signals_pick_the_role_inside_engineering() -> None:
    tester = RoleSignals(
        person_id="t",
        title="Software Engineer",
        task_families={"Engineering": 10},
        task_roles={"qa_engineer": 10},
        task_count=10,
    )
    assert compute_roles([tester], cfg=RolesConfig())["t"].role == "qa_engineer"


def test_coo_words_map_to_the_role_set() -> None:
    assert [role_from_words(w) for w in ("lead architect", "Tech Lead", "pm", "banana")] == [
        "architect",
        "tech_lead",
        "product_manager",
        None,
    ]
