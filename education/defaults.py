"""The seeds' peer education as defaults an organisation starts from and then edits.

- Basic module, 3–4 days, mandatory before start, offered in January, May and June (seed 000).
- Region Midt: a 13-week peer education; peer teachers add a teacher module and the teachers' intro
  course (seed 004, recovery schools).
- Region Sjælland: a 2-month internal introduction alongside the first shifts (seed 004, "Peers som
  Brobyggere", Bilag 2: organisation, conversation techniques, the discharge guide "Udskrivningsguiden",
  recovery and turning points, the ward, first shifts alongside an experienced peer).
- Support (seed 004, Bilag 7–9): group supervision 1 h monthly (required), ERFA group 2½ h monthly,
  collaboration forum every 2–3 months 1½ h, volunteer meetings monthly (seed 004, "Bro til hverdagslivet").

Module names and checklist texts are the organisation's own content, in Danish; they are not translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from education.models import MeetingKind, ModuleKind, QualifiedRoleChoices, Track

# Months in which the basic module is offered (seed 000: "januar, maj og juni").
BASIC_MODULE_MONTHS = (1, 5, 6)


@dataclass(frozen=True)
class DefaultModule:
    kind: str
    name: str
    duration: str
    description: str
    mandatory_for: tuple[str, ...]
    elective_for: tuple[str, ...]
    default_capacity: int
    position: int
    offered_months: tuple[int, ...] = ()


DEFAULT_MODULES: tuple[DefaultModule, ...] = (
    DefaultModule(
        kind=ModuleKind.BASIC,
        name="Basismodul",
        duration="3–4 dage",
        description=(
            "Obligatorisk før start. Udbydes tre gange om året – januar, maj og juni. Fra levede erfaringer "
            "til erfaringskompetence, peer-støttens værdier og rollen som peer."
        ),
        mandatory_for=(Track.PAID, Track.VOLUNTEER, Track.COLLEAGUE),
        elective_for=(),
        default_capacity=20,
        position=10,
        offered_months=BASIC_MODULE_MONTHS,
    ),
    DefaultModule(
        kind=ModuleKind.FULL_EDUCATION,
        name="Peer-uddannelsen (13 uger)",
        duration="13 uger",
        description=(
            "Region Midtjyllands samlede peer-uddannelse, med praktik lige efter og to opfølgende undervisningsdage."
        ),
        mandatory_for=(),
        elective_for=(Track.PAID, Track.VOLUNTEER),
        default_capacity=16,
        position=20,
    ),
    DefaultModule(
        kind=ModuleKind.TEACHER_MODULE,
        name="Peer-undervisermodul",
        duration="",
        description="Didaktik og formidling for peers, der skal undervise på recoveryskolen.",
        mandatory_for=(),
        elective_for=(Track.PAID,),
        default_capacity=12,
        position=30,
    ),
    DefaultModule(
        kind=ModuleKind.TEACHER_INTRO,
        name="Fælles introforløb for undervisere",
        duration="",
        description=(
            "For alle undervisere på recoveryskolen: co-produktion, delt beslutningstagning, åbent for alle, "
            "»en skole – ikke et behandlingstilbud« og recoveryprincipperne."
        ),
        mandatory_for=(),
        elective_for=(Track.PAID, Track.COLLEAGUE),
        default_capacity=16,
        position=40,
    ),
    DefaultModule(
        kind=ModuleKind.INTRODUCTION,
        name="Internt introduktionsforløb (2 måneder)",
        duration="2 måneder",
        description=(
            "Introduktionen løber over to måneder sideløbende med de første vagter på sengeafsnittene. "
            "Koordinatoren krydser hvert punkt af, når det er gennemført."
        ),
        mandatory_for=(Track.PAID,),
        elective_for=(),
        default_capacity=10,
        position=50,
    ),
)

INTRODUCTION_CHECKLIST: tuple[str, ...] = (
    "Introduktion til organisationen: opbygning, værdier, arbejdsgang, samarbejdspartnere, telefon og IT",
    "Undervisning i samtaleteknikker – særligt svære samtaler",
    "Undervisning i brug af Udskrivningsguiden",
    "Undervisning i recovery og øvelse i vendepunkter i egen recoveryproces",
    "Rundvisning på sengeafsnittet eller i distriktspsykiatrien: sikkerhed og arbejdsgang",
    "Første vagter sammen med en erfaren peermedarbejder",
)


@dataclass(frozen=True)
class DefaultRule:
    role: str
    # Each inner tuple is one requirement: any one of these module kinds completed.
    requirements: tuple[tuple[str, ...], ...]
    needs_admission_experience: bool = False


DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule(QualifiedRoleChoices.PEER_GUIDE, ((ModuleKind.BASIC,),)),
    DefaultRule(
        QualifiedRoleChoices.WARD_PEER,
        ((ModuleKind.BASIC,), (ModuleKind.INTRODUCTION,)),
        needs_admission_experience=True,
    ),
    DefaultRule(
        QualifiedRoleChoices.PEER_TEACHER,
        (
            (ModuleKind.BASIC, ModuleKind.FULL_EDUCATION),
            (ModuleKind.TEACHER_MODULE,),
            (ModuleKind.TEACHER_INTRO,),
        ),
    ),
    DefaultRule(QualifiedRoleChoices.INDIVIDUAL_PEER, ((ModuleKind.BASIC,),)),
    DefaultRule(QualifiedRoleChoices.VOLUNTEER_COMPANION, ((ModuleKind.BASIC,),)),
)


@dataclass(frozen=True)
class MeetingDefaults:
    duration_minutes: int
    every_months: int
    required: bool
    title: str
    # A programme setting (hours) that overrides the duration when the series belongs to a programme.
    hours_setting: str | None = None


MEETING_DEFAULTS: dict[str, MeetingDefaults] = {
    MeetingKind.SUPERVISION: MeetingDefaults(60, 1, True, "Gruppesupervision", "supervision_hours_per_month"),
    MeetingKind.ERFA: MeetingDefaults(150, 1, False, "ERFA-gruppe", "erfa_hours_per_month"),
    MeetingKind.COLLABORATION_FORUM: MeetingDefaults(90, 2, False, "Samarbejdsforum"),
    MeetingKind.VOLUNTEER_MEETING: MeetingDefaults(120, 1, False, "Frivilligmøde"),
}
