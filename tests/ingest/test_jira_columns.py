"""The positional column plan and header detection (spec 02 §5.1, §3 step 5)."""

from __future__ import annotations

import pytest

from chiefops.ingest.jira_aliases import ALIASES, Col
from chiefops.ingest.jira_columns import (
    RowCells,
    build_plan,
    classify_header,
    column_for,
    count_known,
    normalize_header,
    status_category_hint,
)
from chiefops.models import InputKind


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("  Issue   Key ", "issue key"),
        ("Custom field (Story Points)", "story points"),
        ("Campo personalizado (Story Points)", "story points"),
        ("Champ personnalisé (Story Points)", "story points"),
        ("Benutzerdefiniertes Feld (Story Points)", "story points"),
        ("Schlüssel", "schlussel"),
        ("Catégorie d’état", "categorie d'etat"),
    ],
)
def test_headers_are_normalized_for_lookup(header: str, expected: str) -> None:
    assert normalize_header(header) == expected


# One header per language for every field of the §5.1 table: en, es, fr, de, pt.
LOCALIZED: dict[Col, tuple[str, str, str, str, str]] = {
    Col.KEY: ("Issue key", "Clave de incidencia", "Clé de ticket", "Schlüssel", "Chave do item"),
    Col.SUMMARY: ("Summary", "Resumen", "Résumé", "Zusammenfassung", "Resumo"),
    Col.STATUS: ("Status", "Estado", "État", "Status", "Situação"),
    Col.STATUS_CATEGORY: ("Status Category", "Categoría de estado", "Catégorie d'état", "Statuskategorie", "Categoria de status"),
    Col.ISSUE_TYPE: ("Issue Type", "Tipo de incidencia", "Type de ticket", "Vorgangstyp", "Tipo de item"),
    Col.PRIORITY: ("Priority", "Prioridad", "Priorité", "Priorität", "Prioridade"),
    Col.RESOLUTION: ("Resolution", "Resolución", "Résolution", "Lösung", "Resolução"),
    Col.FLAGGED: ("Custom field (Flagged)", "Campo personalizado (Marcada)", "Champ personnalisé (Signalé)", "Benutzerdefiniertes Feld (Markiert)", "Campo personalizado (Sinalizado)"),
    Col.ASSIGNEE: ("Assignee", "Responsable", "Responsable", "Bearbeiter", "Responsável"),
    Col.ASSIGNEE_ID: ("Assignee Id", "ID del responsable", "ID du responsable", "Bearbeiter-ID", "ID do responsável"),
    Col.REPORTER: ("Reporter", "Informador", "Rapporteur", "Autor", "Relator"),
    Col.REPORTER_ID: ("Reporter Id", "ID del informador", "ID du rapporteur", "Autor-ID", "ID do relator"),
    Col.CREATED: ("Created", "Creada", "Création", "Erstellt", "Criado"),
    Col.UPDATED: ("Updated", "Actualizada", "Mise à jour", "Aktualisiert", "Atualizado"),
    Col.RESOLVED: ("Resolved", "Resuelta", "Résolue", "Erledigt", "Resolvido"),
    Col.DUE: ("Due Date", "Fecha de vencimiento", "Date d'échéance", "Fälligkeitsdatum", "Data de vencimento"),
    Col.SPRINT: ("Sprint", "Sprint", "Sprint", "Sprint", "Sprint"),
    Col.STORY_POINTS: ("Custom field (Story point estimate)", "Puntos de historia", "Points d'histoire", "Story Points", "Pontos de história"),
    Col.LABELS: ("Labels", "Etiquetas", "Étiquettes", "Stichwörter", "Rótulos"),
    Col.COMPONENTS: ("Component/s", "Componentes", "Composants", "Komponenten", "Componentes"),
    Col.FIX_VERSIONS: ("Fix Version/s", "Versiones de corrección", "Versions corrigées", "Lösungsversion/en", "Versões corrigidas"),
    Col.AFFECTS_VERSIONS: ("Affects Version/s", "Versiones afectadas", "Versions affectées", "Betroffene Version/en", "Versões afetadas"),
    Col.WATCHERS: ("Watchers", "Observadores", "Observateurs", "Beobachter", "Observadores"),
    Col.COMMENTS: ("Comment", "Comentario", "Commentaire", "Kommentar", "Comentário"),
    Col.ATTACHMENTS: ("Attachment", "Adjunto", "Pièce jointe", "Anhang", "Anexo"),
    Col.EPIC_LINK: ("Custom field (Epic Link)", "Campo personalizado (Enlace de épica)", "Champ personnalisé (Lien d'épopée)", "Benutzerdefiniertes Feld (Epic-Verknüpfung)", "Campo personalizado (Link do épico)"),
    Col.PARENT_KEY: ("Parent", "Principal", "Parent", "Übergeordnet", "Pai"),
    Col.EPIC_NAME: ("Custom field (Epic Name)", "Nombre de épica", "Nom de l'épopée", "Epic-Name", "Nome do épico"),
    Col.BLOCKS_OUT: ("Outward issue link (Blocks)", "Enlace de incidencia saliente (Blocks)", "Lien de ticket sortant (Blocks)", "Ausgehender Vorgangslink (Blocks)", "Link de saída do item (Blocks)"),
    Col.BLOCKS_IN: ("Inward issue link (Blocks)", "Enlace de incidencia entrante (Bloquea)", "Lien de ticket entrant (Bloque)", "Eingehender Vorgangslink (Blockiert)", "Link de entrada do item (Bloqueia)"),
    Col.PROJECT_KEY: ("Project key", "Clave del proyecto", "Clé de projet", "Projektschlüssel", "Chave do projeto"),
    Col.PROJECT_NAME: ("Project name", "Nombre del proyecto", "Nom du projet", "Projektname", "Nome do projeto"),
    Col.DESCRIPTION: ("Description", "Descripción", "Description", "Beschreibung", "Descrição"),
    Col.EFFORT: ("Effort Level", "Nivel de esfuerzo", "Niveau d'effort", "Aufwand", "Esforço"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("header", "col"),
    [(header, col) for col, headers in LOCALIZED.items() for header in headers],
)
def test_every_field_is_named_in_five_languages(header: str, col: Col) -> None:
    assert column_for(header) is col


def test_the_localized_table_covers_every_field() -> None:
    assert set(LOCALIZED) == set(Col)


def test_no_alias_names_two_fields() -> None:
    seen: dict[str, Col] = {}
    clashes = [
        (alias, seen[alias], col)
        for col, aliases in ALIASES.items()
        for alias in aliases
        if seen.setdefault(alias, col) is not col
    ]
    assert clashes == []


@pytest.mark.parametrize("header", ["Outward issue link (Relates)", "Last Viewed", "Custom field (Team)", ""])
def test_other_headers_stay_raw(header: str) -> None:
    assert column_for(header) is None


def test_repeated_columns_keep_their_positions_in_order() -> None:
    plan = build_plan(["Summary", "Sprint", "Issue key", "Sprint", "Status", "Sprint", "Comment", "Comment"])
    assert (plan.positions[Col.SPRINT], plan.positions[Col.COMMENTS], plan.duplicated()) == (
        (1, 3, 5),
        (6, 7),
        [],
    )


def test_single_valued_fields_in_two_columns_are_duplicates_except_the_first_non_empty_kind() -> None:
    plan = build_plan(
        ["Summary", "Title", "Custom field (Story Points)", "Custom field (Story point estimate)", "Parent"]
    )
    assert plan.duplicated() == [Col.SUMMARY]


def test_row_cells_read_first_non_empty_values_and_ordered_lists() -> None:
    plan = build_plan(["Issue key", "Summary", "Summary", "Labels", "Labels", "Sprint", "Sprint", "Team"])
    cells = RowCells(plan, ["  ALPHA-1 ", "", " second ", "a", "  ", "S1", "S2", "Platform"])
    assert (cells.text(Col.KEY), cells.text(Col.SUMMARY), cells.each(Col.LABELS), cells.each(Col.SPRINT)) == (
        "ALPHA-1",
        "second",
        ["a"],
        ["S1", "S2"],
    )
    assert cells.raw_data() == {
        "Issue key": "  ALPHA-1 ",
        "Summary": [" second "],
        "Labels": ["a"],
        "Sprint": ["S1", "S2"],
        "Team": "Platform",
    }


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (["Issue key", "Summary", "Status"], InputKind.JIRA_CSV),
        (["Key", "Status"], InputKind.JIRA_CSV),
        (["Schlüssel", "Zusammenfassung"], InputKind.JIRA_CSV),
        (["Summary", "Status", "Effort Level"], InputKind.JIRA_SHEET),
        (["Resumen", "Estado"], InputKind.JIRA_SHEET),
        (["Key", "Value"], None),
        (["Name", "Email", "Team"], None),
    ],
)
def test_header_classification(header: list[str], kind: InputKind | None) -> None:
    assert classify_header(header) is kind


def test_count_known_counts_mapped_headers() -> None:
    assert count_known(["Sprint export", "", "Summary", "Status", "Notes"]) == 2


@pytest.mark.parametrize(
    ("cell", "english"),
    [("In Progress", "in progress"), ("Erledigt", "done"), ("En curso", "in progress"), ("À faire", "to do")],
)
def test_status_category_cells_are_read_in_english(cell: str, english: str) -> None:
    assert status_category_hint(cell) == english
