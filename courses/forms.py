"""Forms of the courses app: descriptions, runs, sessions, team, registration, attendance, checklists,
the co-teachers' agreement, the catalogue's filters and the report period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm
from core.models import Membership, Organisation, Programme, Role, Unit, User
from courses.checklists import EVALUATION_SECTIONS, QUALITY_SECTIONS, Section
from courses.models import COURSE_MODELS, CourseKind, Perspective, Season, TeamRole, Theme
from courses.registration_services import phone_key
from courses.services import AGREEMENT_FIELDS, Description
from people.models import Peer, PeerStatus


def course_programmes(organisation: Organisation) -> list[Programme]:
    """The organisation's active programmes of a model that runs courses or groups."""
    return list(Programme.objects.of(organisation).active().filter(model__in=COURSE_MODELS).order_by("name"))


class CourseSettingsForm(DkfdsForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    unit = forms.ModelChoiceField(
        label=_("School or place"),
        queryset=Unit.objects.none(),
        help_text=_("The recovery school, clinic or service that offers the course."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CourseKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Open course: anyone signs up. Closed group: by referral only. Drop-in: no registration, a headcount."
        ),
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme_field: forms.ModelChoiceField = self.fields["programme"]  # type: ignore[assignment]
        programme_field.queryset = Programme.objects.of(organisation).active().filter(model__in=COURSE_MODELS)
        unit_field: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = Unit.objects.of(organisation).filter(active=True)


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class DescriptionForm(DkfdsForm):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("Short and informative."))
    target_group = forms.CharField(
        label=_("Target group"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only if it differs from the school's general target group, e.g. special requirements."),
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The knowledge, skills, insight and understanding the participant is expected to gain."),
    )
    learning_goals = forms.CharField(
        label=_("Learning goals"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("3 to 5 goals, one on each line: what the participant can do at the end of the course."),
    )
    content = forms.CharField(
        label=_("Content"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The content or themes of the course, for example as a list."),
    )
    facilitators = forms.CharField(
        label=_("Facilitators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One on each line, the lead first: name; phone; e-mail."),
    )
    methods = forms.CharField(
        label=_("Didactic methods and homework"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    literature = forms.CharField(label=_("Literature"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    season = forms.ChoiceField(label=_("Term"), choices=Season.choices)
    weeks = forms.IntegerField(label=_("Number of weeks"), min_value=1, max_value=52)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=Decimal("0.5"), max_value=40, max_digits=4, decimal_places=1
    )
    min_participants = forms.IntegerField(label=_("Minimum participants"), min_value=1, max_value=200)
    max_participants = forms.IntegerField(label=_("Maximum participants"), min_value=1, max_value=200)
    evaluation = forms.CharField(
        label=_("Evaluation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the participants evaluate the course, e.g. session feedback after every session."),
    )

    def clean_learning_goals(self) -> list[str]:
        goals = _lines(self.cleaned_data["learning_goals"])
        if not 3 <= len(goals) <= 5:
            raise forms.ValidationError(
                _("Write 3 to 5 learning goals, one on each line (you wrote %(count)s)."),
                params={"count": len(goals)},
            )
        return goals

    def clean_facilitators(self) -> list[dict[str, str]]:
        result = []
        for line in _lines(self.cleaned_data.get("facilitators", "")):
            parts = [p.strip() for p in line.split(";")] + ["", ""]
            result.append({"name": parts[0], "phone": parts[1], "email": parts[2]})
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_participants"), data.get("max_participants")
        if low is not None and high is not None and low > high:
            self.add_error("min_participants", _("The minimum number of participants cannot be above the maximum."))
        return data

    def description(self) -> Description:
        data = self.cleaned_data
        return Description(**{name: data[name] for name in Description.__dataclass_fields__})

    @staticmethod
    def initial_from(description: Description) -> dict[str, Any]:
        values: dict[str, Any] = dict(description.__dict__)
        values["learning_goals"] = "\n".join(description.learning_goals)
        values["facilitators"] = "\n".join(
            "; ".join(x for x in (f.get("name", ""), f.get("phone", ""), f.get("email", "")) if x)
            for f in description.facilitators
        )
        return values


class ChecklistForm(DkfdsForm):
    """A checklist as a form: for each item a tick ("talked through") and a comment."""

    facilitators = forms.CharField(label=_("Facilitators"), max_length=300)

    def __init__(self, *args: Any, sections: tuple[Section, ...], with_ticks: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.with_ticks = with_ticks
        for section in sections:
            for item in section.items:
                key = f"{section.key}.{item.key}"
                if with_ticks:
                    self.fields[f"{key}.ok"] = forms.BooleanField(label=item.text, required=False)
                self.fields[f"{key}.comment"] = forms.CharField(
                    label=_("Comments") if with_ticks else item.text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def grouped(self) -> list[tuple[Section, list[Any]]]:
        groups = []
        for section in self.sections:
            fields = []
            for item in section.items:
                key = f"{section.key}.{item.key}"
                if self.with_ticks:
                    fields.append(self[f"{key}.ok"])
                fields.append(self[f"{key}.comment"])
            groups.append((section, fields))
        return groups

    def answers(self) -> dict[str, dict[str, Any]]:
        result = {}
        for section in self.sections:
            for item in section.items:
                key = f"{section.key}.{item.key}"
                entry: dict[str, Any] = {"comment": self.cleaned_data.get(f"{key}.comment", "")}
                if self.with_ticks:
                    entry["ok"] = bool(self.cleaned_data.get(f"{key}.ok"))
                result[key] = entry
        return result

    @staticmethod
    def initial_from(facilitators: str, answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {"facilitators": facilitators}
        for key, entry in answers.items():
            initial[f"{key}.comment"] = entry.get("comment", "")
            initial[f"{key}.ok"] = entry.get("ok", False)
        return initial


def quality_form(*args: Any, **kwargs: Any) -> ChecklistForm:
    return ChecklistForm(*args, sections=QUALITY_SECTIONS, with_ticks=True, **kwargs)


def evaluation_form(*args: Any, **kwargs: Any) -> ChecklistForm:
    return ChecklistForm(*args, sections=EVALUATION_SECTIONS, with_ticks=False, **kwargs)


class RunForm(DkfdsForm):
    unit = forms.ModelChoiceField(label=_("Place"), queryset=Unit.objects.none())
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    capacity = forms.IntegerField(
        label=_("Places"), min_value=1, max_value=500, required=False, help_text=_("Leave empty for a drop-in.")
    )
    min_participants = forms.IntegerField(
        label=_("Minimum participants"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("The lead is warned before the start if fewer have signed up."),
    )

    def __init__(self, *args: Any, organisation: Organisation, drop_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = Unit.objects.of(organisation).filter(active=True)
        if drop_in:
            del self.fields["capacity"]
            del self.fields["min_participants"]


class SessionForm(DkfdsForm):
    day = forms.DateField(label=_("Date"))
    start = forms.TimeField(label=_("Starts at"))
    minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=1,
        max_value=1440,
        required=False,
        help_text=_("Leave empty for the programme's usual session length."),
    )
    room = forms.CharField(
        label=_("Room"), max_length=100, required=False, help_text=_("Leave empty to use the run's room.")
    )
    topic = forms.CharField(label=_("Theme of the session"), max_length=200, required=False)


class SessionEditForm(SessionForm):
    minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=1, max_value=1440)


class SeriesForm(DkfdsForm):
    first_day = forms.DateField(label=_("First date"))
    count = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=52)
    every_weeks = forms.IntegerField(label=_("Weeks between sessions"), min_value=1, max_value=8, initial=1)
    start = forms.TimeField(label=_("Starts at"))
    minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=1,
        max_value=1440,
        required=False,
        help_text=_("Leave empty for the programme's usual session length."),
    )
    room = forms.CharField(
        label=_("Room"), max_length=100, required=False, help_text=_("Leave empty to use the run's room.")
    )
    topics = forms.CharField(
        label=_("Themes of the sessions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: one theme on each line, in the order of the sessions."),
    )

    def clean_topics(self) -> list[str]:
        return _lines(self.cleaned_data.get("topics", ""))


class ReasonForm(DkfdsForm):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


def _staff_of(organisation: Organisation) -> Any:
    roles = [Role.TEACHER, Role.COORDINATOR, Role.LEAD, Role.PEER, Role.KEY_PERSON]
    member_ids = Membership.objects.filter(organisation=organisation, active=True, role__in=roles).values("user_id")
    return User.objects.filter(pk__in=member_ids).order_by("first_name", "last_name", "email")


class TeamMemberForm(DkfdsForm):
    role = forms.ChoiceField(label=_("Role on the team"), choices=TeamRole.choices)
    peer = forms.ModelChoiceField(
        label=_("Peer"),
        queryset=Peer.objects.none(),
        required=False,
        help_text=_("For a peer teacher, a facilitator with dual competence or a peer facilitator."),
    )
    user = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For a professional teacher; staff members see their runs under “My course runs”."),
    )
    is_lead = forms.BooleanField(label=_("Lead (tovholder) of the run"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        peer_field: forms.ModelChoiceField = self.fields["peer"]  # type: ignore[assignment]
        peer_field.queryset = Peer.objects.of(organisation).filter(status=PeerStatus.ACTIVE)
        user_field: forms.ModelChoiceField = self.fields["user"]  # type: ignore[assignment]
        user_field.queryset = _staff_of(organisation)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("peer") and not data.get("user"):
            self.add_error("user", _("Choose a staff member or a peer."))
        return data


class RegistrationForm(DkfdsForm):
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Give an e-mail address or a phone number – one is enough."),
    )
    perspective = forms.ChoiceField(
        label=_("What do you come as? (optional)"),
        choices=Perspective.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Everyone takes part on equal terms. We use the answer only for counting."),
    )

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data.get("phone", "").strip()
        if phone and len(phone_key(phone)) < 8:
            raise forms.ValidationError(_("Write the phone number with at least 8 digits."))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("email")
            and not data.get("phone")
            and not self.has_error("phone")
            and not self.has_error("email")
        ):
            self.add_error("email", _("Give an e-mail address or a phone number so we can reach you."))
        return data


class StaffRegistrationForm(RegistrationForm):
    perspective = forms.ChoiceField(
        label=_("Perspective (optional)"), choices=Perspective.choices, required=False, widget=forms.RadioSelect
    )


class HeadcountForm(DkfdsForm):
    headcount = forms.IntegerField(label=_("How many came?"), min_value=0, max_value=1000)
    names = forms.CharField(
        label=_("Names (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only if the visitors want it, one on each line. Names are deleted after the retention period."),
    )

    def clean_names(self) -> list[str]:
        return _lines(self.cleaned_data.get("names", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names, count = data.get("names") or [], data.get("headcount")
        if count is not None and len(names) > count:
            self.add_error("names", _("You wrote more names than the number who came."))
        return data


class CoTeacherStartForm(DkfdsForm):
    co_teacher = forms.ChoiceField(label=_("Your co-teacher"))
    area = forms.CharField(label=_("Area of cooperation (e.g. a course)"), max_length=200, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        co_teacher: forms.ChoiceField = self.fields["co_teacher"]  # type: ignore[assignment]
        co_teacher.choices = choices


class CoTeacherAgreementForm(DkfdsForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from courses.models import CoTeacherAgreement

        super().__init__(*args, **kwargs)
        for name in AGREEMENT_FIELDS:
            label = CoTeacherAgreement._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            if name in ("area", "evaluation_when"):
                self.fields[name] = forms.CharField(label=label, max_length=200, required=name == "area")
            else:
                self.fields[name] = forms.CharField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )
            self._style_once(self.fields[name])


WEEKDAY_CHOICES = [
    ("", _("Any day")),
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


class CatalogueFilterForm(DkfdsForm):
    school = forms.ChoiceField(label=_("School"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    term = forms.ChoiceField(label=_("Term"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All themes")), *Theme.choices])
    place = forms.ChoiceField(label=_("Place"), required=False)
    weekday = forms.ChoiceField(label=_("Weekday"), required=False, choices=WEEKDAY_CHOICES)

    def __init__(
        self, *args: Any, choices: dict[str, list[tuple[str, str]]], with_school: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        school: forms.ChoiceField = self.fields["school"]  # type: ignore[assignment]
        school.choices = [("", _("All schools")), *choices["schools"]]
        programme: forms.ChoiceField = self.fields["programme"]  # type: ignore[assignment]
        programme.choices = [("", _("All programmes")), *choices.get("programmes", [])]
        term: forms.ChoiceField = self.fields["term"]  # type: ignore[assignment]
        term.choices = [("", _("All terms")), *choices["terms"]]
        place: forms.ChoiceField = self.fields["place"]  # type: ignore[assignment]
        place.choices = [("", _("All places")), *choices["places"]]
        if not with_school:
            del self.fields["school"]


class ReportForm(DkfdsForm):
    unit = forms.ModelChoiceField(label=_("School or place"), queryset=Unit.objects.none(), required=False)
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("To"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = Unit.objects.of(organisation)
        unit_field.empty_label = str(_("All schools and places"))

    @staticmethod
    def default_period(today: date | None = None) -> tuple[date, date]:
        day = today or timezone.localdate()
        return day - timedelta(days=365), day + timedelta(days=180)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end must be on or after the start."))
        return data
