"""Self-referral on the public site: no login, the contact form's spam checks, a confirmation."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from public import spam
from referrals import selectors, services
from referrals.forms import SelfReferralForm
from referrals.models import Flow, ReferrerKind
from referrals.texts import refusals_of, requirements_of


def _crumbs(*items: tuple[object, str]) -> list[dict[str, object]]:
    trail: list[dict[str, object]] = [{"label": gettext_lazy("Home"), "url": reverse("public:home")}]
    trail.extend({"label": label, "url": url} for label, url in items)
    return trail


def self_referral_start(request: HttpRequest) -> HttpResponse:
    programmes = selectors.self_referral_programmes()
    if len(programmes) == 1:
        return redirect("referrals:self_refer", code=programmes[0].code)
    return render(
        request,
        "referrals/self_start.html",
        {"programmes": programmes, "breadcrumbs": _crumbs((gettext_lazy("Find a peer"), ""))},
    )


def self_referral(request: HttpRequest, code: str) -> HttpResponse:
    programme = next((p for p in selectors.self_referral_programmes() if str(p.code) == str(code)), None)
    if programme is None:
        raise Http404
    form = SelfReferralForm(request.POST or None, programme=programme)
    if request.method == "POST":
        address = request.META.get("REMOTE_ADDR") or "unknown"
        if form.is_valid() and spam.rate_limit_reached(address):
            form.reject_for_rate_limit()
        if form.is_valid():
            try:
                services.refer_citizen(
                    actor=None,
                    programme=programme,
                    citizen=form.citizen_details(),
                    answers=form.answers(),
                    wishes=form.wishes(),
                    consents=form.consents(),
                    flow=Flow.SELF,
                    referrer_kind=ReferrerKind.CITIZEN,
                )
            except services.ReferralRefused as refusal:
                form.add_error(None, refusal.message)
                for text in refusals_of(programme, refusal.failed):
                    form.add_error(None, text)
            else:
                spam.count_submission(address)
                return redirect("referrals:self_thanks")
        form.renew_token_if_stale()
    return render(
        request,
        "referrals/self_refer.html",
        {
            "form": form,
            "programme": programme,
            "requirements": requirements_of(programme),
            "breadcrumbs": _crumbs(
                (gettext_lazy("Find a peer"), reverse("referrals:self_start")), (programme.name, "")
            ),
        },
    )


def self_referral_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "referrals/self_thanks.html",
        {
            "breadcrumbs": _crumbs(
                (gettext_lazy("Find a peer"), reverse("referrals:self_start")), (gettext_lazy("Thank you"), "")
            )
        },
    )
