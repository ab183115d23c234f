"""Forms of ward conversations: the key person's list, a conversation, the end of a shift, a safety
notice, a ward's themes and the report's period."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conversations import access
from conversations.models import Conversation, Theme
from conversations.services import MAX_CONVERSATION_MINUTES, names_in_text
from core.forms import DkfdsForm
from core.models import Unit, User


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class ListEntryForm(DkfdsForm):
    patient = forms.CharField(
        label=_("First name or room"),
        max_length=40,
        help_text=_("Only a first name or a room, e.g. “Anna” or “Stue 12”. Never a full name or a CPR number."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    met_peer_before = forms.TypedChoiceField(
        label=_("Has the patient talked with a peer before?"),
        choices=[("0", _("No – first time")), ("1", _("Yes"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
        help_text=_("Those who have not met a peer yet come first on the list."),
    )
    contact_person = StaffChoiceField(
        label=_("Contact person"),
        queryset=User.objects.none(),
        help_text=_("Receives the journal note with the theme of the conversation."),
    )

    def __init__(self, *args: Any, ward: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact_field: forms.ModelChoiceField = self.fields["contact_person"]  # type: ignore[type-arg,assignment]
        contact_field.queryset = access.ward_staff(ward)


def _aware(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


class ConversationForm(DkfdsForm):
    start = forms.TimeField(label=_("Started at"))
    end = forms.TimeField(
        label=_("Ended at"), required=False, help_text=_("Leave empty while the conversation is going on.")
    )
    theme = forms.ModelChoiceField(
        label=_("Theme you agreed on"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("Choose a theme"),
        help_text=_("Only the theme goes to the patient's contact person for the journal."),
    )
    private_note = forms.CharField(
        label=_("Your own note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stays with you. Nobody else sees it – not staff, not the coordinator, not the journal."),
    )

    def __init__(self, *args: Any, conversation: Conversation, **kwargs: Any) -> None:
        self.conversation = conversation
        shift = conversation.shift
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "start": timezone.localtime(conversation.started_at).time().replace(second=0, microsecond=0),
                "end": timezone.localtime(conversation.ended_at).time().replace(second=0, microsecond=0)
                if conversation.ended_at
                else None,
                "theme": conversation.theme,
                "private_note": conversation.private_note,
            }
        super().__init__(*args, **kwargs)
        themes: QuerySet[Theme] = Theme.objects.of_ward(shift.ward).filter(
            Q(active=True) | Q(pk=conversation.theme_id or 0)
        )
        theme_field: forms.ModelChoiceField = self.fields["theme"]  # type: ignore[type-arg,assignment]
        theme_field.queryset = themes.order_by("position", "label")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None:
            started = datetime.combine(date.min, start)
            ended = datetime.combine(date.min, end)
            # An end a little after midnight is the next day; an end a little before the start is a typo.
            if ended <= started and (ended + timedelta(days=1) - started) > timedelta(minutes=MAX_CONVERSATION_MINUTES):
                self.add_error("end", _("The end must be after the start."))
        return cleaned

    def started_at(self) -> datetime:
        return _aware(timezone.localtime(self.conversation.started_at).date(), self.cleaned_data["start"])

    def ended_at(self) -> datetime | None:
        end: time | None = self.cleaned_data.get("end")
        if end is None:
            return None
        started = self.started_at()
        ended = _aware(started.date(), end)
        # A conversation that runs past midnight ends the next day.
        if ended <= started and end < self.cleaned_data["start"]:
            ended += timedelta(days=1)
        return ended


class ShiftLogForm(DkfdsForm):
    informal_minutes = forms.IntegerField(
        label=_("Minutes spent informally on the ward"),
        min_value=0,
        max_value=24 * 60,
        initial=0,
        help_text=_("Time in the common areas when there were no more conversations on the list."),
    )
    debrief_note = forms.CharField(
        label=_("Note for the debrief"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For the talk with the other peers and the coordinator after the shift. "
            "Write nothing that identifies a patient – no names and no rooms."
        ),
    )
    names_checked = forms.BooleanField(
        label=_("I have checked the note: the word is not about a patient"),
        required=False,
    )

    def __init__(self, *args: Any, names: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # Asked only when the note turns out to mention a name from the list.
            self.fields["names_checked"].widget = forms.HiddenInput()
        self.names = names
        self.found_names: list[str] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        note = cleaned.get("debrief_note") or ""
        self.found_names = names_in_text(note, self.names)
        if not self.found_names:
            self.fields["names_checked"].widget = forms.HiddenInput()
        if self.found_names and not cleaned.get("names_checked"):
            self.add_error(
                "debrief_note",
                _(
                    "The note contains “%(names)s” from today's list. Remove what identifies a patient, "
                    "or tick the box below if the word is not about a patient."
                )
                % {"names": "”, “".join(self.found_names)},
            )
        return cleaned


class SafetyNoticeForm(DkfdsForm):
    patient = forms.CharField(
        label=_("First name or room of the patient"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("What staff need to know"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Say what the patient said or did that makes you worried. "
            "This overrides confidentiality and goes to the ward's staff at once."
        ),
    )


class ThemeForm(DkfdsForm):
    label = forms.CharField(label=_("New theme"), max_length=100)


class EscalationForm(DkfdsForm):
    escalation_minutes = forms.IntegerField(
        label=_("Minutes before an unacknowledged safety notice goes to the lead and the coordinators"),
        min_value=1,
        max_value=240,
        required=False,
    )

    def __init__(self, *args: Any, default: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["escalation_minutes"].help_text = _("Leave empty for the default: %(minutes)s minutes.") % {
            "minutes": default
        }


class ReportPeriodForm(DkfdsForm):
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("To"))
    ward = forms.ModelChoiceField(
        label=_("Ward"), queryset=Unit.objects.none(), required=False, empty_label=_("All wards")
    )

    def __init__(self, *args: Any, wards: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ward_field: forms.ModelChoiceField = self.fields["ward"]  # type: ignore[type-arg,assignment]
        ward_field.queryset = wards
        ward_field.to_field_name = "code"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end must be on or after the start."))
            elif (end - start).days > 366 * 2:
                self.add_error("end", _("Choose a period of at most two years."))
        return cleaned
