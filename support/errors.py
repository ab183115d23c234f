"""Refused actions of the course of support, in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from support.services import SupportError


def error_text(exc: SupportError) -> str:
    messages = {
        "ended": _("The course has ended, so it can no longer be changed."),
        "in_future": _("The date cannot be in the future."),
        "in_past": _("The next meeting cannot be in the past."),
        "before_start": _("The date cannot be before the course started."),
        "duration": _("Give the duration in minutes (at most 12 hours)."),
        "activity": _("Conversations at the start or end of treatment belong to individual peer support (model 1)."),
        "name": _("Type your name to accept the agreement."),
        "not_party": _("Only the peer and the citizen of the course can do that."),
        "already_signed": _("You have already accepted the agreement."),
        "ended_by": _("Say who ends the course."),
        "reason": _("Choose why the course ends."),
        "km_or_amount": _("Give the kilometres driven or the amount paid."),
        "not_positive": _("Kilometres and amounts must be more than 0."),
        "reason_missing": _("Say why the claim is rejected."),
        "already_decided": _("The claim has already been decided."),
        "nothing_to_export": _("There are no approved claims waiting for payment."),
        "other_organisation": _("The citizen, the peer and the programme must belong to the same organisation."),
    }
    return str(messages.get(exc.code, _("The change could not be saved. Try again.")))
