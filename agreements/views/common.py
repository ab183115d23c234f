"""What the agreements pages share: refused actions in Danish, PDF responses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.utils import formats
from django.utils.translation import gettext as _

from agreements.services import AgreementError


def _date(value: Any) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def error_text(exc: AgreementError, **extra: Any) -> str:
    """The Danish (translated) message for a refused action."""
    code = exc.code
    conflict = exc.conflict
    if code == "overlap":
        if conflict is not None and getattr(conflict, "starts_on", None):
            return _(
                "The period overlaps another agreement period of this volunteer (%(start)s–%(end)s). A new "
                "agreement can start the day after the other one ends."
            ) % {"start": _date(conflict.starts_on), "end": _date(conflict.ends_on)}
        return _("The period overlaps another agreement period of this volunteer.")
    if code == "unfilled":
        return _("Fill in these fields before you send the reference: %(fields)s.") % {
            "fields": ", ".join(conflict or [])
        }
    if code == "name_mismatch":
        return _("Type your name exactly as it stands on the agreement: %(name)s.") % {"name": extra.get("name", "")}
    if code == "end_before_start":
        return _("The agreement cannot end before it starts.")
    messages = {
        "dates_order": _("The end date must be on or after the start date."),
        "months": _("A period lasts at least one month."),
        "paid_peer": _("Paid peers have an employment record instead of a volunteer agreement."),
        "peer_ended": _("The volunteer has ended. Change their status first if they are coming back."),
        "programme": _("Choose one of your organisation's programmes."),
        "signed": _(
            "The agreement is signed and can no longer be changed. End it and make a new one if the terms change."
        ),
        "ended": _("The agreement has ended."),
        "renewed": _("The agreement has been renewed, so its start date can no longer move."),
        "consent": _("Tick the box to confirm that you have read and accept the agreement."),
        "already_accepted": _("The agreement is already accepted."),
        "not_yours": _("Only the volunteer can accept their own agreement."),
        "talk_in_future": _("The talk cannot be recorded before it has taken place."),
        "talk_exists": _("The renewal talk for this period is already recorded."),
        "talk_before_period": _("The talk must be on or after the first day of the period."),
        "outcome": _("Choose the outcome of the talk."),
        "already_ended": _("The agreement has already ended."),
        "ended_by": _("Say who ends the agreement."),
        "seen_in_future": _("The date cannot be in the future."),
        "not_employed": _("Employment records are for paid peers. Volunteers have a volunteer agreement."),
        "unit": _("Choose one of your organisation's units."),
        "considerations": _("Only the leader who recorded the special considerations can change them."),
        "not_eligible": _("The volunteer does not meet the rules for a reference yet."),
        "sent": _("The reference has been sent and can no longer be changed."),
        "already_sent": _("The reference has already been sent."),
        "no_recipient": _("Give the e-mail address the reference should be sent to."),
        "negative": _("The number cannot be negative."),
    }
    return str(messages.get(code, _("The change could not be saved. Try again.")))


def add_service_error(form: forms.Form, exc: AgreementError, **extra: Any) -> None:
    """Show a refused action on the form, at its field when the form has it, so nothing typed is lost."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, error_text(exc, **extra))


def crumbs(*items: tuple[Any, str]) -> list[dict[str, Any]]:
    """Breadcrumbs for `includes/breadcrumbs.html`: (label, url) pairs, the current page last (url may be "")."""
    return [{"label": label, "url": url} for label, url in items]


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
