"""Pages of referral and matching: refer, the queue, shortlist and batch matching, the peer's proposals,
the citizen's answer, free peers and the coordinator's overview. Views are thin: access → form → service."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.access import acting_user, has_role, login_required, require_organisation_role, role_required
from core.audit import log_access
from core.models import AuditKind, Membership, Programme, Role
from people.access import CITIZEN_ROLES, get_citizen_for_user
from people.models import Citizen
from referrals import engine_input, matching, selectors, services
from referrals.access import (
    QUEUE_ROLES,
    REFERRING_ROLES,
    get_match_for_coordinator,
    get_match_of_citizen,
    get_own_proposal,
    get_programme_for_queue,
    get_referral_for_coordinator,
    get_referral_for_user,
)
from referrals.forms import ReasonForm, ReferralForm, ReferralSettingsForm, WithdrawForm
from referrals.models import Match, MatchStatus, ReferralStatus, ReferrerKind
from referrals.presentation import candidate_rows, exclusion_rows, match_reasons, wishes_of
from referrals.texts import refusals_of, requirements_of

KIND_FOR_ROLE = {
    Role.KEY_PERSON: ReferrerKind.KEY_PERSON,
    Role.LEAD: ReferrerKind.LEAD,
    Role.COORDINATOR: ReferrerKind.COORDINATOR,
    Role.PEER: ReferrerKind.COLLEAGUE,
}


def _roles(request: HttpRequest) -> set[str]:
    return set(getattr(request, "roles", set()))


# ------------------------------------------------------------------------------------------- referring


@role_required(*REFERRING_ROLES)
def referral_start(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, *REFERRING_ROLES)
    programmes = selectors.programmes_user_may_refer_to(organisation, _roles(request))
    # Referring from a citizen's record keeps the citizen (`?borger=<code>`) through the choice of programme.
    suffix = f"?{urlencode({'borger': request.GET['borger']})}" if request.GET.get("borger") else ""
    if len(programmes) == 1:
        return redirect(reverse("referrals:create", kwargs={"programme": programmes[0].code}) + suffix)
    return render(request, "referrals/referral_start.html", {"programmes": programmes, "suffix": suffix})


@role_required(*REFERRING_ROLES)
def referral_create(request: HttpRequest, programme: str) -> HttpResponse:
    organisation = require_organisation_role(request, *REFERRING_ROLES)
    chosen = get_object_or_404(selectors.referral_programmes(organisation), code=programme)
    if not selectors.may_refer(chosen, _roles(request)):
        raise Http404
    default_kind = next((KIND_FOR_ROLE[r] for r in KIND_FOR_ROLE if r in _roles(request)), "")
    own_unit = (
        Membership.objects.active()
        .filter(user=acting_user(request), organisation=organisation, unit__isnull=False)
        .values_list("unit__code", flat=True)
        .first()
    )
    known = _known_citizen(request)
    form = ReferralForm(
        request.POST or None, programme=chosen, default_kind=default_kind, default_unit=own_unit, known_citizen=known
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.refer_citizen(
                actor=acting_user(request),
                programme=chosen,
                citizen=known or form.citizen_details(),
                answers=form.answers(),
                wishes=form.wishes(),
                consents=form.consents(),
                flow=data["flow"],
                referrer_kind=data["referrer_kind"],
                unit=data.get("unit"),
                contact_via=data["contact_via"],
                transition_on=data.get("transition_on"),
                note=data.get("note", ""),
                roles=_roles(request),
            )
        except services.ReferralRefused as refusal:
            form.add_error(None, refusal.message)
            for text in refusals_of(chosen, refusal.failed):
                form.add_error(None, text)
        else:
            messages.success(
                request,
                _("%(name)s is referred and waits for a peer. The coordinator has been told.")
                % {"name": referral.citizen.first_name},
            )
            return redirect("referrals:detail", code=referral.code)
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "programme": chosen, "requirements": requirements_of(chosen), "known": known},
    )


def _known_citizen(request: HttpRequest) -> Citizen | None:
    """A citizen already registered, when a coordinator or lead refers from the citizen's record
    (`?borger=<code>`); 404 for anyone else or another organisation's citizen."""
    code = request.GET.get("borger")
    if not code:
        return None
    if not has_role(request, *CITIZEN_ROLES):
        raise Http404
    try:
        uuid.UUID(code)
    except ValueError as error:
        raise Http404 from error
    return get_citizen_for_user(request, code, purpose="refer the citizen to a peer")


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """Coordinators and leads: the queues of the programmes. Everyone who refers: their own referrals."""
    organisation = require_organisation_role(request, *REFERRING_ROLES)
    queues = []
    if has_role(request, *QUEUE_ROLES):
        now = timezone.now()
        for programme in selectors.referral_programmes(organisation):
            rows = selectors.queue(programme, now=now)
            queues.append(
                {
                    "programme": programme,
                    "waiting": len(rows),
                    "overdue": sum(1 for r in rows if r.overdue),
                    "longest": rows[0].waiting_days if rows else None,
                }
            )
    mine = list(selectors.referrals_by(acting_user(request), organisation)[:50])
    if mine:
        log_access(
            actor=acting_user(request),
            kind=AuditKind.READ,
            action="referrals.own_referrals.read",
            organisation=organisation,
            purpose="follow own referrals",
            data={"referrals": [str(r.code) for r in mine]},
            request=request,
        )
    can_refer = bool(selectors.programmes_user_may_refer_to(organisation, _roles(request)))
    return render(request, "referrals/referral_list.html", {"queues": queues, "mine": mine, "can_refer": can_refer})


@role_required(*QUEUE_ROLES)
def queue(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_queue(request, code)
    rows = selectors.queue(programme)
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="referrals.queue.read",
        obj=programme,
        purpose="match waiting citizens",
        data={"referrals": [str(r.referral.code) for r in rows]},
        request=request,
    )
    return render(
        request,
        "referrals/queue.html",
        {
            "programme": programme,
            "rows": rows,
            "awaiting": list(selectors.awaiting_peer(programme)),
            "alert_days": programme.setting("waiting_alert_days"),
            "is_coordinator": has_role(request, Role.COORDINATOR),
        },
    )


@login_required
def referral_detail(request: HttpRequest, code: str) -> HttpResponse:
    referral, full = get_referral_for_user(request, code, purpose="follow the referral")
    matches = list(referral.matches.select_related("peer").order_by("-confirmed_at")) if full else []
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "full": full,
            "wishes": wishes_of(referral) if full else [],
            "matches": [(m, match_reasons(m)) for m in matches],
            "requirements": requirements_of(referral.programme) if full else [],
            "is_coordinator": has_role(request, Role.COORDINATOR),
            "waiting_days": referral.waiting_days(),
            "withdraw_form": WithdrawForm(),
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def referral_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    referral = get_referral_for_coordinator(request, code, purpose="close the referral")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write why the referral is closed."))
        return redirect("referrals:detail", code=referral.code)
    try:
        services.withdraw_referral(actor=acting_user(request), referral=referral, reason=form.cleaned_data["reason"])
    except services.ReferralRefused as refusal:
        messages.error(request, str(refusal.message))
    else:
        messages.success(request, _("The referral is closed."))
    return redirect("referrals:detail", code=referral.code)


# ------------------------------------------------------------------------------------------- matching


@role_required(Role.COORDINATOR)
def shortlist(request: HttpRequest, code: str) -> HttpResponse:
    """The best peers for one referral, why each fits, and why the others are ruled out."""
    referral = get_referral_for_coordinator(request, code, purpose="find a peer for the citizen")
    if referral.status != ReferralStatus.WAITING:
        messages.info(request, _("The referral is not waiting for a peer."))
        return redirect("referrals:detail", code=referral.code)
    built = engine_input.build_input(referral.programme, [referral])
    result = matching.shortlist(built.problem, engine_input.referral_id(referral), limit=len(built.peers))
    if request.method == "POST":
        chosen = next((c for c in result.candidates if c.peer == request.POST.get("peer")), None)
        if chosen is None:
            messages.error(request, _("Choose one of the peers who can take the citizen."))
        else:
            top = result.candidates[0].peer if result.candidates else None
            try:
                services.confirm_match(
                    actor=acting_user(request),
                    referral=referral,
                    peer=built.peers[chosen.peer],
                    candidate=chosen,
                    overridden=chosen.peer != top,
                )
            except services.ReferralRefused as refusal:
                messages.error(request, str(refusal.message))
            else:
                messages.success(
                    request,
                    _("%(peer)s has been asked to take %(citizen)s.")
                    % {"peer": built.peers[chosen.peer].first_name, "citizen": referral.citizen.first_name},
                )
                return redirect("referrals:queue", code=referral.programme.code)
    return render(
        request,
        "referrals/shortlist.html",
        {
            "referral": referral,
            "candidates": candidate_rows(result.candidates, built.peers),
            "excluded": exclusion_rows(result.excluded, built.peers),
            "wishes": wishes_of(referral),
        },
    )


@role_required(Role.COORDINATOR)
def batch(request: HttpRequest, code: str) -> HttpResponse:
    """The whole queue at once: the engine's assignment; the coordinator confirms all or some."""
    programme = get_programme_for_queue(request, code, Role.COORDINATOR)
    referrals = engine_input.waiting_referrals(programme)
    built = engine_input.build_input(programme, referrals)
    result = matching.match_batch(built.problem)
    proposals = []
    for assignment in result.assignments:
        referral = built.referrals[assignment.referral]
        peer = built.peers[assignment.peer]
        explained = matching.explain_pair(built.problem, assignment.referral, assignment.peer)
        reasons = explained.reasons if isinstance(explained, matching.Candidate) else ()
        proposals.append(
            {
                "key": f"{assignment.referral}:{assignment.peer}",
                "referral": referral,
                "peer": peer,
                "score": assignment.score,
                "candidate": explained if isinstance(explained, matching.Candidate) else None,
                "reasons": candidate_rows([explained], built.peers)[0]["reasons"]
                if isinstance(explained, matching.Candidate)
                else [],
                "waiting_days": referral.waiting_days(),
                "reason_count": len(reasons),
            }
        )
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="referrals.batch.read",
        obj=programme,
        purpose="match the waiting queue",
        data={"referrals": list(built.referrals)},
        request=request,
    )
    if request.method == "POST":
        wanted = set(request.POST.getlist("pair"))
        choices = [(p["referral"], p["peer"], p["candidate"], False) for p in proposals if p["key"] in wanted]
        if not choices:
            messages.error(request, _("Tick at least one proposal to confirm."))
        else:
            outcome = services.confirm_batch(actor=acting_user(request), choices=choices)
            if outcome.confirmed:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s peer has been asked.", "%(count)s peers have been asked.", len(outcome.confirmed)
                    )
                    % {"count": len(outcome.confirmed)},
                )
            for referral, refusal in outcome.refused:
                messages.error(request, f"{referral.citizen.first_name}: {refusal.message}")
            return redirect("referrals:queue", code=programme.code)
    unmatched = [built.referrals[r] for r in result.unmatched]
    return render(
        request,
        "referrals/batch.html",
        {"programme": programme, "proposals": proposals, "unmatched": unmatched, "total": result.total_score},
    )


@role_required(Role.COORDINATOR)
def settings_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_queue(request, code, Role.COORDINATOR)
    form = ReferralSettingsForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_referral_settings(
                actor=acting_user(request),
                programme=programme,
                referrer_roles=data["referrer_roles"],
                exclusions=data["exclusions"],
                weights=form.weights(),
                digest_to_leads=data["digest_to_leads"],
            )
        except matching.MatchingInputError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("referrals:queue", code=programme.code)
    return render(request, "referrals/settings.html", {"programme": programme, "form": form})


@role_required(Role.COORDINATOR)
def match_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    match = get_match_for_coordinator(request, code, purpose="withdraw a proposal")
    return _answer_on_behalf(request, match, citizen=False)


@role_required(Role.COORDINATOR)
def match_citizen_declines(request: HttpRequest, code: str) -> HttpResponse:
    """The coordinator records that the citizen does not want this peer (e.g. told by phone)."""
    match = get_match_for_coordinator(request, code, purpose="record the citizen's answer")
    return _answer_on_behalf(request, match, citizen=True)


def _answer_on_behalf(request: HttpRequest, match: Match, *, citizen: bool) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if citizen:
                services.decline_match_for_citizen(
                    actor=acting_user(request), match=match, reason=form.cleaned_data["reason"]
                )
            else:
                services.withdraw_match(actor=acting_user(request), match=match, reason=form.cleaned_data["reason"])
        except services.ReferralRefused as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(request, _("%(name)s is back in the queue.") % {"name": match.referral.citizen.first_name})
        return redirect("referrals:detail", code=match.referral.code)
    return render(
        request, "referrals/match_answer_for_citizen.html", {"match": match, "form": form, "citizen": citizen}
    )


# ---------------------------------------------------------------------------------------- peer's side


@role_required(Role.PEER)
def my_proposals(request: HttpRequest) -> HttpResponse:
    organisation = require_organisation_role(request, Role.PEER)
    proposals = list(
        Match.objects.of(organisation)
        .filter(peer__user=acting_user(request), status=MatchStatus.PROPOSED)
        .select_related("referral__citizen", "referral__programme")
        .order_by("confirmed_at")
    )
    recent = list(
        Match.objects.of(organisation)
        .filter(peer__user=acting_user(request))
        .exclude(status=MatchStatus.PROPOSED)
        .select_related("referral__citizen")
        .order_by("-answered_at")[:5]
    )
    if proposals:
        log_access(
            actor=acting_user(request),
            kind=AuditKind.READ,
            action="referrals.proposals.read",
            organisation=organisation,
            purpose="answer proposals",
            data={"matches": [str(m.code) for m in proposals]},
            request=request,
        )
    return render(
        request,
        "referrals/my_proposals.html",
        {"proposals": [(m, wishes_of(m.referral, for_peer=True)) for m in proposals], "recent": recent},
    )


@role_required(Role.PEER)
def proposal_answer(request: HttpRequest, code: str) -> HttpResponse:
    match = get_own_proposal(request, code)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.accept_match(actor=acting_user(request), match=match)
                messages.success(
                    request,
                    _("Thank you. Contact %(name)s soon; you find the course in your caseload.")
                    % {"name": match.referral.citizen.first_name},
                )
                return redirect("referrals:my_proposals")
            if answer == "decline" and form.is_valid():
                services.decline_match_by_peer(
                    actor=acting_user(request), match=match, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("You said no. The coordinator finds another peer."))
                return redirect("referrals:my_proposals")
        except services.ReferralRefused as refusal:
            messages.error(request, str(refusal.message))
            return redirect("referrals:my_proposals")
    return render(
        request,
        "referrals/proposal.html",
        {"match": match, "wishes": wishes_of(match.referral, for_peer=True), "form": form},
    )


# ------------------------------------------------------------------------------------- citizen's side


@login_required
def my_referral(request: HttpRequest) -> HttpResponse:
    """The logged-in citizen: their referrals, the peer proposed, and a way to say no."""
    referrals = list(selectors.own_referrals(request.user).prefetch_related("matches__peer").order_by("-referred_at"))
    if not referrals and not has_role(request, Role.CITIZEN):
        raise Http404
    rows = []
    for referral in referrals:
        current = next(
            (m for m in referral.matches.all() if m.status in (MatchStatus.PROPOSED, MatchStatus.ACCEPTED)), None
        )
        rows.append({"referral": referral, "match": current})
    return render(request, "referrals/my_referral.html", {"rows": rows})


@login_required
def citizen_decline(request: HttpRequest, code: str) -> HttpResponse:
    match = get_match_of_citizen(request, code)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_match_for_citizen(
                actor=acting_user(request), match=match, reason=form.cleaned_data["reason"]
            )
        except services.ReferralRefused as refusal:
            messages.error(request, str(refusal.message))
        else:
            messages.success(request, _("You said no to this peer. The coordinator will find you another."))
        return redirect("referrals:my_referral")
    return render(request, "referrals/citizen_decline.html", {"match": match, "form": form})


# ----------------------------------------------------------------------------------- free peers, overview


@role_required(*QUEUE_ROLES)
def free_peers(request: HttpRequest) -> HttpResponse:
    """Who can take a citizen now: the coordinator's peers, and for leads those of the partnership."""
    organisation = require_organisation_role(request, *QUEUE_ROLES)
    programmes: list[Programme]
    if has_role(request, Role.COORDINATOR):
        programmes = list(selectors.referral_programmes(organisation))
    else:
        programmes = list(selectors.programmes_visible_to_lead(organisation))
    groups = [{"programme": p, "rows": selectors.free_peers(p)} for p in programmes]
    return render(request, "referrals/free_peers.html", {"groups": groups})


@role_required(*QUEUE_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    from referrals.overview import overview_for

    organisation = require_organisation_role(request, *QUEUE_ROLES)
    data = overview_for(organisation, today=timezone.localdate(), coordinator=has_role(request, Role.COORDINATOR))
    log_access(
        actor=acting_user(request),
        kind=AuditKind.READ,
        action="referrals.overview.read",
        organisation=organisation,
        purpose="coordinate peer support",
        request=request,
    )
    return render(request, "referrals/overview.html", data)
