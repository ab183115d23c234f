"""Forms for the organisation administrator's pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import retention
from core.forms import DkfdsForm, DkfdsModelForm
from core.models import AuditKind, Organisation, Partnership, Programme, Role, Unit
from core.programme_defaults import SETTING_LABELS, default_settings_for

PEER_KIND_CHOICES = [
    ("paid", _("Paid")),
    ("volunteer", _("Volunteer")),
    ("dual_competence", _("Dual competence")),
]


class UnitForm(DkfdsModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "address", "postcode", "city", "municipality", "site", "active"]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data.get("postcode", "")
        if value and (not value.isdigit() or len(value) != 4):
            raise forms.ValidationError(_("A Danish postcode has four digits."))
        return value

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        others = Unit.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("The organisation already has a unit with this name."))
        return name


def _limit_to_organisation(form: forms.ModelForm, organisation: Organisation) -> None:  # type: ignore[type-arg]
    """Units of the organisation, and only the partnerships it takes part in."""
    form.fields["units"].queryset = Unit.objects.of(organisation)  # type: ignore[attr-defined]
    form.fields["units"].required = False
    partnership = form.fields["partnership"]
    partnership.queryset = Partnership.objects.filter(organisations=organisation)  # type: ignore[attr-defined]
    partnership.empty_label = _("None – the organisation runs it alone")  # type: ignore[attr-defined]
    partnership.help_text = _("Partners in a partnership may share what a referral or a course needs.")


class ProgrammeCreateForm(DkfdsModelForm):
    class Meta:
        model = Programme
        fields = ["name", "model", "description", "partnership", "units"]
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_to_organisation(self, organisation)


class ProgrammeSettingsForm(DkfdsModelForm):
    """The programme's name and units, plus one field per default setting of its model."""

    class Meta:
        model = Programme
        fields = ["name", "description", "partnership", "units", "active"]
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_to_organisation(self, organisation)
        programme: Programme = self.instance
        self.setting_keys: list[str] = []
        for key, default in default_settings_for(programme.model).items():
            label, kind = SETTING_LABELS[key]
            field: forms.Field
            if kind == "bool":
                field = forms.BooleanField(label=label, required=False)
            elif kind == "int":
                field = forms.IntegerField(label=label, min_value=0)
            elif kind == "decimal":
                field = forms.DecimalField(label=label, min_value=0, max_digits=6, decimal_places=2, localize=True)
            else:
                field = forms.ChoiceField(label=label, choices=PEER_KIND_CHOICES)
            field.initial = programme.setting(key)
            field.help_text = _("Default from the seeds: %(value)s") % {"value": default}
            self.fields[f"setting_{key}"] = field
            self.setting_keys.append(key)

    def settings_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key in self.setting_keys:
            value = self.cleaned_data[f"setting_{key}"]
            if isinstance(value, Decimal):
                try:
                    value = int(value) if value == value.to_integral_value() else float(value)
                except InvalidOperation:
                    value = float(value)
            values[key] = value
        return values


class InviteForm(DkfdsForm):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Key persons and teachers usually belong to one unit."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.of(organisation)  # type: ignore[attr-defined]


class AddRoleForm(DkfdsForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.of(organisation)  # type: ignore[attr-defined]


class AuditSearchForm(DkfdsForm):
    q = forms.CharField(label=_("Action, user or object"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *AuditKind.choices], required=False)
    subject = forms.UUIDField(label=_("Person's code"), required=False)
    date_from = forms.DateField(label=_("From date"), required=False)
    date_to = forms.DateField(label=_("To date"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class RetentionForm(DkfdsForm):
    """One field per registered data type: the organisation's own period in days, or empty for the default."""

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = retention.periods_of(organisation)
        self.types = retention.registered()
        for retention_type in self.types:
            minimum = retention_type.minimum_days
            field = forms.IntegerField(
                label=str(retention_type.label),
                required=False,
                min_value=minimum,
                max_value=retention.MAXIMUM_DAYS,
                initial=own.get(retention_type.key),
                help_text=_("Days. Leave empty to use the default of %(default)s days (at least %(minimum)s).")
                % {"default": retention_type.default_days, "minimum": minimum},
                error_messages={
                    "min_value": _("Keep this for at least %(limit_value)s days."),
                    "max_value": _("Enter at most %(limit_value)s days."),
                    "invalid": _("Enter a whole number of days."),
                },
            )
            self.fields[self.field_name(retention_type.key)] = field

    @staticmethod
    def field_name(key: str) -> str:
        return "days_" + key.replace(".", "__")

    def periods(self) -> dict[str, int | None]:
        return {t.key: self.cleaned_data.get(self.field_name(t.key)) for t in self.types}

    def rows(self) -> list[tuple[retention.RetentionType, forms.BoundField]]:
        return [(t, self[self.field_name(t.key)]) for t in self.types]
