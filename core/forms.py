"""Form rendering the DKFDS way (Det Fælles Designsystem).

Every form in Brobygger subclasses `DkfdsForm` or `DkfdsModelForm`. They put the DKFDS classes on
each widget, give date and time fields an example hint, and render through
`templates/forms/dkfds_form.html` (error summary at the top, then the fields) and
`templates/forms/dkfds_field.html` (label, "(optional)", hint, error message, widget; radio and
checkbox groups as fieldsets with legends).

Django itself links the hint and the error message to the input (aria-describedby with the ids
`<id>_helptext` and `<id>_error`) and sets aria-invalid on invalid inputs; the field template uses
those ids and marks the form group with the DKFDS error class `form-error`.
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.forms.widgets import Input
from django.template import TemplateDoesNotExist
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The class DKFDS puts on a form group whose field has an error.
ERROR_CLASS = "form-error"

DATE_EXAMPLE = _("For example 24.12.2026")
DATETIME_EXAMPLE = _("For example 24.12.2026 14:30")
TIME_EXAMPLE = _("For example 14:30")


class DkfdsFormRenderer(TemplatesSetting):
    """Renders forms and fields with the DKFDS templates from the project's template settings;
    widgets keep Django's own templates.

    TemplatesSetting finds Django's widget templates only when "django.forms" is an installed
    app, so a template the project's engines do not have comes from Django's built-in form
    templates instead.
    """

    form_template_name = "forms/dkfds_form.html"
    field_template_name = "forms/dkfds_field.html"

    def get_template(self, template_name: str) -> Any:
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return _builtin_form_templates().get_template(template_name)


@functools.cache
def _builtin_form_templates() -> DjangoTemplates:
    return DjangoTemplates()


def widget_css_class(widget: forms.Widget) -> str:
    """The DKFDS class for a widget, by widget type ("" for widgets that get none)."""
    if widget.is_hidden:
        return ""
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "form-checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "form-radio"
    if isinstance(widget, forms.Select | forms.SelectMultiple):  # includes NullBooleanSelect
        return "form-select"
    if isinstance(widget, forms.FileInput):
        return ""  # DKFDS styles the native file input as it is
    if isinstance(widget, forms.Textarea | Input):
        return "form-input"
    return ""


def _width_class(widget: forms.Widget) -> str:
    """A DKFDS width for inputs whose content is short, so the box hints at the expected answer."""
    if isinstance(widget, forms.DateTimeInput):
        return "input-width-m"
    if isinstance(widget, forms.DateInput | forms.TimeInput | forms.NumberInput):
        return "input-width-s"
    return ""


def _add_classes(widget: forms.Widget, *classes: str) -> None:
    existing = widget.attrs.get("class", "").split()
    for css_class in classes:
        if css_class and css_class not in existing:
            existing.append(css_class)
    if existing:
        widget.attrs["class"] = " ".join(existing)


def style_widget(widget: forms.Widget) -> None:
    """Put the DKFDS classes on a widget (and on each part of a multi-widget)."""
    if isinstance(widget, forms.MultiWidget):
        for sub in widget.widgets:
            style_widget(sub)
        return
    _add_classes(widget, widget_css_class(widget), _width_class(widget))


def _example_for(field: forms.Field) -> Any:
    if isinstance(field, forms.SplitDateTimeField):
        return None  # the two inputs carry their own labels; the field hint stays as written
    if isinstance(field, forms.DateTimeField):
        return DATETIME_EXAMPLE
    if isinstance(field, forms.DateField):
        return DATE_EXAMPLE
    if isinstance(field, forms.TimeField):
        return TIME_EXAMPLE
    return None


class DkfdsFormMixin:
    """Styles every field of the form instance for DKFDS. Cooperative: call order is safe with
    Django's own forms (e.g. `class ResetForm(DkfdsForm, PasswordResetForm)`).

    Fields a subclass adds after `super().__init__()` are styled when they are first rendered.
    """

    fields: dict[str, forms.Field]
    error_css_class = ERROR_CLASS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._dkfds_styled: set[int] = set()
        for field in self.fields.values():
            self._style_once(field)

    def __getitem__(self, name: str) -> Any:
        field = self.fields.get(name)
        if field is not None:
            self._style_once(field)
        return super().__getitem__(name)  # type: ignore[misc]

    def _style_once(self, field: forms.Field) -> None:
        if id(field) not in self._dkfds_styled:
            self._dkfds_styled.add(id(field))
            self.style_field(field)

    def style_field(self, field: forms.Field) -> None:
        """Put the DKFDS classes on the widget and the date/time example in the hint."""
        style_widget(field.widget)
        example = _example_for(field)
        if example is not None and not field.widget.is_hidden:
            # The hint text is what aria-describedby points at (`<id>_helptext`).
            field.help_text = format_lazy("{} {}", field.help_text, example) if field.help_text else example
        # Browsers' autofill suggestions for dates are other forms' dates: noise, not help.
        date_like = forms.DateInput | forms.DateTimeInput | forms.TimeInput
        if isinstance(field.widget, date_like) and "autocomplete" not in field.widget.attrs:
            field.widget.attrs["autocomplete"] = "off"


class DkfdsForm(DkfdsFormMixin, forms.Form):
    """A plain form rendered with DKFDS markup."""


class DkfdsModelForm(DkfdsFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A model form rendered with DKFDS markup."""
