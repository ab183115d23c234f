"""Forms of the referral flow: staff referral, public self-referral, settings, answers to proposals."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm
from core.models import Programme, Role, Unit
from people.models import Gender, Language, LegalBasis, LivedExperienceArea
from public import spam
from public.forms import HONEYPOT_MESSAGE, RATE_LIMIT_MESSAGE, TOKEN_MESSAGES
from referrals import eligibility, services
from referrals.eligibility import AGE
from referrals.models import WEIGHT_FIELDS, ContactVia, ExclusionCriterion, Flow, MeetingPlace, ReferrerKind
from referrals.selectors import eligibility_rules_for, settings_for
from referrals.slots import SLOT_CHOICES
from referrals.texts import refusals_of

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
GENDER_WISHES = [("", _("No wish")), (Gender.WOMAN, _("A woman")), (Gender.MAN, _("A man"))]
STAFF_FLOWS = [(v, label) for v, label in Flow.choices if v != Flow.SELF]
STAFF_REFERRERS = [(v, label) for v, label in ReferrerKind.choices if v != ReferrerKind.CITIZEN]


class _WishesMixin(forms.Form):
    """The citizen's wishes for the match, shared by staff and self-referral."""

    languages = forms.MultipleChoiceField(
        label=_("Languages the citizen can talk in"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    availability = forms.MultipleChoiceField(
        label=_("When can the citizen meet?"),
        help_text=_("Tick every time of the week that usually suits."),
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_places = forms.MultipleChoiceField(
        label=_("Where would the citizen like to meet?"),
        choices=MeetingPlace.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    wished_gender = forms.ChoiceField(
        label=_("Would the citizen prefer a peer who is …"),
        choices=GENDER_WISHES,
        widget=forms.RadioSelect,
        required=False,
    )
    wished_age_min = forms.IntegerField(label=_("Peer aged at least"), min_value=18, max_value=99, required=False)
    wished_age_max = forms.IntegerField(label=_("Peer aged at most"), min_value=18, max_value=99, required=False)
    wished_areas = forms.MultipleChoiceField(
        label=_("Lived experience the citizen would like to have in common with the peer"),
        help_text=_("Only with the citizen's consent below. Leave empty if it does not matter."),
        choices=LivedExperienceArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    lived_experience_consent = forms.BooleanField(
        label=_("The citizen agrees that these areas are used to find a peer"), required=False
    )

    def clean_wishes(self, cleaned: dict[str, Any]) -> None:
        low, high = cleaned.get("wished_age_min"), cleaned.get("wished_age_max")
        if low is not None and high is not None and low > high:
            self.add_error("wished_age_max", _("The highest age must not be below the lowest."))
        if cleaned.get("wished_areas") and not cleaned.get("lived_experience_consent"):
            self.add_error(
                "lived_experience_consent",
                _(
                    "Lived-experience areas can be used only with the citizen's consent. Tick the consent or empty the areas."
                ),
            )

    def wishes(self) -> services.Wishes:
        data = self.cleaned_data
        return services.Wishes(
            languages=data["languages"],
            availability=data["availability"],
            gender=data.get("wished_gender") or "",
            age_min=data.get("wished_age_min"),
            age_max=data.get("wished_age_max"),
            areas=data.get("wished_areas") or [],
            meeting_places=data.get("meeting_places") or [],
        )


class _CriteriaMixin(forms.Form):
    old_enough = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    applies = forms.MultipleChoiceField(
        label=_("Does any of this apply to the citizen?"),
        help_text=_("Tick what applies. Leave empty when none of it applies."),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    programme: Programme

    def set_up_criteria(self, programme: Programme, *, age_label: Any) -> None:
        rules = eligibility_rules_for(programme)
        self.fields["old_enough"].label = age_label % {"age": rules.min_age}
        applies = self.fields["applies"]
        assert isinstance(applies, forms.MultipleChoiceField)
        if rules.exclusions:
            labels = dict(ExclusionCriterion.choices)
            applies.choices = [(code, labels[code]) for code in rules.exclusions]
        else:
            del self.fields["applies"]

    def answers(self) -> eligibility.Answers:
        data = self.cleaned_data
        return eligibility.Answers(
            old_enough=data.get("old_enough") == "yes", applies=frozenset(data.get("applies") or [])
        )

    def clean_criteria(self, cleaned: dict[str, Any]) -> None:
        if "old_enough" not in cleaned:
            return
        failed = eligibility.failed(eligibility.check(eligibility_rules_for(self.programme), self.answers()))
        if failed:
            explanations = refusals_of(self.programme, failed)
            field = "old_enough" if AGE in failed else "applies"
            self.add_error(field, ValidationError([*explanations], code="not_eligible"))


class ReferralForm(_CriteriaMixin, _WishesMixin, DkfdsForm):
    """A staff member refers a citizen. Only the personal data the flow needs."""

    first_name = forms.CharField(label=_("The citizen's first name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, help_text=_("So that the peer can make contact.")
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    municipality = forms.CharField(label=_("Municipality the citizen lives in"), max_length=100)
    flow = forms.ChoiceField(label=_("Where is the citizen now?"), choices=STAFF_FLOWS, widget=forms.RadioSelect)
    unit = forms.ModelChoiceField(
        label=_("Ward, clinic or service"), queryset=Unit.objects.none(), required=False, to_field_name="code"
    )
    transition_on = forms.DateField(
        label=_("Expected discharge or end of treatment"),
        required=False,
        help_text=_("If known. The peer can help bridge the time after it."),
    )
    referrer_kind = forms.ChoiceField(label=_("You refer as"), choices=STAFF_REFERRERS, widget=forms.RadioSelect)
    contact_via = forms.ChoiceField(
        label=_("How should the peer make contact?"),
        choices=ContactVia.choices,
        widget=forms.RadioSelect,
        initial=ContactVia.DIRECT,
    )
    criteria_checked = forms.BooleanField(
        label=_("I confirm that I have checked the criteria above with the citizen or the treatment team")
    )
    peer_support_consent = forms.BooleanField(
        label=_("The citizen has been told about peer support and wants to be referred")
    )
    basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.CONSENT)
    contact_consent = forms.BooleanField(label=_("The citizen agrees to be contacted by e-mail or SMS"), required=False)
    note = forms.CharField(
        label=_("Practical note for the coordinator"),
        help_text=_("For example the best time to call. Do not write about the citizen's health."),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = [
        "first_name", "last_name", "phone", "email", "municipality",
        "flow", "unit", "transition_on", "referrer_kind", "contact_via",
        "old_enough", "applies", "criteria_checked",
        "peer_support_consent", "basis", "contact_consent",
        "languages", "availability", "meeting_places", "wished_gender", "wished_age_min", "wished_age_max",
        "wished_areas", "lived_experience_consent", "note",
    ]  # fmt: skip

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        default_kind: str = "",
        default_unit: Any = None,
        known_citizen: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if known_citizen is not None:
            # Referring a citizen already registered: their details are not typed again.
            for name in ("first_name", "last_name", "phone", "email", "municipality"):
                del self.fields[name]
        self.set_up_criteria(programme, age_label=_("Is the citizen %(age)s years or older?"))
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.of(programme.organisation).filter(active=True).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("languages", ["da"])
            if default_kind:
                self.initial.setdefault("referrer_kind", default_kind)
            if default_unit:
                self.initial.setdefault("unit", default_unit)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_criteria(cleaned)
        self.clean_wishes(cleaned)
        return cleaned

    def citizen_details(self) -> services.CitizenDetails:
        data = self.cleaned_data
        return services.CitizenDetails(
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            email=data["email"],
            phone=data["phone"].strip(),
            municipality=data["municipality"].strip(),
        )

    def consents(self) -> services.Consents:
        data = self.cleaned_data
        return services.Consents(
            basis=data["basis"],
            lived_experience=bool(data.get("lived_experience_consent")),
            contact=bool(data.get("contact_consent")),
        )


class SelfReferralForm(_CriteriaMixin, _WishesMixin, DkfdsForm):
    """A citizen asks for a peer on the public site, without logging in; with the contact form's spam checks."""

    first_name = forms.CharField(
        label=_("Your first name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    municipality = forms.CharField(label=_("The municipality you live in"), max_length=100)
    consent = forms.BooleanField(
        label=_("I agree that the coordinator stores what I write here to find a peer for me and contacts me")
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        template_name="public/forms/honeypot_field.html",  # type: ignore[call-arg]
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = [
        "first_name", "phone", "email", "municipality", "old_enough", "applies",
        "languages", "availability", "meeting_places", "wished_gender", "wished_age_min", "wished_age_max",
        "wished_areas", "lived_experience_consent", "consent", "website", "form_token",
    ]  # fmt: skip

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.set_up_criteria(programme, age_label=_("Are you %(age)s years or older?"))
        if "applies" in self.fields:
            self.fields["applies"].label = _("Does any of this apply to you?")
        self.fields["languages"].label = _("Languages you can talk in")
        self.fields["availability"].label = _("When can you meet?")
        self.fields["meeting_places"].label = _("Where would you like to meet?")
        self.fields["wished_gender"].label = _("Would you prefer a peer who is …")
        self.fields["wished_areas"].label = _("Lived experience you would like to have in common with your peer")
        self.fields["wished_areas"].help_text = _("Leave empty if it does not matter to you.")
        self.fields["lived_experience_consent"].label = _("I agree that these areas are used to find a peer for me")
        if not self.is_bound:
            self.initial.setdefault("languages", ["da"])
            self.initial.setdefault("form_token", spam.issue_form_token())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        if not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Give a phone number or an e-mail address, so that we can reach you."))
        self.clean_criteria(cleaned)
        self.clean_wishes(cleaned)
        if self.errors:
            return cleaned
        problem = spam.check_form_token(cleaned.get("form_token") or "")
        if problem is not None:
            raise ValidationError(TOKEN_MESSAGES[problem], code=problem.value)
        return cleaned

    def renew_token_if_stale(self) -> None:
        token = str(self.data.get(self.add_prefix("form_token")) or "")
        if spam.check_form_token(token) in {spam.TokenProblem.EXPIRED, spam.TokenProblem.INVALID}:
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data[self.add_prefix("form_token")] = spam.issue_form_token()
            self.data = data

    def reject_for_rate_limit(self) -> None:
        self.add_error(None, ValidationError(RATE_LIMIT_MESSAGE, code="rate_limited"))

    def citizen_details(self) -> services.CitizenDetails:
        data = self.cleaned_data
        return services.CitizenDetails(
            first_name=data["first_name"].strip(),
            email=data["email"],
            phone=data["phone"].strip(),
            municipality=data["municipality"].strip(),
        )

    def consents(self) -> services.Consents:
        return services.Consents(
            basis=LegalBasis.CONSENT,
            lived_experience=bool(self.cleaned_data.get("lived_experience_consent")),
            contact=True,
        )


ROLE_LABELS = {
    Role.KEY_PERSON: _("Key persons and contact persons"),
    Role.COORDINATOR: _("Coordinators"),
    Role.LEAD: _("Leads"),
    Role.PEER: _("Peers (colleagues)"),
}

WEIGHT_LABELS = {
    "location": _("Living close to each other"),
    "areas": _("Lived experience the citizen wished for"),
    "gender": _("The citizen's wish about gender"),
    "age": _("The citizen's wish about age"),
    "load": _("Spreading the work between peers"),
    "waiting": _("Waiting time"),
    "continuity": _("A peer the citizen knows"),
}


class ReferralSettingsForm(DkfdsForm):
    referrer_roles = forms.MultipleChoiceField(
        label=_("Who may refer citizens?"), choices=list(ROLE_LABELS.items()), widget=forms.CheckboxSelectMultiple
    )
    exclusions = forms.MultipleChoiceField(
        label=_("Exclusion criteria"),
        help_text=_("The referrer confirms that none of the chosen criteria applies."),
        choices=ExclusionCriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    digest_to_leads = forms.BooleanField(
        label=_("Tell the partnership's leads every Monday which peers have free places"), required=False
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = settings_for(programme)
        from referrals.engine_input import weights_for

        weights = weights_for(programme)
        for name in WEIGHT_FIELDS:
            self.fields[f"weight_{name}"] = forms.DecimalField(
                label=WEIGHT_LABELS[name], min_value=0, max_value=100, decimal_places=1, max_digits=4
            )
            self._style_once(self.fields[f"weight_{name}"])
            self.initial.setdefault(f"weight_{name}", getattr(weights, name))
        self.initial.setdefault("referrer_roles", current.referrer_roles)
        self.initial.setdefault("exclusions", current.exclusions)
        self.initial.setdefault("digest_to_leads", current.digest_to_leads)

    def weights(self) -> dict[str, float]:
        return {name: float(self.cleaned_data[f"weight_{name}"]) for name in WEIGHT_FIELDS}


class ReasonForm(DkfdsForm):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class WithdrawForm(DkfdsForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)
