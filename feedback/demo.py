"""The feedback app's part of the demo partnership: measurement plans for every demo programme, CHIME answers
at the start and the end for a group of citizens in the region's peer-guide programme (so the programme
chart shows a change), the demo citizen's own answers, and session feedback from ward groups with one
flagged session. Idempotent: answers are only added where none exist."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from core.demo import DEMO_DOMAIN, Demo
from core.models import Programme
from feedback import services
from feedback.models import MeasurementPlan, Response, Timing
from people.models import Citizen, Consent, ConsentPurpose, LegalBasis

CHIME = "chime_recovery"
SESSION = "session_feedback"

# Which questionnaire each demo programme uses when (instrument, timing, weeks).
PLANS: dict[str, list[tuple[str, str, int | None]]] = {
    "bridge_builders": [(CHIME, Timing.START, None), (CHIME, Timing.END, None), (SESSION, Timing.AFTER_SESSION, None)],
    "peer_guide": [
        (CHIME, Timing.START, None),
        (CHIME, Timing.EVERY_N_WEEKS, 8),
        (CHIME, Timing.END, None),
        ("course_end_citizen", Timing.END, None),
        ("course_end_peer", Timing.END, None),
    ],
    "ark": [(SESSION, Timing.AFTER_SESSION, None), ("course_evaluation", Timing.END, None)],
    "individual": [
        (CHIME, Timing.START, None),
        (CHIME, Timing.END, None),
        ("course_end_citizen", Timing.END, None),
        ("course_end_peer", Timing.END, None),
    ],
    "school": [(SESSION, Timing.AFTER_SESSION, None), ("course_evaluation", Timing.END, None)],
    "bridge_everyday": [(CHIME, Timing.START, None), (CHIME, Timing.END, None)],
}

CITIZENS = [
    ("Mette", "Holm"),
    ("Jonas", "Kristensen"),
    ("Hanne", "Vestergaard"),
    ("Ali", "Demir"),
    ("Sofie", "Lund"),
    ("Per", "Mikkelsen"),
    ("Camilla", "Bach"),
    ("Rasmus", "Thygesen"),
    ("Ingrid", "Poulsen"),
    ("Nadia", "Rahimi"),
]
CHIME_ITEMS = {
    "connectedness": ("connected_people", "connected_belong", "connected_talk"),
    "hope": ("hope_better", "hope_look_forward", "hope_possibilities"),
    "identity": ("identity_more_than", "identity_like_self", "identity_strengths"),
    "meaning": ("meaning_activities", "meaning_experience", "meaning_everyday"),
    "empowerment": ("empower_decisions", "empower_coping", "empower_speak_up"),
}
# Mean gain per domain over a peer-guide course (hope and connectedness move most, as in the seeds).
GAIN = {"connectedness": 1.2, "hope": 1.4, "identity": 0.6, "meaning": 0.8, "empowerment": 0.9}


def _plans(demo: Demo) -> None:
    for key, plans in PLANS.items():
        programme = demo.programmes[key]
        for instrument_key, timing, weeks in plans:
            if (
                MeasurementPlan.objects.active()
                .filter(programme=programme, instrument_key=instrument_key, timing=timing)
                .exists()
            ):
                continue
            services.create_measurement_plan(
                programme=programme,
                instrument_key=instrument_key,
                timing=timing,
                interval_weeks=weeks,
                acting_user=None,
            )


def _consents(citizen: Citizen, *purposes: str) -> None:
    for purpose in purposes:
        if not Consent.objects.filter(citizen=citizen, purpose=purpose, withdrawn_at__isnull=True).exists():
            Consent.objects.create(citizen=citizen, purpose=purpose, basis=LegalBasis.CONSENT, note="Demo")


def _answer(
    *,
    programme: Programme,
    instrument_key: str,
    answers: dict[str, Any],
    occasion: str,
    days_ago: float,
    citizen: Citizen | None = None,
    label: str = "",
    invitation: Any = None,
) -> Response:
    if invitation is None:
        invitation = services.invite_respondent(
            instrument_key=instrument_key,
            programme=programme,
            respondent_citizen=citizen,
            respondent_label=label,
            occasion=occasion,
        )
    response = services.start_response(invitation=invitation, language="da")
    response = services.save_answers(response=response, answers=answers, submit=True)
    moment = timezone.now() - timedelta(days=days_ago)
    Response.objects.filter(pk=response.pk).update(started_at=moment, updated_at=moment, submitted_at=moment)
    if invitation.completed_at is not None:
        type(invitation).objects.filter(pk=invitation.pk).update(created_at=moment, completed_at=moment)
    return response


def _chime(rng: random.Random, base: float, gains: dict[str, float] | None = None) -> dict[str, int]:
    answers: dict[str, int] = {}
    for domain, items in CHIME_ITEMS.items():
        level = base + (gains or {}).get(domain, 0.0)
        for item in items:
            answers[item] = max(0, min(4, round(level + rng.uniform(-0.6, 0.6))))
    return answers


def _chime_cohort(demo: Demo) -> None:
    programme = demo.programmes["peer_guide"]
    rng = random.Random(2018)
    for index, (first, last) in enumerate(CITIZENS):
        citizen, _created = Citizen.objects.get_or_create(
            organisation=demo.region,
            first_name=first,
            last_name=last,
            defaults={"email": f"{first.lower()}.{last.lower()}@borger.{DEMO_DOMAIN}", "municipality": "Holbæk"},
        )
        _consents(
            citizen,
            ConsentPurpose.PEER_SUPPORT,
            ConsentPurpose.QUESTIONNAIRES,
            ConsentPurpose.RESEARCH,
            ConsentPurpose.SHARE_WITH_PEER,
        )
        if Response.objects.filter(respondent_citizen=citizen).exists():
            continue
        base = 1.0 + rng.uniform(-0.4, 0.6)
        gains = {domain: gain * rng.uniform(0.5, 1.5) for domain, gain in GAIN.items()}
        start_day = 120 - index * 3
        _answer(
            programme=programme,
            instrument_key=CHIME,
            citizen=citizen,
            answers=_chime(rng, base),
            occasion="start",
            days_ago=start_day,
        )
        halfway = {domain: gain / 2 for domain, gain in gains.items()}
        _answer(
            programme=programme,
            instrument_key=CHIME,
            citizen=citizen,
            answers=_chime(rng, base, halfway),
            occasion="during",
            days_ago=start_day - 56,
        )
        _answer(
            programme=programme,
            instrument_key=CHIME,
            citizen=citizen,
            answers=_chime(rng, base, gains),
            occasion="end",
            days_ago=start_day - 110,
        )
        _answer(
            programme=programme,
            instrument_key="course_end_citizen",
            citizen=citizen,
            answers={
                "goals_met": rng.choice([3, 4, 4]),
                "felt_heard": 4,
                "as_equals": rng.choice([3, 4]),
                "would_recommend": True,
            },
            occasion="end",
            days_ago=start_day - 110,
        )


def _demo_citizen(demo: Demo) -> None:
    """The demo citizen login: answers at the start and halfway, and the end questionnaire waiting."""
    user = demo.logins.get("citizen")
    if user is None:
        return
    citizen = Citizen.objects.filter(user=user, organisation=demo.region).first()
    if citizen is None:
        citizen = Citizen.objects.create(
            organisation=demo.region, user=user, first_name=user.first_name, last_name=user.last_name, email=user.email
        )
    _consents(citizen, ConsentPurpose.QUESTIONNAIRES, ConsentPurpose.SHARE_WITH_PEER)
    if Response.objects.filter(respondent_citizen=citizen).exists():
        return
    programme = demo.programmes["peer_guide"]
    rng = random.Random(7)
    _answer(
        programme=programme,
        instrument_key=CHIME,
        citizen=citizen,
        answers=_chime(rng, 1.2),
        occasion="start",
        days_ago=70,
    )
    _answer(
        programme=programme,
        instrument_key=CHIME,
        citizen=citizen,
        answers=_chime(rng, 1.2, {"hope": 1.2, "connectedness": 0.8}),
        occasion="during",
        days_ago=14,
    )
    services.invite_respondent(instrument_key=CHIME, programme=programme, respondent_citizen=citizen, occasion="end")


# Six ward group sessions; the fourth had a hard day (several answers under 9, total under 36).
SESSIONS = [
    ("Samtalegruppe på afsnit 1 – gang 1", 42, [(10, 9, 9, 10), (10, 10, 10, 10), (9, 10, 9, 9), (10, 10, 9, 10), (10, 9, 10, 10), (9, 9, 10, 9)]),
    ("Samtalegruppe på afsnit 1 – gang 2", 35, [(10, 10, 10, 10), (9, 10, 10, 9), (10, 9, 9, 10), (10, 10, 10, 9), (9, 9, 9, 10)]),
    ("Samtalegruppe på afsnit 1 – gang 3", 28, [(10, 10, 9, 10), (10, 10, 10, 10), (9, 9, 10, 10), (10, 9, 10, 10), (10, 10, 10, 10), (9, 10, 9, 9)]),
    ("Samtalegruppe på afsnit 1 – gang 4", 21, [(7, 6, 8, 7), (9, 8, 7, 8), (10, 9, 9, 9), (8, 7, 6, 7), (9, 9, 8, 9)]),
    ("Samtalegruppe på afsnit 1 – gang 5", 14, [(10, 9, 10, 10), (9, 9, 9, 10), (10, 10, 9, 10), (10, 10, 10, 10), (9, 10, 10, 9)]),
    ("Samtalegruppe på afsnit 1 – gang 6", 7, [(10, 10, 10, 10), (10, 10, 10, 9), (9, 10, 10, 10), (10, 9, 10, 10), (10, 10, 10, 10), (10, 10, 9, 10)]),
]  # fmt: skip
SESSION_ITEMS = ("relationship", "goals_topics", "approach", "overall")


def _session_feedback(demo: Demo) -> None:
    programme = demo.programmes["bridge_builders"]
    for label, days_ago, answers in SESSIONS:
        if Response.objects.filter(programme=programme, invitation__respondent_label=label).exists():
            continue
        invitation = services.invite_respondent(
            instrument_key=SESSION, programme=programme, respondent_label=label, occasion="session", group_link=True
        )
        for minute, values in enumerate(answers):
            _answer(
                programme=programme,
                instrument_key=SESSION,
                answers=dict(zip(SESSION_ITEMS, values, strict=True)),
                occasion="session",
                days_ago=days_ago - minute / (24 * 60),
                invitation=invitation,
            )


def build(demo: Demo) -> None:
    _plans(demo)
    _chime_cohort(demo)
    _demo_citizen(demo)
    _session_feedback(demo)
