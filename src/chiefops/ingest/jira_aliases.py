"""Header names of Jira exports in English, Spanish, French, German and Portuguese (spec 02 §5.1).

Exports follow the exporting user's language, so every field has several names. Names are
written in lookup form (`jira_columns.normalize_header`): case-folded, accents stripped, one space
between words, `Custom field (X)` already unwrapped to `x`. Data only; the plan is built in
`jira_columns`.
"""

from __future__ import annotations

from enum import StrEnum


class Col(StrEnum):
    """A mapped field of a Jira row (the rows of the §5.1 table)."""

    KEY = "key"
    SUMMARY = "summary"
    STATUS = "status"
    STATUS_CATEGORY = "status_category_hint"
    ISSUE_TYPE = "issue_type"
    PRIORITY = "priority"
    RESOLUTION = "resolution"
    FLAGGED = "flagged"
    ASSIGNEE = "assignee"
    ASSIGNEE_ID = "assignee_id"
    REPORTER = "reporter"
    REPORTER_ID = "reporter_id"
    CREATED = "created"
    UPDATED = "updated"
    RESOLVED = "resolved"
    DUE = "due"
    SPRINT = "sprint"
    STORY_POINTS = "story_points"
    LABELS = "labels"
    COMPONENTS = "components"
    FIX_VERSIONS = "fix_versions"
    AFFECTS_VERSIONS = "affects_versions"
    WATCHERS = "watchers"
    COMMENTS = "comments"
    ATTACHMENTS = "attachments"
    EPIC_LINK = "epic_link"
    PARENT_KEY = "parent_key"
    EPIC_NAME = "epic_name"
    BLOCKS_OUT = "blocks_out"
    BLOCKS_IN = "blocks_in"
    PROJECT_KEY = "project_key"
    PROJECT_NAME = "project_name"
    DESCRIPTION = "description"
    EFFORT = "effort"


# The wrapper Jira puts around custom-field names, per language (lookup form, without "(…)").
CUSTOM_FIELD_WRAPPERS: tuple[str, ...] = (
    "custom field",
    "campo personalizado",
    "champ personnalise",
    "benutzerdefiniertes feld",
    "campo customizado",
)

ALIASES: dict[Col, tuple[str, ...]] = {
    Col.KEY: (
        "issue key", "key", "clave de incidencia", "clave de la incidencia", "clave", "cle de ticket",
        "cle du ticket", "cle de la demande", "cle", "vorgangsschlussel", "schlussel", "chave do item",
        "chave da item", "chave do problema", "chave da issue", "chave",
    ),
    Col.SUMMARY: ("summary", "title", "resumen", "titulo", "resume", "titre", "zusammenfassung", "titel", "resumo"),
    Col.STATUS: (
        "status", "issue status", "estado", "estado de la incidencia", "etat", "statut", "etat du ticket",
        "vorgangsstatus", "situacao", "status do item",
    ),
    Col.STATUS_CATEGORY: (
        "status category", "categoria de estado", "categorie d'etat", "categorie de statut", "statuskategorie",
        "categoria de status", "categoria do status",
    ),
    Col.ISSUE_TYPE: (
        "issue type", "type", "tipo de incidencia", "tipo", "type de ticket", "type de demande", "vorgangstyp",
        "typ", "tipo de item", "tipo de problema", "tipo de issue",
    ),
    Col.PRIORITY: ("priority", "prioridad", "priorite", "prioritat", "prioridade"),
    Col.RESOLUTION: ("resolution", "resolucion", "losung", "resolucao"),
    Col.FLAGGED: ("flagged", "marcada", "marcado", "signale", "marque", "markiert", "gekennzeichnet", "sinalizado"),
    Col.ASSIGNEE: (
        "assignee", "assigned to", "responsable", "asignado a", "persona asignada", "assigne a", "attribue a",
        "bearbeiter", "zugewiesen an", "responsavel", "atribuido a", "atribuida a",
    ),
    Col.ASSIGNEE_ID: (
        "assignee id", "id del responsable", "id de responsable", "id du responsable", "bearbeiter-id",
        "bearbeiter id", "id do responsavel",
    ),
    Col.REPORTER: (
        "reporter", "created by", "informador", "creado por", "rapporteur", "cree par", "autor", "melder",
        "erstellt von", "relator", "criado por",
    ),
    Col.REPORTER_ID: (
        "reporter id", "id del informador", "id de informador", "id du rapporteur", "autor-id", "autor id",
        "melder-id", "id do relator",
    ),
    Col.CREATED: (
        "created", "date created", "creada", "creado", "fecha de creacion", "creation", "cree", "cree le",
        "date de creation", "erstellt", "erstellt am", "erstellungsdatum", "criado", "criada", "criado em",
        "data de criacao",
    ),
    Col.UPDATED: (
        "updated", "last updated", "actualizada", "actualizado", "ultima actualizacion", "mise a jour",
        "mis a jour", "derniere mise a jour", "aktualisiert", "zuletzt aktualisiert", "atualizado", "atualizada",
        "ultima atualizacao",
    ),
    Col.RESOLVED: (
        "resolved", "resolution date", "resuelta", "resuelto", "fecha de resolucion", "resolu", "resolue",
        "date de resolution", "erledigt", "gelost", "losungsdatum", "resolvido", "resolvida", "data de resolucao",
    ),
    Col.DUE: (
        "due date", "due", "fecha de vencimiento", "fecha limite", "vencimiento", "date d'echeance", "echeance",
        "falligkeitsdatum", "fallig", "falligkeit", "data de vencimento", "data limite", "vencimento", "prazo",
    ),
    Col.SPRINT: ("sprint",),
    Col.STORY_POINTS: (
        "story points", "story point estimate", "estimate", "puntos de historia", "estimacion de puntos de historia",
        "estimacion", "points d'histoire", "estimation des points d'histoire", "estimation", "story-points",
        "storypoints", "story point-schatzung", "schatzung", "pontos de historia",
        "estimativa de pontos de historia", "estimativa",
    ),
    Col.LABELS: (
        "labels", "label", "etiquetas", "etiqueta", "etiquettes", "etiquette", "stichworter", "stichwort",
        "rotulos", "rotulo",
    ),
    Col.COMPONENTS: (
        "component/s", "components", "componentes", "componente/s", "componente(s)", "composants",
        "composant/s", "composant(s)", "komponenten", "komponente/n", "komponente(n)",
    ),
    Col.FIX_VERSIONS: (
        "fix version/s", "fix versions", "versiones de correccion", "version/es de correccion",
        "version de correccion", "versions corrigees", "version(s) corrigee(s)", "versions de correction",
        "losungsversion/en", "losungsversionen", "losungsversion(en)", "versoes corrigidas", "versoes de correcao",
        "versao de correcao",
    ),
    Col.AFFECTS_VERSIONS: (
        "affects version/s", "affects versions", "versiones afectadas", "version/es afectada/s",
        "versions affectees", "version(s) affectee(s)", "betroffene version/en", "betroffene versionen",
        "betroffene version(en)", "versoes afetadas", "versao afetada",
    ),
    Col.WATCHERS: ("watchers", "observadores", "observateurs", "beobachter"),
    Col.COMMENTS: (
        "comment", "comments", "comentario", "comentarios", "commentaire", "commentaires", "kommentar",
        "kommentare",
    ),
    Col.ATTACHMENTS: (
        "attachment", "attachments", "adjunto", "adjuntos", "archivo adjunto", "piece jointe", "pieces jointes",
        "anhang", "anhange", "anexo", "anexos",
    ),
    Col.EPIC_LINK: (
        "epic link", "enlace de epica", "vinculo de epica", "lien d'epopee", "lien vers l'epopee", "lien epique",
        "epic-verknupfung", "epic-link", "epos-verknupfung", "link do epico", "link de epico",
    ),
    Col.PARENT_KEY: (
        "parent", "parent key", "principal", "padre", "clave principal", "clave del padre", "cle parent",
        "ticket parent", "ubergeordnet", "ubergeordneter vorgang", "ubergeordneter schlussel", "pai",
        "chave pai", "item pai",
    ),
    Col.EPIC_NAME: ("epic name", "nombre de epica", "nom de l'epopee", "nom d'epopee", "epic-name", "epos-name", "nome do epico"),
    Col.PROJECT_KEY: (
        "project key", "clave del proyecto", "clave de proyecto", "cle de projet", "cle du projet",
        "projektschlussel", "chave do projeto",
    ),
    Col.PROJECT_NAME: (
        "project name", "nombre del proyecto", "nombre de proyecto", "nom du projet", "nom de projet",
        "projektname", "nome do projeto",
    ),
    Col.DESCRIPTION: ("description", "descripcion", "beschreibung", "descricao"),
    Col.EFFORT: (
        "effort", "effort level", "esfuerzo", "nivel de esfuerzo", "niveau d'effort", "aufwand", "aufwandsstufe",
        "esforco", "nivel de esforco",
    ),
}  # fmt: skip

# `Outward issue link (Blocks)` / `Inward issue link (Blocks)`: the part before the link type.
OUTWARD_LINK_PREFIXES: tuple[str, ...] = (
    "outward issue link", "enlace de incidencia saliente", "vinculo de incidencia saliente", "enlace saliente",
    "lien de ticket sortant", "lien sortant", "ausgehender vorgangslink", "ausgehende verknupfung",
    "link de item de saida", "link de saida do item", "link de saida",
)  # fmt: skip
INWARD_LINK_PREFIXES: tuple[str, ...] = (
    "inward issue link", "enlace de incidencia entrante", "vinculo de incidencia entrante", "enlace entrante",
    "lien de ticket entrant", "lien entrant", "eingehender vorgangslink", "eingehende verknupfung",
    "link de item de entrada", "link de entrada do item", "link de entrada",
)  # fmt: skip
BLOCKS_LINK_TYPES: frozenset[str] = frozenset(
    {"blocks", "block", "blocker", "bloquea", "bloqueo", "bloquear", "bloque", "bloquer", "blocage",
     "blockiert", "blockieren", "blockierung", "bloqueia", "bloqueio"}
)  # fmt: skip

# Jira's fixed Status Category values as localized exports write them (lookup form) → English.
STATUS_CATEGORY_NAMES: dict[str, str] = {
    **dict.fromkeys(
        (
            "por hacer",
            "tareas por hacer",
            "pendiente",
            "a faire",
            "zu erledigen",
            "a fazer",
            "itens pendentes",
        ),
        "to do",
    ),
    **dict.fromkeys(
        ("en curso", "en progreso", "en cours", "in arbeit", "em andamento", "em progresso"), "in progress"
    ),
    **dict.fromkeys(
        (
            "listo",
            "hecho",
            "terminado",
            "termine",
            "terminee",
            "fertig",
            "erledigt",
            "concluido",
            "feito",
            "pronto",
        ),
        "done",
    ),
}
