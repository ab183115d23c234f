"""Forms of the wards app: they clean input into domain types; the rules live in the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm
from core.models import Organisation, Unit, UnitKind
from people.models import Peer
from wards.models import BlockKind, Weekday
from wards.services import MAX_WEEKS
from wards.texts import hours_text


def _peers(organisation: Organisation) -> QuerySet[Peer]:
    return Peer.objects.of(organisation).current().order_by("first_name", "last_name")


class PeerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()


class PeerMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.first_name} {obj.last_name}".strip()


class _TimesMixin(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return data


class WardSettingsForm(DkfdsForm):
    need_hours = forms.DecimalField(
        label=_("Peer hours per week"),
        max_digits=4,
        decimal_places=1,
        help_text=_("The hours a peer is on the ward each week; 2 × 2 hours is usual."),
    )
    shift_hours = forms.DecimalField(label=_("Shift length in hours"), max_digits=3, decimal_places=1)
    preferred_peer = PeerChoiceField(
        label=_("Preferred fixed peer"),
        queryset=Peer.objects.none(),
        required=False,
        help_text=_("The planner prefers this peer on the ward week after week."),
    )
    site_name = forms.CharField(
        label=_("Site"),
        max_length=100,
        required=False,
        help_text=_("Wards on the same site need no travel time between them. Empty: the unit's site."),
    )
    site_address = forms.CharField(label=_("Address on the site"), max_length=200, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_peer"].queryset = _peers(organisation)  # type: ignore[attr-defined]

    def clean_need_hours(self) -> Decimal:
        value: Decimal = self.cleaned_data["need_hours"]
        if value < 0:
            raise forms.ValidationError(_("The hours per week cannot be negative."))
        if value > 80:
            raise forms.ValidationError(_("Write at most 80 hours per week."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        need, length = data.get("need_hours"), data.get("shift_hours")
        if need is not None and length and need % length:
            self.add_error(
                "need_hours",
                _("Write the hours per week as whole shifts: %(length)s-hour shifts give 0, %(one)s, %(two)s, … hours.")
                % {"length": hours_text(length), "one": hours_text(length), "two": hours_text(2 * length)},
            )
        return data

    def clean_shift_hours(self) -> Decimal:
        value: Decimal = self.cleaned_data["shift_hours"]
        if value < Decimal("0.5") or value > 12:
            raise forms.ValidationError(_("A shift lasts from half an hour to 12 hours."))
        if (value * 2) % 1:
            raise forms.ValidationError(_("Write the shift length in whole or half hours."))
        return value


class BlockedTimeForm(_TimesMixin, DkfdsForm):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    start = forms.TimeField(label=_("From"))
    end = forms.TimeField(label=_("To"))
    kind = forms.ChoiceField(label=_("Kind"), choices=BlockKind.choices)
    label = forms.CharField(
        label=_("Label"), max_length=120, required=False, help_text=_("For example “Stuegang” or “Morgenmøde”.")
    )


class GroupSiteForm(_TimesMixin, DkfdsForm):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("For example “Distriktspsykiatrien Køge”."))
    unit = forms.ModelChoiceField(label=_("Clinic"), queryset=Unit.objects.none(), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    start = forms.TimeField(label=_("From"))
    end = forms.TimeField(label=_("To"))
    peers = PeerMultipleChoiceField(
        label=_("Peers who run the group"),
        queryset=Peer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The planner keeps these peers free at the group's time, with travel time around it."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.of(organisation).filter(  # type: ignore[attr-defined]
            kind=UnitKind.OUTPATIENT, active=True
        )
        self.fields["peers"].queryset = Peer.objects.of(organisation).active().order_by("first_name")  # type: ignore[attr-defined]


def next_monday(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


class PlanForm(DkfdsForm):
    week_start = forms.DateField(
        label=_("First week starts on (a Monday)"), help_text=_("Write the date as dd.mm.yyyy or yyyy-mm-dd.")
    )
    weeks = forms.IntegerField(label=_("Number of weeks"), min_value=1, max_value=MAX_WEEKS, initial=1)

    def clean_week_start(self) -> date:
        value: date = self.cleaned_data["week_start"]
        if value.weekday() != 0:
            raise forms.ValidationError(_("A plan starts on a Monday."))
        return value


class ShiftForm(_TimesMixin, DkfdsForm):
    ward = forms.ModelChoiceField(label=_("Ward"), queryset=Unit.objects.none())
    peer = PeerChoiceField(label=_("Peer"), queryset=Peer.objects.none())
    date = forms.DateField(label=_("Date"))
    start = forms.TimeField(label=_("From"))
    end = forms.TimeField(label=_("To"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Unit.objects.of(organisation).filter(  # type: ignore[attr-defined]
            kind=UnitKind.WARD, active=True
        )
        self.fields["peer"].queryset = Peer.objects.of(organisation).active().order_by("first_name")  # type: ignore[attr-defined]
