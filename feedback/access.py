"""Who may see which questionnaires and answers. Outsiders get 404; reads of a person's answers are logged.

Two registries let other apps widen access without this app knowing them:

- `register_context_access("courses.session", lambda user, session: ...)`: who may see the answers
  given about a context object (a course session, a 1:1 course). Teachers see session feedback of
  their own runs through the check the courses app registers.
- `register_peer_citizens(lambda user, organisation: citizens)`: the citizens a peer supports
  (the referrals app registers the peer's current 1:1 courses). A peer sees a citizen's results
  only while the citizen's consent "share_with_peer" is in force.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.access import current_organisation, has_role, require_organisation_role
from core.audit import log_access
from core.models import AuditKind, Organisation, Programme, Role, User
from feedback.models import InstrumentVersion, Invitation, MeasurementPlan, Response
from people.models import Citizen, ConsentPurpose

ContextCheck = Callable[[Any, Model], bool]
PeerCitizens = Callable[[Any, Organisation], Iterable[Citizen]]

_CONTEXT_ACCESS: dict[str, ContextCheck] = {}
_PEER_CITIZENS: dict[str, PeerCitizens] = {}

# Roles that manage measurement plans and invitations and see a programme's results.
MANAGER_ROLES = (Role.COORDINATOR, Role.LEAD)
# Roles that see aggregated results of a programme (never a person's answers).
RESULT_ROLES = (Role.COORDINATOR, Role.LEAD, Role.ANALYST)
# Roles that follow up on low scores.
FOLLOW_UP_ROLES = (Role.COORDINATOR, Role.LEAD, Role.TEACHER)


def register_context_access(model_label: str, check: ContextCheck) -> None:
    """Let `check(user, obj)` decide who besides coordinators and leads sees answers about `obj`."""
    _CONTEXT_ACCESS[model_label.lower()] = check


def register_peer_citizens(name: str, provider: PeerCitizens) -> None:
    """Add a source of "the citizens this peer supports" (several apps may register one each)."""
    _PEER_CITIZENS[name] = provider


def unregister(name: str) -> None:
    """Remove a registration (for tests)."""
    _CONTEXT_ACCESS.pop(name.lower(), None)
    _PEER_CITIZENS.pop(name, None)


def context_object(content_type: ContentType | None, code: str) -> Model | None:
    if content_type is None or not code:
        return None
    model = content_type.model_class()
    if model is None:
        return None
    field = "code" if any(f.name == "code" for f in model._meta.get_fields()) else "pk"
    return model._default_manager.filter(**{field: code}).first()


def may_see_context(user: Any, content_type: ContentType | None, code: str) -> bool:
    """Whether a registered check lets the user see answers about this context object."""
    if content_type is None:
        return False
    check = _CONTEXT_ACCESS.get(f"{content_type.app_label}.{content_type.model}")
    if check is None:
        return False
    obj = context_object(content_type, code)
    return obj is not None and bool(check(user, obj))


def contexts_visible_to(user: Any, pairs: Iterable[tuple[int | None, str]]) -> set[tuple[int | None, str]]:
    """Of the (content type id, code) pairs, those the user may see through the registry."""
    visible: set[tuple[int | None, str]] = set()
    for type_id, code in set(pairs):
        if type_id is None:
            continue
        if may_see_context(user, ContentType.objects.get_for_id(type_id), code):
            visible.add((type_id, code))
    return visible


# --------------------------------------------------------------------------------------------------
# Instruments (administrators)


def get_instrument_for_admin(request: HttpRequest, code: Any) -> InstrumentVersion:
    """A shipped instrument version or one of the organisation's own, for its administrator."""
    organisation = require_organisation_role(request, Role.ADMINISTRATOR)
    return get_object_or_404(InstrumentVersion.objects.usable_by(organisation), code=code)


def get_own_instrument_for_admin(request: HttpRequest, code: Any) -> InstrumentVersion:
    organisation = require_organisation_role(request, Role.ADMINISTRATOR)
    return get_object_or_404(InstrumentVersion.objects.own(organisation), code=code)


# --------------------------------------------------------------------------------------------------
# Programmes, plans, invitations


def get_programme_for_results(request: HttpRequest, code: Any) -> Programme:
    organisation = require_organisation_role(request, *RESULT_ROLES)
    return get_object_or_404(Programme.objects.of(organisation), code=code)


def get_programme_for_manager(request: HttpRequest, code: Any) -> Programme:
    organisation = require_organisation_role(request, *MANAGER_ROLES)
    return get_object_or_404(Programme.objects.of(organisation), code=code)


def get_plan_for_manager(request: HttpRequest, code: Any) -> MeasurementPlan:
    organisation = require_organisation_role(request, *MANAGER_ROLES)
    return get_object_or_404(MeasurementPlan.objects.of(organisation).select_related("programme"), code=code)


def get_invitation_for_manager(request: HttpRequest, code: Any) -> Invitation:
    organisation = require_organisation_role(request, *MANAGER_ROLES)
    invitation = get_object_or_404(
        Invitation.objects.of(organisation).select_related("programme", "instrument", "respondent_citizen"), code=code
    )
    if invitation.respondent_citizen is not None:
        log_access(
            actor=request.user,  # type: ignore[arg-type]
            kind=AuditKind.READ,
            action="feedback.invitation.read",
            obj=invitation,
            subject_code=invitation.respondent_citizen.code,
            purpose=_("Invite to a questionnaire"),
            request=request,
        )
    return invitation


# --------------------------------------------------------------------------------------------------
# Answers: follow-up of low scores


def responses_for_follow_up(request: HttpRequest) -> QuerySet[Response]:
    """Flagged answers the user follows up on: all of the organisation's for coordinators and leads,
    those about the teacher's own sessions for teachers (through the context registry)."""
    organisation = current_organisation(request)
    if organisation is None or not has_role(request, *FOLLOW_UP_ROLES):
        raise Http404
    answers = Response.objects.of(organisation).submitted().flagged()
    if has_role(request, *MANAGER_ROLES):
        return answers
    pairs = answers.exclude(context_type__isnull=True).values_list("context_type_id", "context_code").distinct()
    visible = contexts_visible_to(request.user, pairs)
    if not visible:
        return answers.none()
    condition = Q()
    for type_id, code in visible:
        condition |= Q(context_type_id=type_id, context_code=code)
    return answers.filter(condition)


def get_response_for_follow_up(request: HttpRequest, code: Any) -> Response:
    response = get_object_or_404(
        responses_for_follow_up(request).select_related("instrument", "respondent_citizen", "programme"), code=code
    )
    if response.respondent_citizen is not None:
        log_access(
            actor=request.user,  # type: ignore[arg-type]
            kind=AuditKind.READ,
            action="feedback.response.read",
            obj=response,
            subject_code=response.respondent_citizen.code,
            purpose=_("Follow up on a low score"),
            request=request,
        )
    return response


# --------------------------------------------------------------------------------------------------
# A person's own results, and a peer's view of them


def own_citizen_records(request: HttpRequest) -> QuerySet[Citizen]:
    if not request.user.is_authenticated:
        raise Http404
    return Citizen.objects.filter(user=request.user).select_related("organisation")


def citizens_of_peer(user: Any, organisation: Organisation) -> list[Citizen]:
    """The citizens the registered sources say this peer supports, in the organisation."""
    found: dict[int, Citizen] = {}
    for provider in _PEER_CITIZENS.values():
        for citizen in provider(user, organisation):
            if citizen.organisation_id == organisation.pk:
                found[citizen.pk] = citizen
    return sorted(found.values(), key=lambda c: (c.first_name, c.last_name, c.pk))


def shares_with_peer(citizen: Citizen) -> bool:
    return citizen.consents.in_force().filter(purpose=ConsentPurpose.SHARE_WITH_PEER).exists()


def get_supported_citizen(request: HttpRequest, code: Any) -> Citizen:
    """A citizen the logged-in peer supports; 404 otherwise."""
    organisation = require_organisation_role(request, Role.PEER)
    for citizen in citizens_of_peer(request.user, organisation):
        if str(citizen.code) == str(code):
            return citizen
    raise Http404


def get_citizen_results_for_peer(request: HttpRequest, code: Any) -> Citizen:
    """A supported citizen whose consent to share results with their peer is in force; the read is logged."""
    citizen = get_supported_citizen(request, code)
    if not shares_with_peer(citizen):
        raise Http404
    log_access(
        actor=request.user,  # type: ignore[arg-type]
        kind=AuditKind.READ,
        action="feedback.results.read",
        obj=citizen,
        subject_code=citizen.code,
        purpose=_("Peer support: the citizen shares questionnaire results with their peer"),
        request=request,
    )
    return citizen


def acting_user_or_none(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) else None
