"""Forms of peer education and support. Validation cleans input into domain types with Danish messages; a
refused form keeps everything that was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm, DkfdsModelForm
from core.models import Organisation, Programme
from education.models import (
    AttendanceStatus,
    EducationModule,
    EducationPolicy,
    FollowUpForm,
    MeetingKind,
    MeetingSeries,
    ModuleKind,
    ModuleRun,
    Ordinal,
    RequirementLevel,
    Track,
)
from people.models import Peer, PeerStatus, Weekday

DATES_REVERSED = _("The last day is before the first day. Put the dates in the right order.")


def current_peers(organisation: Organisation) -> Any:
    return Peer.objects.of(organisation).exclude(status=PeerStatus.ENDED).order_by("first_name", "last_name")


class PeerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class PeerMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


# --- The catalogue -----------------------------------------------------------------------------------------------


class ModuleForm(DkfdsModelForm):
    mandatory_for = forms.MultipleChoiceField(
        label=_("Mandatory for"),
        choices=Track.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mandatory modules must be finished within the deadline (one year from the start)."),
    )
    elective_for = forms.MultipleChoiceField(
        label=_("Elective for"), choices=Track.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    offered_months = forms.TypedMultipleChoiceField(
        label=_("Months it is offered"),
        choices=[(number, name) for number, name in MONTHS.items()],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The months in which runs usually start, e.g. January, May and June for the basic module. "
            "Leave all unticked when it can start any time."
        ),
    )
    checklist = forms.CharField(
        label=_("Checklist items, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only for an internal introduction: each line is an item the coordinator ticks off."),
    )

    class Meta:
        model = EducationModule
        fields = ["name", "kind", "duration", "description", "default_capacity", "position", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if self.instance.pk and not self.is_bound:
            levels = {r.track: r.level for r in self.instance.track_requirements.all()}
            self.initial["mandatory_for"] = [t for t, lv in levels.items() if lv == RequirementLevel.MANDATORY]
            self.initial["elective_for"] = [t for t, lv in levels.items() if lv == RequirementLevel.ELECTIVE]
            self.initial["checklist"] = "\n".join(i.text for i in self.instance.checklist_items.all())
            self.initial["offered_months"] = list(self.instance.offered_months)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        clash = EducationModule.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already a module with that name."))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        both = set(cleaned.get("mandatory_for") or []) & set(cleaned.get("elective_for") or [])
        if both:
            self.add_error(
                "elective_for",
                _("A track cannot have the module as both mandatory and elective. Choose one for: %(tracks)s.")
                % {"tracks": ", ".join(str(Track(t).label) for t in sorted(both))},
            )
        if cleaned.get("kind") == ModuleKind.INTRODUCTION and not (cleaned.get("checklist") or "").strip():
            self.add_error("checklist", _("An internal introduction needs at least one checklist item."))
        return cleaned

    def checklist_texts(self) -> list[str]:
        return [line.strip() for line in str(self.cleaned_data.get("checklist") or "").splitlines() if line.strip()]


class RunForm(DkfdsModelForm):
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)

    class Meta:
        model = ModuleRun
        fields = ["starts_on", "ends_on", "place", "capacity", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", DATES_REVERSED)
        return cleaned

    def _post_clean(self) -> None:
        # The model's own check constraint says the same in English; the form's message above is enough.
        if "ends_on" in self.errors:
            return
        super()._post_clean()  # type: ignore[misc]


class EnrolForm(DkfdsForm):
    peer = PeerChoiceField(label=_("Peer"), queryset=Peer.objects.none(), empty_label=_("Choose a peer"))

    def __init__(self, *args: Any, run: ModuleRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enrolled = run.enrolments.exclude(status="withdrawn").values("peer_id")
        peers = current_peers(run.module.organisation)
        self.fields["peer"].queryset = peers.exclude(pk__in=enrolled) if not self.is_bound else peers  # type: ignore[attr-defined]


class EnrolOnRunForm(DkfdsForm):
    """On a peer's plan: choose a run of the module."""

    run = forms.ModelChoiceField(
        label=_("Module run"), queryset=ModuleRun.objects.none(), empty_label=_("Choose a run")
    )

    def __init__(self, *args: Any, runs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["run"]
        field.queryset = runs  # type: ignore[attr-defined]
        field.label_from_instance = _run_label  # type: ignore[attr-defined]


def _run_label(run: ModuleRun) -> str:
    from django.utils import formats

    taken = getattr(run, "places_taken", None)
    label = f"{run.module.name}: {formats.date_format(run.starts_on, 'SHORT_DATE_FORMAT')}"
    if run.place:
        label += f", {run.place}"
    if taken is not None:
        left = max(0, run.capacity - taken)
        label += " – " + str(_("full") if left == 0 else _("%(left)s places left") % {"left": left})
    return label


class CompletionForm(DkfdsForm):
    completed_on = forms.DateField(label=_("Completed on"))


class RecognisedCompletionForm(DkfdsForm):
    module = forms.ModelChoiceField(label=_("Module"), queryset=EducationModule.objects.none())
    completed_on = forms.DateField(label=_("Completed on"))
    note = forms.CharField(
        label=_("Where or how"),
        max_length=200,
        required=False,
        help_text=_("For example “Peer-uddannelsen i Region Hovedstaden, 2024”."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = EducationModule.objects.of(organisation).exclude(  # type: ignore[attr-defined]
            kind=ModuleKind.INTRODUCTION
        )


class TickForm(DkfdsForm):
    ticked_on = forms.DateField(label=_("Done on"))


class RuleForm(DkfdsForm):
    """A rule as up to four requirements; each is met by any one of its ticked modules."""

    GROUPS = 4

    needs_admission_experience = forms.BooleanField(
        label=_("Must have been admitted to a psychiatric ward"),
        required=False,
        help_text=_("The bridge-builder model asks this of peers on the wards."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = EducationModule.objects.of(organisation).order_by("position", "name")
        for index in range(1, self.GROUPS + 1):
            self.fields[f"group_{index}"] = forms.ModelMultipleChoiceField(
                label=_("Requirement %(number)s – any one of") % {"number": index},
                queryset=modules,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.order_fields([*(f"group_{i}" for i in range(1, self.GROUPS + 1)), "needs_admission_experience"])

    def groups(self) -> list[list[EducationModule]]:
        return [list(self.cleaned_data.get(f"group_{i}") or []) for i in range(1, self.GROUPS + 1)]


class PolicyForm(DkfdsModelForm):
    class Meta:
        model = EducationPolicy
        fields = ["deadline_months", "first_warning_days", "second_warning_days"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("first_warning_days"), cleaned.get("second_warning_days")
        if first is not None and second is not None and second >= first:
            self.add_error(
                "second_warning_days", _("The second warning must come closer to the deadline than the first.")
            )
        if cleaned.get("deadline_months") == 0:
            self.add_error("deadline_months", _("The deadline must be at least one month."))
        return cleaned

    def _post_clean(self) -> None:
        if self.errors:
            return
        super()._post_clean()  # type: ignore[misc]


# --- Support ---------------------------------------------------------------------------------------------------------


class SeriesForm(DkfdsModelForm):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    participants = PeerMultipleChoiceField(
        label=_("Participants"), queryset=Peer.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Leave empty for the usual length: supervision 60, ERFA group 150, collaboration forum 90."),
    )

    class Meta:
        model = MeetingSeries
        fields = [
            "kind",
            "title",
            "programme",
            "ordinal",
            "weekday",
            "every_months",
            "start_time",
            "duration_minutes",
            "place",
            "starts_on",
            "ends_on",
            "required",
            "participants",
        ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.of(organisation).active()  # type: ignore[attr-defined]
        self.fields["programme"].required = False
        self.fields["participants"].queryset = current_peers(organisation)  # type: ignore[attr-defined]
        self.fields["every_months"].widget.attrs.update({"min": 1, "max": 12})
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty for the kind's name, e.g. “Gruppesupervision”.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The series ends before it starts. Put the dates in the right order."))
        months = cleaned.get("every_months")
        if months is not None and not 1 <= months <= 12:
            self.add_error("every_months", _("A series repeats every 1 to 12 months."))
        return cleaned

    def _post_clean(self) -> None:
        if self.errors:
            return
        super()._post_clean()  # type: ignore[misc]


class CancelMeetingForm(DkfdsForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("For example “holiday” or “the supervisor is ill”."),
    )


class AttendanceForm(DkfdsForm):
    """One radio group per peer: present, excused or absent."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self.key(row.peer)] = forms.ChoiceField(
                label=row.peer.full_name,
                choices=AttendanceStatus.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=row.status or None,
            )

    @staticmethod
    def key(peer: Peer) -> str:
        return f"peer_{peer.code.hex}"

    def marks(self) -> dict[Peer, str]:
        return {row.peer: self.cleaned_data.get(self.key(row.peer)) or "" for row in self.rows}


class FollowUpRecordForm(DkfdsForm):
    held_on = forms.DateField(label=_("Date"))
    form = forms.ChoiceField(label=_("Form"), choices=FollowUpForm.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Practical note"),
        max_length=140,
        required=False,
        help_text=_("Only practical things, e.g. “call again after the holiday”. Never what you talked about."),
    )

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The follow-up is dated in the future. Record it once it has happened."))
        return held_on


class MentorForm(DkfdsForm):
    mentor = PeerChoiceField(
        label=_("Mentor"),
        queryset=Peer.objects.none(),
        required=False,
        empty_label=_("No mentor"),
        help_text=_("A colleague the peer can turn to (model 1: mentor among colleagues)."),
    )

    def __init__(self, *args: Any, peer: Peer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = current_peers(peer.organisation).exclude(pk=peer.pk)  # type: ignore[attr-defined]
        self.fields["mentor"].initial = peer.mentor_id


MEETING_KIND_CHOICES = [("", _("All kinds")), *MeetingKind.choices]


class CalendarFilterForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MEETING_KIND_CHOICES, required=False)


def ordinal_label(value: int) -> str:
    return str(Ordinal(value).label)
