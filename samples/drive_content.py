"""What the Drive folder holds: the project folders (drive_projects.py), the company folders, and one
document per filler project at scale > 1 — so documents grow far slower than people and messages.
"""

from __future__ import annotations

import random
from datetime import timedelta

from samples.drive_projects import PROJECT_FOLDERS, D, doc
from samples.phrases_project import pick
from samples.prose import paragraphs
from samples.specs import DocSpec, ProjectSpec
from samples.timeline import AS_OF
from samples.vocab import VOCABS


def _company(rng: random.Random) -> list[DocSpec]:
    del rng
    return [
        doc(
            "Company",
            "Lumen Labs Budget and Capacity FY26.xlsx",
            "thomas-baker",
            D(2026, 1, 15),
            D(2026, 11, 6),
            "Budget and capacity FY26",
            None,
            tables=(
                (
                    "Summary",
                    (
                        ("Item", "FY26 budget (USD k)", "Actual to date (USD k)"),
                        ("Payroll", "6,400", "5,210"),
                        ("Cloud", "480", "402"),
                        ("Tools", "160", "138"),
                        ("Travel", "120", "77"),
                    ),
                ),
                (
                    "Budget by department",
                    (
                        ("Department", "Q3 (USD k)", "Q4 (USD k)"),
                        ("Engineering", "1,020", "1,060"),
                        ("Product", "180", "185"),
                        ("Design", "110", "112"),
                        ("Sales", "390", "410"),
                        ("Customer Success", "240", "250"),
                        ("Operations", "150", "150"),
                        ("Finance", "120", "120"),
                    ),
                ),
                (
                    "Capacity by project",
                    (
                        ("Project", "Engineers", "Allocation"),
                        ("Project Alpha", "8", "100%"),
                        ("Project Beta", "5", "90%"),
                        ("Project Gamma", "5", "100%"),
                        ("Project Delta", "5", "80%"),
                        ("Ops Automation", "2", "50%"),
                    ),
                ),
                (
                    "Headcount plan",
                    (
                        ("Quarter", "Hires", "Notes"),
                        ("Q3", "4", "done"),
                        ("Q4", "3", "1 open"),
                        ("Q1 next year", "5", "incl. Wear OS engineer"),
                    ),
                ),
            ),
        ),
        doc(
            "Company",
            "Q4 Roadmap Review.pptx",
            "mark-sullivan",
            D(2026, 9, 25),
            D(2026, 10, 2),
            "Q4 roadmap review",
            None,
            (
                (
                    "Q4 priorities",
                    (
                        "Ship the mobile app",
                        "Salesforce sync live",
                        "Warehouse cutover",
                        "Portal redesign launch in January",
                    ),
                ),
                (
                    "Hiring",
                    ("Three engineering hires in Q4", "Hiring freeze on non-engineering roles until January"),
                ),
                ("Risks", ("Salesforce sync behind plan", "Portal team capacity")),
            ),
            notes=(
                "Sarah presents this to the board.",
                "Hiring needs board sign-off.",
                "Beta is the one to watch.",
            ),
        ),
        doc(
            "Company",
            "All-hands Notes November.docx",
            "sarah-chen",
            D(2026, 11, 5),
            D(2026, 11, 6),
            "All-hands notes, November",
            None,
            (
                (
                    "Announcements",
                    ("Mobile app launch date confirmed for 18 December. New dental plan from January.",),
                ),
                (
                    "Questions from the team",
                    ("Several questions about the Salesforce sync date; Sarah will share a revised plan.",),
                ),
            ),
        ),
        doc(
            "Company",
            "Board Update October.pdf",
            "sarah-chen",
            D(2026, 10, 28),
            D(2026, 10, 30),
            "Board update, October",
            None,
            (
                ("Highlights", ("Warehouse migration on track; mobile app pilot at 212 testers.",)),
                ("Concerns", ("The Salesforce integration is behind; a recovery plan is due in November.",)),
                ("Metrics", ("Net revenue retention 114%; cash runway 30 months.",)),
            ),
        ),
        doc(
            "People Ops",
            "salary-bands-2027.xlsx",
            "rebecca-stone",
            D(2026, 10, 12),
            D(2026, 11, 3),
            "Salary bands 2027 (confidential)",
            None,
            tables=(
                (
                    "Bands",
                    (
                        ("Level", "Engineering (USD k)", "Sales base (USD k)"),
                        ("L1", "85-105", "60-75"),
                        ("L2", "105-130", "75-90"),
                        ("L3", "130-160", "90-110"),
                        ("L4", "160-195", "110-135"),
                    ),
                ),
            ),
        ),
    ]


def planted_documents(seed: int) -> list[DocSpec]:
    """The scale-1 Drive folder, in a fixed order."""
    docs: list[DocSpec] = []
    for name, build in (*PROJECT_FOLDERS, ("company", _company)):
        docs.extend(build(random.Random(f"{seed}:drive:{name}")))
    return docs


_FILLER_DOCS = (
    ("Plan.docx", "plan"),
    ("Runbook.md", "operations"),
    ("Weekly Notes.txt", "status"),
    ("Tracker.xlsx", "tracking"),
)


def filler_documents(seed: int, projects: list[ProjectSpec]) -> list[DocSpec]:
    """One document per added project: documents grow far slower than people and messages (spec 11 §1)."""
    docs: list[DocSpec] = []
    for n, spec in enumerate(p for p in projects if not p.planted):
        rng = random.Random(f"{seed}:drive:{spec.key}")
        v = VOCABS[spec.vocab]
        suffix, topic = _FILLER_DOCS[n % len(_FILLER_DOCS)]
        name = f"{spec.name} {suffix}"
        created = spec.start + timedelta(days=rng.randint(3, 30))
        modified = min(AS_OF, created + timedelta(days=rng.randint(5, 120)))
        title = name.rsplit(".", 1)[0]
        if suffix.endswith(".xlsx"):
            rows = (
                ("Item", "Owner", "Status"),
                *(
                    (
                        pick(rng, v.features).capitalize(),
                        spec.lead,
                        pick(rng, ("open", "done", "in progress")),
                    )
                    for _ in range(rng.randint(6, 14))
                ),
            )
            docs.append(
                doc(
                    spec.folder,
                    name,
                    spec.pm,
                    created,
                    modified,
                    title,
                    spec.key,
                    tables=((topic.capitalize(), rows),),
                )
            )
            continue
        sections = tuple(
            (heading, paragraphs(rng, v, f"{spec.name} {topic}", rng.randint(1, 3)))
            for heading in ("Summary", "Details", "Next steps")
        )
        docs.append(doc(spec.folder, name, spec.pm, created, modified, title, spec.key, sections))
    return docs
