"""Forms of the course of support: a one-screen meeting log for the phone, the cooperation agreement,
ending a course, transport claims."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm
from support.models import (
    AGREEMENT_TEXT_FIELDS,
    TREATMENT_ACTIVITIES,
    Accompanied,
    Activity,
    CooperationAgreement,
    EndedBy,
    EndReason,
    SupportCourse,
)

INDIVIDUAL_MODEL = "individual_group"

DURATIONS = (15, 30, 45, 60, 90, 120, 180, 240)


def duration_choices() -> list[tuple[int, str]]:
    return [(m, gettext("%(n)s minutes") % {"n": m}) for m in DURATIONS]


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "numeric", **(attrs or {})}, format="%d.%m.%Y")


def _not_in_future(day: datetime.date) -> datetime.date:
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return day


class MeetingForm(DkfdsForm):
    """Everything on one phone screen: the date is today unless changed, a duration is one tap."""

    held_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    duration_minutes = forms.TypedChoiceField(
        label=_("Duration"), choices=duration_choices, coerce=int, initial=60, widget=forms.RadioSelect
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices, initial=Activity.CONVERSATION)
    place = forms.CharField(label=_("Place"), max_length=120, required=False, help_text=_("E.g. café, library, walk"))
    accompanied = forms.ChoiceField(label=_("Who else took part"), choices=Accompanied.choices, required=False)
    note = forms.CharField(
        label=_("Note for the two of you"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only you and the citizen can read it. The coordinator sees that the meeting took place."),
    )

    next_meeting_on = forms.DateField(label=_("Next meeting (optional)"), widget=DateInput(), required=False)
    next_meeting_note = forms.CharField(label=_("Time and place of the next meeting"), max_length=120, required=False)

    def __init__(self, *args: Any, course: SupportCourse, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if course.programme.model != INDIVIDUAL_MODEL:
            field = self.fields["activity"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(v, label) for v, label in Activity.choices if v not in TREATMENT_ACTIVITIES]
        self.course = course

    def clean_next_meeting_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("next_meeting_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("The next meeting cannot be in the past."))
        return day

    def clean_held_on(self) -> datetime.date:
        day: datetime.date = _not_in_future(self.cleaned_data["held_on"])
        if day < self.course.started_on:
            raise forms.ValidationError(_("The date cannot be before the course started."))
        return day


class NextMeetingForm(DkfdsForm):
    next_meeting_on = forms.DateField(label=_("Next meeting"), widget=DateInput(), required=False)
    next_meeting_note = forms.CharField(label=_("Time and place"), max_length=120, required=False)

    def clean_next_meeting_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("next_meeting_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("The next meeting cannot be in the past."))
        return day


class ContactForm(DkfdsForm):
    contacted_on = forms.DateField(label=_("Date of the first contact"), widget=DateInput(), initial=timezone.localdate)

    def clean_contacted_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["contacted_on"])


def field_label(name: str) -> Any:
    """The wording of an agreement field, as the seed's form asks it."""
    return getattr(CooperationAgreement._meta.get_field(name), "verbose_name", name)


class AgreementForm(DkfdsForm):
    """The seed's "Samarbejdsaftale": you need not fill in everything at once, but do within 2–3 meetings."""

    first_meeting_on = forms.DateField(label=_("Date of the first meeting"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in AGREEMENT_TEXT_FIELDS:
            self.fields[name] = forms.CharField(
                label=field_label(name),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if name == "work_environment":
                self.fields["confidentiality_explained"] = forms.BooleanField(
                    label=field_label("confidentiality_explained"),
                    required=False,
                )

    @staticmethod
    def initial_from(agreement: CooperationAgreement | None) -> dict[str, Any]:
        if agreement is None:
            return {}
        initial: dict[str, Any] = {name: getattr(agreement, name) for name in AGREEMENT_TEXT_FIELDS}
        initial["first_meeting_on"] = agreement.first_meeting_on
        initial["confidentiality_explained"] = agreement.confidentiality_explained
        return initial


class SignForm(DkfdsForm):
    typed_name = forms.CharField(
        label=_("Your name"), max_length=200, help_text=_("Type your name to accept the agreement.")
    )


class EndForm(DkfdsForm):
    ended_by = forms.ChoiceField(label=_("Who ends the course"), choices=EndedBy.choices, widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Why"), choices=EndReason.choices, widget=forms.RadioSelect)
    wants_new_peer = forms.BooleanField(
        label=_("The citizen would like to be matched with another peer"),
        required=False,
        help_text=_(
            "When the match did not work or the citizen stopped early, the citizen goes back on the waiting list."
        ),
    )

    def __init__(self, *args: Any, party: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The citizen ends for themself; the peer may record who ended it.
        if party == "citizen":
            del self.fields["ended_by"]


def _citizen_first_name(course: SupportCourse) -> str:
    return course.citizen.first_name


class ClaimForm(DkfdsForm):
    travelled_on = forms.DateField(label=_("Date of the trip"), widget=DateInput(), initial=timezone.localdate)
    from_place = forms.CharField(label=_("From"), max_length=120)
    to_place = forms.CharField(label=_("To"), max_length=120)
    km = forms.DecimalField(
        label=_("Kilometres"),
        required=False,
        min_value=Decimal("0.1"),
        max_digits=6,
        decimal_places=1,
        help_text=_("For driving in your own car. Paid at the programme's rate per km."),
        localize=True,
    )
    amount = forms.DecimalField(
        label=_("Amount (DKK)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
        help_text=_("For a bus or train ticket."),
        localize=True,
    )
    receipt_note = forms.CharField(
        label=_("Receipt or ticket"),
        max_length=200,
        required=False,
        help_text=_('E.g. "Rejsekort, receipt handed to the coordinator".'),
    )
    course = forms.ModelChoiceField(queryset=SupportCourse.objects.none(), required=False, label=_("Course"))

    def __init__(self, *args: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["course"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = courses
        field.label_from_instance = _citizen_first_name  # type: ignore[method-assign,assignment]

    def clean_travelled_on(self) -> datetime.date:
        return _not_in_future(self.cleaned_data["travelled_on"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("km") is None and data.get("amount") is None and not self.errors:
            raise forms.ValidationError(_("Give the kilometres driven or the amount paid."))
        return data


class RejectForm(DkfdsForm):
    reason = forms.CharField(label=_("Reason for rejection"), max_length=300)


class PeriodForm(DkfdsForm):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date must be on or after the start date."))
        return data
