"""Small helpers for the feedback tests: invitations and sent answers with sensible defaults."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from core.models import Organisation, Programme
from feedback import services
from feedback.models import Invitation, Response
from people.models import Citizen, Consent, ConsentPurpose, LegalBasis

CHIME_DOMAINS = {
    "connectedness": ("connected_people", "connected_belong", "connected_talk"),
    "hope": ("hope_better", "hope_look_forward", "hope_possibilities"),
    "identity": ("identity_more_than", "identity_like_self", "identity_strengths"),
    "meaning": ("meaning_activities", "meaning_experience", "meaning_everyday"),
    "empowerment": ("empower_decisions", "empower_coping", "empower_speak_up"),
}
SESSION_ITEMS = ("relationship", "goals_topics", "approach", "overall")


def chime_answers(level: int, **overrides: int) -> dict[str, int]:
    """Every CHIME item at `level` (0–4), some domains changed: chime_answers(1, hope=3)."""
    answers = {}
    for domain, items in CHIME_DOMAINS.items():
        for item in items:
            answers[item] = overrides.get(domain, level)
    return answers


def session_answers(*values: int) -> dict[str, int]:
    values = values or (10, 10, 10, 10)
    return dict(zip(SESSION_ITEMS, values, strict=True))


def make_citizen(
    organisation: Organisation, name: str, *, consents: tuple[str, ...] = (), basis: str = LegalBasis.CONSENT
) -> Citizen:
    citizen = Citizen.objects.create(organisation=organisation, first_name=name, email=f"{name.lower()}@example.dk")
    for purpose in consents:
        Consent.objects.create(citizen=citizen, purpose=purpose, basis=basis)
    return citizen


def answered(
    *,
    programme: Programme,
    answers: dict[str, Any],
    instrument_key: str = "chime_recovery",
    citizen: Citizen | None = None,
    occasion: str = "start",
    label: str = "",
    group_link: bool = False,
    invitation: Invitation | None = None,
    context_object: Any = None,
    at: datetime | None = None,
) -> Response:
    """A sent answer, given through an invitation exactly as a respondent would."""
    if invitation is None:
        invitation = services.invite_respondent(
            instrument_key=instrument_key,
            programme=programme,
            respondent_citizen=citizen,
            respondent_label=label or ("" if citizen else "Deltager"),
            occasion=occasion,
            group_link=group_link,
            context_object=context_object,
        )
    response = services.start_response(invitation=invitation, language="da")
    response = services.save_answers(response=response, answers=answers, submit=True)
    if at is not None:
        Response.objects.filter(pk=response.pk).update(submitted_at=at)
        response.refresh_from_db()
    return response


def chime_pair(programme: Programme, citizen: Citizen, before: dict[str, int], after: dict[str, int]) -> None:
    start = timezone.now() - timedelta(days=90)
    answered(programme=programme, citizen=citizen, answers=before, occasion="start", at=start)
    answered(programme=programme, citizen=citizen, answers=after, occasion="end")


RESEARCH = (ConsentPurpose.RESEARCH,)
SHARE = (ConsentPurpose.SHARE_WITH_PEER,)
