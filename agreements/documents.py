"""The texts of documents: the shipped defaults, an organisation's own version, and the data filled into them.

The defaults in `agreements/defaults/` are Socialstyrelsen's published appendices (seed 004) in
Danish, the language they are written and used in; an organisation edits its own copy.
"""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import texts
from agreements.models import DocumentTemplate, FunctionRole, TemplateKind
from core.models import Organisation, Programme

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
ROLE_KINDS = (
    TemplateKind.ROLE_PEER,
    TemplateKind.ROLE_PEER_GUIDE,
    TemplateKind.ROLE_PEER_TEACHER,
    TemplateKind.ROLE_COORDINATOR,
)

# The tokens a coordinator may use in each kind of text, with what they stand for (shown in the editor).
_ORGANISATION = ("organisation", gettext_lazy("the organisation's name"))
TOKENS: dict[str, list[tuple[str, Any]]] = {
    TemplateKind.VOLUNTEER_AGREEMENT: [
        _ORGANISATION,
        ("programme", gettext_lazy("the programme")),
        ("coordinator", gettext_lazy("the coordinator's name")),
        ("name", gettext_lazy("the volunteer's name")),
        ("start", gettext_lazy("the start date")),
        ("months", gettext_lazy("months in each period")),
        ("reference_months", gettext_lazy("months active before a reference")),
        ("reference_occasions", gettext_lazy("volunteering occasions before a reference")),
    ],
    TemplateKind.REFERENCE: [
        _ORGANISATION,
        ("name", gettext_lazy("the volunteer's name")),
        ("first_name", gettext_lazy("the volunteer's first name")),
        ("start", gettext_lazy("the first day as a volunteer")),
        ("end", gettext_lazy("the last day as a volunteer")),
        ("roles", gettext_lazy("the roles the volunteer had")),
        ("programmes", gettext_lazy("the programmes")),
        ("occasions", gettext_lazy("volunteering occasions")),
        ("coordinator", gettext_lazy("your name")),
    ],
    **{kind: [_ORGANISATION] for kind in ROLE_KINDS},
}


@cache
def default_body(kind: str) -> str:
    """The shipped default text of a kind of document (raises for an unknown kind)."""
    if kind not in TemplateKind.values:
        raise ValueError(f"Unknown document kind: {kind}")
    return (DEFAULTS_DIR / f"{kind}.txt").read_text(encoding="utf-8").strip()


def template_for(organisation: Organisation, kind: str) -> DocumentTemplate:
    """The organisation's own version of a text, or an unsaved copy of the default when it has none."""
    saved = DocumentTemplate.objects.filter(organisation=organisation, kind=kind).first()
    if saved is not None:
        return saved
    return DocumentTemplate(organisation=organisation, kind=kind, body=default_body(kind), local_values={})


def templates_of(organisation: Organisation) -> list[DocumentTemplate]:
    """Every kind of text for the organisation (saved or default), in the order of TemplateKind."""
    saved = {t.kind: t for t in DocumentTemplate.objects.filter(organisation=organisation).select_related("updated_by")}
    return [
        saved.get(kind) or DocumentTemplate(organisation=organisation, kind=kind, body=default_body(kind))
        for kind in TemplateKind.values
    ]


def is_default(template: DocumentTemplate) -> bool:
    return template.pk is None


def date_text(day: datetime.date | None) -> str:
    return formats.date_format(day, "j. F Y") if day else ""


def reference_thresholds(programme: Programme | None) -> tuple[int, int]:
    """Months active and occasions a reference needs: programme settings, else the seed's ½ year and 10 times."""
    months, occasions = 6, 10
    if programme is not None:
        months = int(programme.settings.get("reference_min_months", months))
        occasions = int(programme.settings.get("reference_min_occasions", occasions))
    return months, occasions


def agreement_months(programme: Programme) -> int:
    return int(programme.setting("agreement_months"))


def agreement_data(
    *,
    organisation: Organisation,
    programme: Programme,
    coordinator_name: str,
    peer_name: str,
    starts_on: datetime.date,
) -> dict[str, str]:
    months, occasions = reference_thresholds(programme)
    return {
        "organisation": organisation.name,
        "programme": programme.name,
        "coordinator": coordinator_name or _("your coordinator"),
        "name": peer_name,
        "start": date_text(starts_on),
        "months": str(agreement_months(programme)),
        "reference_months": str(months),
        "reference_occasions": str(occasions),
    }


def filled_text(template: DocumentTemplate, data: dict[str, str]) -> str:
    """The template's text with its local fields and the data filled in, kept in the same markup."""
    return texts.filled(template.body, template.local_values, data)


def role_description_text(organisation: Organisation, role: str) -> str:
    template = template_for(organisation, role)
    return filled_text(template, {"organisation": organisation.name})


def role_label(role: str) -> str:
    return str(dict(FunctionRole.choices).get(role, role))
