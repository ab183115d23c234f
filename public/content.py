"""The public site's pages of prose: which exist, their short card texts, and where the prose lives.

Long prose lives in one template per language (`public/content/<name>.<language>.html`), chosen by
the active language with Danish as the fallback (docs/decisions/0003-long-content-per-language.md).
Titles and one-line summaries are short interface strings and go through gettext.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.programme_defaults import ProgrammeModel

FALLBACK_LANGUAGE = "da"


def active_language() -> str:
    """The active language's base code ("en-gb" → "en"), if the site offers it; else Danish."""
    code = (get_language() or FALLBACK_LANGUAGE).split("-")[0].lower()
    offered = {language for language, _name in settings.LANGUAGES}
    return code if code in offered else FALLBACK_LANGUAGE


def content_templates(name: str) -> list[str]:
    """Template names to try for a page of prose: the active language's, then the Danish one."""
    language = active_language()
    names = [f"public/content/{name}.{language}.html"]
    if language != FALLBACK_LANGUAGE:
        names.append(f"public/content/{name}.{FALLBACK_LANGUAGE}.html")
    return names


@dataclass(frozen=True)
class ModelPage:
    """One of Socialstyrelsen's six programme models, as the public site presents it."""

    slug: str
    model: str
    title: Any
    region: Any
    summary: Any
    frame: Any  # who gives the support and how much, in one line

    @property
    def content_name(self) -> str:
        return f"models/{self.slug}"


MODEL_PAGES: tuple[ModelPage, ...] = (
    ModelPage(
        slug="individuel-og-gruppebaseret",
        model=ProgrammeModel.INDIVIDUAL_AND_GROUP,
        title=_("Individual and group-based peer support"),
        region=_("Capital Region"),
        summary=_(
            "Paid peers in municipal services and district psychiatry offer conversations, company to "
            "activities and recovery groups."
        ),
        frame=_("Paid peers, 12–30 hours a week (20 on average)."),
    ),
    ModelPage(
        slug="bro-til-hverdagslivet",
        model=ProgrammeModel.BRIDGE_TO_EVERYDAY,
        title=_("Bridge to everyday life"),
        region=_("Capital Region"),
        summary=_(
            "Volunteer peers from a volunteer centre offer company into everyday life and civil society, "
            "and run recovery cafés."
        ),
        frame=_("Volunteers, 2–3 hours a week on average."),
    ),
    ModelPage(
        slug="peer-guide",
        model=ProgrammeModel.PEER_GUIDE,
        title=_("Peer guide"),
        region=_("Central Denmark Region"),
        summary=_(
            "A trained volunteer guide meets one person who is leaving or attending outpatient "
            "psychiatry, to ease the way back into everyday life."
        ),
        frame=_("Usually weekly meetings of 1–2 hours, for at most 4 months."),
    ),
    ModelPage(
        slug="recoveryskoler",
        model=ProgrammeModel.RECOVERY_SCHOOL,
        title=_("Recovery schools"),
        region=_("Central Denmark Region"),
        summary=_(
            "Open courses about recovery, taught by a peer teacher and a professional teacher together. "
            "A school, not treatment."
        ),
        frame=_("8–12 participants; most courses are one session of three hours."),
    ),
    ModelPage(
        slug="peers-som-brobyggere",
        model=ProgrammeModel.BRIDGE_BUILDERS,
        title=_("Peers as bridge-builders"),
        region=_("Region Zealand"),
        summary=_(
            "Paid peers talk with patients on psychiatric wards and run peer groups and an open café in "
            "district psychiatry."
        ),
        frame=_("2 × 2 hours a week on each ward; groups of 2 hours weekly."),
    ),
    ModelPage(
        slug="ark",
        model=ProgrammeModel.ARK,
        title=_("ARK – Academy for Recovery and Competence"),
        region=_("Region Zealand"),
        summary=_(
            "Courses and workshops about recovery in Roskilde, led by teams in which at least one "
            "facilitator has both a professional background and lived experience."
        ),
        frame=_("Courses of 6–12 sessions of 3 hours."),
    ),
)


@dataclass(frozen=True)
class KnowledgePage:
    slug: str
    title: Any
    summary: Any

    @property
    def content_name(self) -> str:
        return f"knowledge/{self.slug}"


KNOWLEDGE_PAGES: tuple[KnowledgePage, ...] = (
    KnowledgePage(
        slug="effekter",
        title=_("What peer support achieves"),
        summary=_("What the Danish national trial 2014–2018 and international studies found."),
    ),
    KnowledgePage(
        slug="roller",
        title=_("Peer roles"),
        summary=_("The forms peer support takes, and the roles peers have in regions and municipalities."),
    ),
    KnowledgePage(
        slug="kom-i-gang",
        title=_("Getting started with peer support"),
        summary=_("What a workplace should prepare, and what the partnerships recommend."),
    ),
)


def model_page(slug: str) -> ModelPage | None:
    return next((page for page in MODEL_PAGES if page.slug == slug), None)


def knowledge_page(slug: str) -> KnowledgePage | None:
    return next((page for page in KNOWLEDGE_PAGES if page.slug == slug), None)
