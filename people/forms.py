from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import cpr as cpr_utils
from core.forms import DkfdsForm
from core.models import Organisation, Programme, Unit
from people.models import (
    AgeBand,
    Citizen,
    CompetenceCriterion,
    ConsentPurpose,
    Gender,
    InterviewScoreValue,
    Language,
    LegalBasis,
    LivedExperienceArea,
    Peer,
    PeerKind,
    PeerStatus,
    RecoveryDuration,
    Weekday,
)
from people.services import WeeklySlot


class CitizenForm(DkfdsForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=False,
        help_text=_("Only where an agreement needs it. Stored encrypted and shown masked."),
    )

    def __init__(self, *args: Any, organisation: Organisation, instance: Citizen | None = None, **kwargs: Any) -> None:
        self.organisation = organisation
        self.instance = instance
        super().__init__(*args, **kwargs)
        if not organisation.is_public_authority:
            self.fields["cpr"].help_text = _(
                "Associations should avoid CPR numbers; record one only if an agreement truly needs it."
            )

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data.get("cpr", "").strip()
        if not value:
            return ""
        number = cpr_utils.validate(value)
        others = Citizen.objects.of(self.organisation).with_cpr(number)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A citizen with this CPR number is already registered."))
        return number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            raise forms.ValidationError(_("Give an e-mail address or a phone number so the citizen can be reached."))
        return cleaned


class CitizenSearchForm(DkfdsForm):
    q = forms.CharField(label=_("Search by name, e-mail or CPR number"), required=False, max_length=100)


class ConsentForm(DkfdsForm):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.CONSENT)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class UnmaskForm(DkfdsForm):
    purpose = forms.CharField(
        label=_("Why do you need the full CPR number?"),
        max_length=200,
        help_text=_("The reason is logged and the citizen can see it."),
    )


# ---------------------------------------------------------------------------------------------------
# Recruitment
# ---------------------------------------------------------------------------------------------------

HOURS_NOT_NEGATIVE = _("Hours cannot be negative. Write 0 or more.")

# The consent the applicant gives; stored word for word with the application.
APPLICATION_CONSENT_TEXT = _(
    "I consent to the organisation I apply to processing the information in my application, including what I "
    "write about my mental health, in order to assess my application and contact me about it. If I am not "
    "offered a place, or I withdraw, my application is deleted %(days)s days after the decision. I can withdraw "
    "my consent at any time by writing to the organisation."
)


class HoneypotField(forms.CharField):
    """Hidden from people and screen readers by its template; bots fill it in."""

    def __init__(self) -> None:
        super().__init__(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.template_name = "people/forms/honeypot_field.html"


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool:
    return value == "yes"


class PeerApplicationForm(DkfdsForm):
    programme = forms.ChoiceField(
        label=_("Where would you like to be a peer?"),
        help_text=_("Choose the place and the kind of peer support you are applying for."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), help_text=_("We send a receipt and our answer here."))
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    municipality = forms.CharField(label=_("Municipality you live in"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), help_text=_("You must be 18 or older to be a peer."))
    motivation = forms.CharField(
        label=_("Why would you like to be a peer?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    lived_experience = forms.CharField(
        label=_("Your own experience of mental-health difficulties and recovery"),
        help_text=_("Tell as much as you are comfortable with: what you have lived through, and what helped you."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    recovery_duration = forms.ChoiceField(
        label=_("How long have you been in a recovery process?"),
        choices=RecoveryDuration.choices,
        widget=forms.RadioSelect,
    )
    has_admission_experience = forms.TypedChoiceField(
        label=_("Have you been admitted to a psychiatric ward?"),
        help_text=_("Needed for peer work on wards; not for other peer work."),
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
    )
    kind_wanted = forms.ChoiceField(
        label=_("Would you like paid work or to volunteer?"),
        choices=[(PeerKind.PAID, _("Paid work")), (PeerKind.VOLUNTEER, _("Volunteering"))],
        widget=forms.RadioSelect,
    )
    hours_wanted = forms.DecimalField(
        label=_("Hours a week you would like to work as a peer"),
        min_value=0,
        max_value=60,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"min_value": HOURS_NOT_NEGATIVE},
    )
    education = forms.CharField(
        label=_("Education and work experience"),
        help_text=_("For example school, courses, education, jobs. Formal qualifications matter less than experience."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    consent = forms.BooleanField(
        label="",
        error_messages={"required": _("Tick the box to consent; we cannot receive your application without it.")},
    )
    website = HoneypotField()

    def __init__(self, *args: Any, programmes: list[Programme], retention_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].help_text = self.consent_text(retention_days)
        self.programmes = {str(p.code): p for p in programmes}
        groups: dict[str, list[tuple[str, str]]] = {}
        for programme in programmes:
            groups.setdefault(programme.organisation.name, []).append((str(programme.code), programme.name))
        choices: list[Any] = [("", _("Choose…"))]
        choices += [(organisation, options) for organisation, options in groups.items()]
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ChoiceField)
        programme_field.choices = choices
        self.fields["consent"].label = _("I consent to the processing of my application")

    def clean_programme(self) -> Programme:
        programme = self.programmes.get(self.cleaned_data.get("programme", ""))
        if programme is None:
            raise forms.ValidationError(_("Choose where you would like to be a peer."))
        return programme

    def clean_birth_date(self) -> date:
        value: date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value >= today:
            raise forms.ValidationError(_("The date of birth must be before today."))
        if value.year < today.year - 110:
            raise forms.ValidationError(_("Check the year of your date of birth."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise forms.ValidationError(_("The application could not be sent. Leave the last field empty."))
        return cleaned

    @staticmethod
    def consent_text(retention_days: int) -> str:
        return str(APPLICATION_CONSENT_TEXT % {"days": retention_days})


class InterviewPlanForm(DkfdsForm):
    interview_at = forms.DateTimeField(label=_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("Address and room, or a video link."))
    notify_applicant = forms.BooleanField(
        label=_("Send the applicant an e-mail with the time and place"), required=False, initial=True
    )

    def clean_interview_at(self) -> datetime:
        value: datetime = self.cleaned_data["interview_at"]
        if value < timezone.now():
            raise forms.ValidationError(_("The time has passed. Choose a time in the future."))
        return value


class InterviewForm(DkfdsForm):
    held_on = forms.DateField(label=_("Date of the interview"))
    notes = forms.CharField(
        label=_("The panel's overall assessment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Focus on the applicant's relation to the work, not on their life story."),
    )

    def clean_held_on(self) -> date:
        value: date = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The interview date is in the future. Record the interview once it is held."))
        return value


CRITERION_GUIDANCE = {
    CompetenceCriterion.RECOVERY_REFLECTION: _(
        "Can tell about their own recovery process and what or who made a difference (turning points). "
        "Ask for example: How would you describe your own recovery process?"
    ),
    CompetenceCriterion.SELF_MANAGEMENT: _(
        "Can name concrete tools for when they feel worse, and would contact their manager if the work makes "
        "them worse. Ask for example: Do symptoms still come back now and then – what do you do then?"
    ),
    CompetenceCriterion.PSYCHIATRY_WORKPLACE: _(
        "Speaks without outspoken anger about the psychiatric system and reflects on how it supported, or could "
        "have supported, them. Ask for example: What is your view of psychiatric treatment and of medicine?"
    ),
    CompetenceCriterion.WORKPLACE: _(
        "Can be part of a larger organisation, follow rules and take feedback. "
        "Ask for example: How do you feel about getting feedback on your work?"
    ),
    CompetenceCriterion.ADMISSION: _(
        "Has been admitted to a psychiatric ward: the experience patients mirror themselves in at the first meeting."
    ),
}


class PanelAssessmentForm(DkfdsForm):
    """One panel member's scores against the competence profile."""

    panel_member = forms.CharField(
        label=_("Panel member"), max_length=150, help_text=_("Name and role, e.g. “Lone, ward nurse”.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion, label in CompetenceCriterion.choices:
            score = forms.TypedChoiceField(
                label=label,
                help_text=CRITERION_GUIDANCE[CompetenceCriterion(criterion)],
                choices=InterviewScoreValue.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Give a score from 1 to 4.")},
            )
            note = forms.CharField(
                label=format_lazy("{}: {}", _("Note"), label),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
            self.fields[f"score_{criterion}"] = score
            self.fields[f"note_{criterion}"] = note
            self.style_field(score)
            self.style_field(note)

    def scores(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {c: (int(data[f"score_{c}"]), data.get(f"note_{c}", "")) for c in CompetenceCriterion.values}


class OfferForm(DkfdsForm):
    kind = forms.ChoiceField(label=_("Kind of peer"), choices=PeerKind.choices, widget=forms.RadioSelect)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        min_value=0,
        max_value=60,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"min_value": HOURS_NOT_NEGATIVE},
    )
    invite_account = forms.BooleanField(
        label=_("Invite the new peer to log in to Brobygger"),
        required=False,
        initial=True,
        help_text=_("They get an e-mail with a link to choose a password, and then see their own page."),
    )


class DeclineForm(DkfdsForm):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=300,
        required=False,
        help_text=_("Only coordinators see it. It is deleted with the application."),
    )
    notify_applicant = forms.BooleanField(
        label=_("Send the applicant a kind e-mail with the answer"), required=False, initial=True
    )


class WithdrawForm(DkfdsForm):
    note = forms.CharField(label=_("Internal note"), max_length=300, required=False)


# ---------------------------------------------------------------------------------------------------
# Peers
# ---------------------------------------------------------------------------------------------------


class PeerForm(DkfdsForm):
    """The peer's profile, as the coordinator records it."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind of peer"), choices=PeerKind.choices, widget=forms.RadioSelect)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        min_value=0,
        max_value=60,
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"min_value": HOURS_NOT_NEGATIVE},
    )
    peer_work_share = forms.IntegerField(
        label=_("Share of the time spent on peer work (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("For paid peers: at least 2/3 (67 %) of the time should be peer work."),
        error_messages={
            "min_value": _("The share is between 0 and 100 %."),
            "max_value": _("The share is between 0 and 100 %."),
        },
    )
    capacity = forms.IntegerField(
        label=_("Citizens at a time"),
        min_value=0,
        max_value=50,
        initial=2,
        help_text=_("How many 1:1 courses the peer can have at once."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"), queryset=Programme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNSPECIFIED)
    age_band = forms.ChoiceField(label=_("Age"), choices=[("", "–"), *AgeBand.choices], required=False)
    has_admission_experience = forms.BooleanField(
        label=_("Has been admitted to a psychiatric ward"),
        required=False,
        help_text=_("Required for ward work in the bridge-builder model."),
    )
    lived_experience_areas = forms.MultipleChoiceField(
        label=_("Areas of lived experience"),
        choices=LivedExperienceArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Used to suggest matches with citizens – only with the peer's consent."),
    )
    lived_experience_consent = forms.BooleanField(
        label=_("The peer has consented to their areas of lived experience being recorded and used for matching"),
        required=False,
    )
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Peer.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, peer: Peer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.peer = peer
        units = self.fields["units"]
        programmes = self.fields["programmes"]
        mentor = self.fields["mentor"]
        assert isinstance(units, forms.ModelMultipleChoiceField)
        assert isinstance(programmes, forms.ModelMultipleChoiceField)
        assert isinstance(mentor, forms.ModelChoiceField)
        units.queryset = Unit.objects.of(organisation).filter(active=True).order_by("name")
        programmes.queryset = Programme.objects.of(organisation).active().order_by("name")
        mentors = Peer.objects.of(organisation).current().order_by("first_name", "last_name")
        mentor.queryset = mentors.exclude(pk=peer.pk) if peer is not None else mentors

    @classmethod
    def initial_for(cls, peer: Peer) -> dict[str, Any]:
        share = peer.peer_work_share
        return {
            **{f: getattr(peer, f) for f in PEER_TEXT_FIELDS},
            "peer_work_share": None if share is None else int((share * 100).quantize(Decimal("1"))),
            "units": list(peer.units.all()),
            "programmes": list(peer.programmes.all()),
            "mentor": peer.mentor,
            "lived_experience_consent": peer.lived_experience_consent_at is not None,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("lived_experience_areas") and not cleaned.get("lived_experience_consent"):
            self.add_error(
                "lived_experience_consent",
                _(
                    "Areas of lived experience are recorded only with the peer's consent. Tick the box when the "
                    "peer has consented, or remove the areas."
                ),
            )
        return cleaned

    def profile_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        share = data.pop("peer_work_share")
        data["peer_work_share"] = None if share is None else (Decimal(share) / 100).quantize(Decimal("0.01"))
        for key in ("units", "programmes", "lived_experience_consent", "status", "reason"):
            data.pop(key, None)
        return data


PEER_TEXT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "municipality",
    "kind",
    "hours_per_week",
    "capacity",
    "languages",
    "gender",
    "age_band",
    "has_admission_experience",
    "lived_experience_areas",
)


class NewPeerForm(PeerForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (PeerStatus.APPLICANT, PeerStatus.APPLICANT.label),
            (PeerStatus.IN_EDUCATION, PeerStatus.IN_EDUCATION.label),
            (PeerStatus.ACTIVE, PeerStatus.ACTIVE.label),
        ],
        initial=PeerStatus.ACTIVE,
        widget=forms.RadioSelect,
        help_text=_("A peer who already works with you is active; a new peer starts in education."),
    )

    field_order = ["status"]


class PauseForm(DkfdsForm):
    reason = forms.CharField(
        label=_("Reason for the pause"),
        max_length=300,
        help_text=_("A few words are enough, e.g. “holiday” or “needs a break”."),
        error_messages={"required": _("Give a reason for the pause.")},
    )
    expected_return = forms.DateField(label=_("Expected back"), required=False)

    def clean_expected_return(self) -> date | None:
        value: date | None = self.cleaned_data.get("expected_return")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The expected return cannot be before today."))
        return value


class ResumeForm(DkfdsForm):
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)


class EndForm(DkfdsForm):
    reason = forms.CharField(
        label=_("Reason for ending"), max_length=300, error_messages={"required": _("Give a reason for ending.")}
    )
    ended_on = forms.DateField(label=_("Last day"), required=False, help_text=_("Leave empty for today."))


class StatusForm(DkfdsForm):
    to_status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s, PeerStatus(s).label) for s in allowed]


class WeeklySlotForm(DkfdsForm):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=[("", "–"), *Weekday.choices], coerce=int, required=False)
    start = forms.TimeField(label=_("From"), required=False)
    end = forms.TimeField(label=_("To"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page explains the time format once, above all the rows, so the rows stay short.
        for field in self.fields.values():
            field.help_text = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weekday, start, end = cleaned.get("weekday"), cleaned.get("start"), cleaned.get("end")
        filled = [v for v in (weekday, start, end) if v not in (None, "")]
        if filled and len(filled) < 3 and not self.errors:
            for key in ("weekday", "start", "end"):
                if cleaned.get(key) in (None, ""):
                    self.add_error(key, _("Fill in the day, from and to – or leave all three empty."))
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("The time must end after it starts."))
        return cleaned

    def slot(self) -> WeeklySlot | None:
        data = self.cleaned_data
        if data.get("weekday") in (None, "") or not data.get("start") or not data.get("end"):
            return None
        return WeeklySlot(weekday=int(data["weekday"]), start=data["start"], end=data["end"])


class BaseWeeklySlotFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        slots = sorted(self.slots(), key=lambda s: (s.weekday, s.start))
        for first, second in itertools.pairwise(slots):
            if first.weekday == second.weekday and second.start < first.end:
                raise forms.ValidationError(
                    _("Two times on %(day)s overlap. Join them into one.") % {"day": Weekday(first.weekday).label}
                )

    def slots(self) -> list[WeeklySlot]:
        return [slot for form in self.forms if (slot := form.slot()) is not None]


WeeklySlotFormSet = forms.formset_factory(WeeklySlotForm, formset=BaseWeeklySlotFormSet, extra=0, max_num=21)


def weekly_formset(data: Any = None, *, peer: Peer, spare: int = 3) -> Any:
    initial = [{"weekday": s.weekday, "start": s.start, "end": s.end} for s in peer.availability.all()]
    initial += [{} for _i in range(spare)]
    # Every row is read, also one equal to its initial value: an unchanged row is still a wanted time.
    return WeeklySlotFormSet(data, initial=initial, prefix="slots", form_kwargs={"empty_permitted": False})


class ExceptionForm(DkfdsForm):
    starts_on = forms.DateField(label=_("From date"))
    ends_on = forms.DateField(label=_("To date"))
    available = forms.TypedChoiceField(
        label=_("In the period"),
        choices=[("no", _("Not available (e.g. holiday)")), ("yes", _("Available, also outside the usual times"))],
        coerce=_yes_no,
        initial="no",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The to date is before the from date. Put the dates in the right order."))
        return cleaned


class OverviewFilterForm(DkfdsForm):
    CURRENT = "current"
    ALL = "all"

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PeerKind.choices])
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False, empty_label=_("All programmes")
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    flagged = forms.BooleanField(label=_("Only paid peers below 2/3 peer work"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        programme = self.fields["programme"]
        unit = self.fields["unit"]
        assert isinstance(status, forms.ChoiceField)
        assert isinstance(programme, forms.ModelChoiceField)
        assert isinstance(unit, forms.ModelChoiceField)
        status.choices = [(self.CURRENT, _("Everyone not ended")), (self.ALL, _("All")), *PeerStatus.choices]
        programme.queryset = Programme.objects.of(organisation).order_by("name")
        unit.queryset = Unit.objects.of(organisation).order_by("name")
        # Filters change the list at once; the button stays for keyboard and screen-reader users.
        for name in ("status", "kind", "programme", "unit"):
            self.fields[name].widget.attrs["data-autosubmit"] = ""

    def filter(self, queryset: Any) -> Any:
        if not self.is_valid():
            return queryset.exclude(status=PeerStatus.ENDED)
        data = self.cleaned_data
        status = data.get("status") or self.CURRENT
        if status == self.CURRENT:
            queryset = queryset.exclude(status=PeerStatus.ENDED)
        elif status != self.ALL:
            queryset = queryset.filter(status=status)
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("programme"):
            queryset = queryset.filter(programmes=data["programme"])
        if data.get("unit"):
            queryset = queryset.filter(units=data["unit"])
        if data.get("flagged"):
            queryset = queryset.below_peer_work_share()
        if data.get("q"):
            for word in data["q"].split():
                queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset
