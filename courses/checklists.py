"""The two checklists of ARK's quality work (appendices 1 and 3 of the ARK model description).

Both facilitators go through the *quality checklist* when they develop a new course, or when a new team
is to co-facilitate an existing one; it is a tool for dialogue during co-production. After each run they
go through the *evaluation checklist* together. Items are grouped under the seeds' three headings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    key: str
    text: Any  # a lazy translation


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    items: tuple[Item, ...]


QUALITY_SECTIONS: tuple[Section, ...] = (
    Section(
        "development",
        _("Focus in the development process"),
        (
            Item("both_perspectives", _("Both facilitators' perspectives come into play")),
            Item("mutual_respect", _("Experience of mutual respect and equality")),
            Item("clear_roles", _("Clear agreements on roles and division of tasks")),
        ),
    ),
    Section(
        "content",
        _("Focus on the course content"),
        (
            Item("recovery_values_themes", _("Are recovery values reflected in the course's themes?")),
            Item("own_goals", _("Is there room for the participants to define their own goals?")),
            Item(
                "recovery_language",
                _("Are recovery values reflected in the language of the teaching and work material?"),
            ),
            Item("others_can_teach", _("Is the content defined and described so that others could run the course?")),
        ),
    ),
    Section(
        "structure",
        _("Structure and form of the course"),
        (
            Item(
                "ground_rules",
                _("Is there room for dialogue about ground rules (to promote co-production with the participants)?"),
            ),
            Item("purpose_clear", _("Is the purpose of the course clear to the participants?")),
            Item("methods_fit", _("Are the teaching methods adapted to the target group (variation etc.)?")),
            Item("recap", _("Is room made for recapping the points along the way?")),
        ),
    ),
)

EVALUATION_SECTIONS: tuple[Section, ...] = (
    Section(
        "facilitation",
        _("Course facilitation"),
        (Item("clear_roles", _("Clear agreements on roles and division of tasks")),),
    ),
    Section(
        "content",
        _("Focus on the course content"),
        (
            Item(
                "recovery_values",
                _("Which recovery values were in particular focus? And how did you work with them (talks, exercises)?"),
            ),
            Item("own_goals", _("How was room made for the participants' own goals?")),
            Item("material", _("Should the work and teaching material be adjusted? Which parts, and why?")),
            Item("goals_realistic", _("Are the learning goals realistic?")),
        ),
    ),
    Section(
        "structure",
        _("Structure and form of the course"),
        (
            Item(
                "peer_support",
                _(
                    "What did the peer support mean to the participants? (For example particular situations and themes.)"
                ),
            ),
            Item(
                "active_participation",
                _("Did the participants take an active part in the course? What worked particularly well, and when?"),
            ),
            Item("meaningful_goals", _("Which learning goals were particularly meaningful to the participants?")),
            Item(
                "methods",
                _("Did some didactic methods work particularly well? (Adjustments to exercises etc.)"),
            ),
            Item("recap", _("Was room made for recapping the points along the way?")),
        ),
    ),
)

# The rules for taking part in a course (ARK appendix 7), shown with ARK's courses; the page adds the
# attendance that earns a certificate, which is the programme's setting.
PARTICIPATION_RULES: tuple[Any, ...] = (
    _("Respect each other's limits, both physical and verbal."),
    _("Take turns to speak – give each other room and keep a respectful tone."),
    _("There is mutual confidentiality about personal matters raised during the course."),
    _("Do not come under the influence of alcohol or drugs."),
    _("Smoking in the breaks only outside the premises."),
    _("Keep your mobile phone off or on silent in your bag (unless agreed otherwise)."),
    _("Come on time, or write to your facilitator if you are delayed."),
    _("Let us know by text message or e-mail if you are ill or cannot come to a session."),
    _("Please answer e-mails from the school."),
)


def item_keys(sections: tuple[Section, ...]) -> list[str]:
    return [f"{section.key}.{item.key}" for section in sections for item in section.items]
