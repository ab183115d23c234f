"""Forms for agreements and documents: input cleaned into domain values, with clear Danish messages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements import texts
from agreements.models import EndedBy, FunctionRole, RenewalOutcome
from agreements.selectors import ListFilter, coordinators_of
from core import cpr as cpr_utils
from core.forms import DkfdsForm
from core.models import Organisation, Programme, Unit, User

MAX_SCAN_BYTES = 10 * 1024 * 1024
# What a file starts with, for the three kinds of scan accepted.
SCAN_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
]

DATES_ORDER = _("The end date must be on or after the start date.")


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AgreementForm(DkfdsForm):
    """The volunteer agreement's details. The text comes from the organisation's template."""

    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), label=_("Programme"))
    coordinator = UserChoiceField(queryset=User.objects.none(), label=_("Coordinator"), required=False)
    role = forms.ChoiceField(
        label=_("Function description handed out with the agreement"),
        choices=FunctionRole.choices,
        initial=FunctionRole.PEER,
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=4, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        required=False,
        help_text=_("Only where the agreement truly needs it. Stored encrypted and shown masked."),
    )
    cpr_reason = forms.CharField(
        label=_("Why does the agreement need the CPR number?"),
        max_length=300,
        required=False,
        help_text=_("Needed when an association records a CPR number."),
    )
    starts_on = forms.DateField(label=_("Start date"))
    ends_on = forms.DateField(
        label=_("The first period ends"),
        required=False,
        help_text=_("Leave empty to use the programme's period (half a year unless your organisation set otherwise)."),
    )
    insurance = forms.CharField(label=_("Insurance"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    transport_covered = forms.BooleanField(label=_("Transport is covered"), required=False, initial=True)
    may_request_record_check = forms.BooleanField(
        label=_("We may ask for a criminal-record certificate at the start"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        with_text: bool = False,
        masked_cpr: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.masked_cpr = masked_cpr
        if masked_cpr:
            self.fields["cpr"].help_text = _(
                "Registered: %(masked)s. Leave empty to keep it, or type a new number."
            ) % {"masked": masked_cpr}
            self.fields["remove_cpr"] = forms.BooleanField(label=_("Remove the CPR number"), required=False)
        self.fields["programme"].queryset = Programme.objects.of(organisation).active()  # type: ignore[attr-defined]
        self.fields["coordinator"].queryset = coordinators_of(organisation)  # type: ignore[attr-defined]
        if not organisation.is_public_authority:
            self.fields["cpr"].help_text = _(
                "Associations should avoid CPR numbers; record one only if the agreement truly needs it, and say why."
            )
        if with_text:
            self.fields["text"] = forms.CharField(
                label=_("Agreement text"),
                widget=forms.Textarea(attrs={"rows": 20}),
                help_text=_("The obligations as the volunteer reads them. Headings start with ##, bullets with -."),
            )

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data.get("postcode", "").strip()
        if value and not (len(value) == 4 and value.isdigit()):
            raise ValidationError(_("A postcode has four digits, e.g. 4000."))
        return value

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data.get("cpr", "").strip()
        if not value or "•" in value:
            return ""
        return cpr_utils.validate(value)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", DATES_ORDER)
        keeps_cpr = bool(self.masked_cpr) and not cleaned.get("remove_cpr")
        has_cpr = bool(cleaned.get("cpr")) or keeps_cpr
        if has_cpr and not self.organisation.is_public_authority and not cleaned.get("cpr_reason"):
            self.add_error(
                "cpr_reason",
                _(
                    "An association should not record CPR numbers. Say why the agreement needs it, or leave the CPR number empty."
                ),
            )
        if not cleaned.get("phone") and not cleaned.get("email") and not self.errors:
            raise ValidationError(_("Give a phone number or an e-mail address so the volunteer can be reached."))
        return cleaned


class AcceptForm(DkfdsForm):
    typed_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        help_text=_("Type your name as it stands on the agreement. It works as your signature."),
    )
    consent = forms.BooleanField(
        label=_("I have read the agreement and the function description, and I accept them"),
        error_messages={"required": _("Tick the box to confirm that you have read and accept the agreement.")},
    )


class ScanForm(DkfdsForm):
    scan = forms.FileField(
        label=_("Scan or photo of the signed document"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
    )
    signed_name = forms.CharField(label=_("Signed by"), max_length=200)
    signed_on = forms.DateField(label=_("Date of signing"))

    def clean_scan(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["scan"]
        if upload.size is not None and upload.size > MAX_SCAN_BYTES:
            raise ValidationError(_("The file is larger than 10 MB. Scan it at a lower resolution, or as a PDF."))
        head = upload.read(16)
        upload.seek(0)
        for magic, content_type in SCAN_SIGNATURES:
            if head.startswith(magic):
                self.content_type = content_type
                return upload
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."))

    def clean_signed_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date of signing cannot be in the future."))
        return value


class RenewalTalkForm(DkfdsForm):
    held_on = forms.DateField(label=_("Date of the talk"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=RenewalOutcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label=_("Notes from the talk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you agreed. Write only what the volunteer may read."),
    )


class EndAgreementForm(DkfdsForm):
    ended_on = forms.DateField(label=_("Last day of the agreement"))
    ended_by = forms.ChoiceField(
        label=_("Who ends the agreement?"),
        choices=[(EndedBy.VOLUNTEER, EndedBy.VOLUNTEER.label), (EndedBy.ORGANISATION, EndedBy.ORGANISATION.label)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class UnmaskForm(DkfdsForm):
    purpose = forms.CharField(
        label=_("Why do you need the full CPR number?"),
        max_length=200,
        help_text=_("The reason is logged, and the volunteer can see it."),
    )


class RecordCheckForm(DkfdsForm):
    seen_on = forms.DateField(label=_("Date the certificate was seen"))
    seen_by_name = forms.CharField(label=_("Seen by"), max_length=150)

    def clean_seen_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["seen_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class EmploymentForm(DkfdsForm):
    role = forms.ChoiceField(label=_("Function description"), choices=FunctionRole.choices, initial=FunctionRole.PEER)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"), required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=Decimal(0), max_value=Decimal(60), decimal_places=1, max_digits=4
    )
    flex_job = forms.BooleanField(label=_("Flex job"), required=False)
    starts_on = forms.DateField(label=_("Employed from"))
    ends_on = forms.DateField(label=_("Employed until"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, with_considerations: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.of(organisation).filter(active=True)  # type: ignore[attr-defined]
        if with_considerations:
            self.fields["considerations"] = forms.CharField(
                label=_("Special considerations"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Only the peer and you can see them; other coordinators cannot."),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", DATES_ORDER)
        return cleaned


class TemplateForm(DkfdsForm):
    """The text of a document, and one field per "[udfyldes lokalt: …]" marker in it."""

    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "Headings start with ##, bullets with -. Write [udfyldes lokalt: name] for a field your "
            "organisation fills in below."
        ),
    )

    def __init__(self, *args: Any, body: str, local_values: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.local_names = texts.local_fields(body)
        for index, name in enumerate(self.local_names):
            self.fields[f"local_{index}"] = forms.CharField(
                label=name,
                required=False,
                max_length=2000,
                initial=local_values.get(name, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def local_values(self) -> dict[str, str]:
        body = self.cleaned_data.get("body", "")
        names = texts.local_fields(body)
        typed = {name: self.cleaned_data.get(f"local_{i}", "") for i, name in enumerate(self.local_names)}
        return {name: typed.get(name, "").strip() for name in names}


class OccasionsForm(DkfdsForm):
    count = forms.IntegerField(
        label=_("Occasions counted by hand"),
        min_value=0,
        max_value=10000,
        help_text=_("Volunteering no app in Brobygger records, e.g. events before Brobygger was used."),
    )


class ReferenceStartForm(DkfdsForm):
    recipient_email = forms.EmailField(label=_("Send to"), required=False)

    def __init__(self, *args: Any, confirm_education: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if confirm_education:
            self.fields["education_confirmed"] = forms.BooleanField(
                label=_("I confirm that the volunteer has completed the peer education"),
                required=False,
                help_text=_("Brobygger does not hold the education records for this peer."),
            )


class ReferenceForm(DkfdsForm):
    text = forms.CharField(
        label=_("Text of the reference"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Replace every [udfyldes lokalt: …] with your own words before you send it."),
    )
    recipient_email = forms.EmailField(label=_("Send to"), required=False)


class ListFilterForm(DkfdsForm):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (ListFilter.CURRENT, _("Current agreements")),
            (ListFilter.ENDING, _("Ending within 30 days")),
            (ListFilter.ENDED, _("Ended agreements")),
            (ListFilter.MISSING, _("Volunteers without an agreement")),
            (ListFilter.ALL, _("All agreements")),
        ],
    )
