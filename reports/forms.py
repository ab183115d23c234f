from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm
from core.models import Organisation, Programme, Unit
from reports.selectors import programmes_of, units_of


class ReportFilterForm(DkfdsForm):
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("To and including"))
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("All programmes"),
        to_field_name="code",
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units"), to_field_name="code"
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme, unit = self.fields["programme"], self.fields["unit"]
        assert isinstance(programme, forms.ModelChoiceField) and isinstance(unit, forms.ModelChoiceField)
        programme.queryset = programmes_of(organisation)
        unit.queryset = units_of(organisation)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period must be on or after its start."))
        return cleaned
