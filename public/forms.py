"""The contact form, with its spam checks (see public/spam.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm
from core.models import Organisation
from public import spam
from public.models import ContactTopic

MESSAGE_MAX_LENGTH = 5000

# Kind words for every refusal: the person keeps the typed text and only has to press Send again.
TOKEN_MESSAGES = {
    spam.TokenProblem.TOO_FAST: _(
        "That went faster than we expect from a person typing. Please read your message through once "
        "more and press Send again."
    ),
    spam.TokenProblem.EXPIRED: _(
        "The page was open for more than two hours, so we ask you to send your message again. "
        "Your text is still here: just press Send."
    ),
    spam.TokenProblem.INVALID: _(
        "We could not tell when the form was opened. Your text is still here: please press Send again."
    ),
}
HONEYPOT_MESSAGE = _(
    "Your message was not sent because the field “Leave this field empty” was filled in. "
    "Please empty it and press Send again."
)
RATE_LIMIT_MESSAGE = _(
    "We have received several messages from your connection within the last hour, so we cannot take "
    "more right now. Your text is still here; please try again in an hour."
)


class ContactForm(DkfdsForm):
    name = forms.CharField(label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We answer you here."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    topic = forms.ChoiceField(
        label=_("What is your message about?"), choices=ContactTopic.choices, widget=forms.RadioSelect
    )
    organisation = forms.ModelChoiceField(
        label=_("Who should receive your message?"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("I do not know – the partnership passes it on"),
        to_field_name="code",
        widget=forms.Select(attrs={"class": "input-width-xl"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        help_text=_("Please do not write about your health in more detail than your question needs."),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "class": "input-width-xl"}),
    )
    # The honeypot: hidden from people (and screen readers) by its template; bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        template_name="public/forms/honeypot_field.html",  # type: ignore[call-arg]  # Django ≥5, stubs lag
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = organisations or []
        if len(choices) > 1:
            field = self.fields["organisation"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in choices]).order_by("name")
        else:
            # With one organisation (or none) there is nothing to choose.
            del self.fields["organisation"]
        if not self.is_bound:
            self.initial.setdefault("form_token", spam.issue_form_token())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        if self.errors:
            # The person has fields to correct first; by the time they send again, the token is
            # old enough (and a stale one is renewed silently, see renew_token_if_stale).
            return cleaned
        problem = spam.check_form_token(cleaned.get("form_token") or "")
        if problem is not None:
            raise ValidationError(TOKEN_MESSAGES[problem], code=problem.value)
        return cleaned

    def renew_token_if_stale(self) -> None:
        """Before the form is shown again: replace an expired or broken token with a fresh one, so
        that pressing Send again works. A too-fast token is kept: it becomes valid by itself."""
        token = str(self.data.get(self.add_prefix("form_token")) or "")
        if spam.check_form_token(token) in {spam.TokenProblem.EXPIRED, spam.TokenProblem.INVALID}:
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data[self.add_prefix("form_token")] = spam.issue_form_token()
            self.data = data

    def reject_for_rate_limit(self) -> None:
        self.add_error(None, ValidationError(RATE_LIMIT_MESSAGE, code="rate_limited"))
