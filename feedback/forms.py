"""Forms of the feedback app: the instrument editor and import, measurement plans, invitations, answering,
follow-up and the research export. Validation cleans input into the engine's types."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DkfdsForm
from core.models import Programme
from feedback import instruments as engine
from feedback.models import InstrumentPurpose, InstrumentVersion, Occasion, Timing
from people.models import Citizen

LANGUAGES = (("da", "Dansk"), ("en", "English"))
MAX_UPLOAD_BYTES = 1_000_000

# --------------------------------------------------------------------------------------------------
# Import


class InstrumentImportForm(DkfdsForm):
    file = forms.FileField(
        label=_("JSON file"),
        required=False,
        help_text=_("A file in Brobygger's questionnaire format (brobygger-instrument/1)."),
    )
    text = forms.CharField(
        label=_("Or paste the JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    rights = forms.BooleanField(
        label=_("The organisation holds the rights to use this questionnaire"),
        help_text=_("Licensed questionnaires (e.g. GSRS, ORS, SRS) need a licence; record it in 'licence'."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        text = cleaned.get("text") or ""
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(_("The file is larger than 1 MB."), code="too_large")
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(_("The file is not UTF-8 text."), code="not_utf8") from None
        if not text.strip():
            raise ValidationError(_("Choose a file or paste the JSON."), code="empty")
        cleaned["json_text"] = text
        return cleaned


# --------------------------------------------------------------------------------------------------
# The editor


def _text_fields(form: forms.Form, name: str, label: Any, *, textarea: bool = False, required: bool = False) -> None:
    for code, language in LANGUAGES:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})", required=required, widget=widget, max_length=5000
        )


def _texts(data: dict[str, Any], name: str, languages: Sequence[str]) -> engine.Text:
    return {code: data[f"{name}_{code}"].strip() for code in languages if (data.get(f"{name}_{code}") or "").strip()}


class InstrumentBasicsForm(DkfdsForm):
    instrument_id = forms.CharField(
        label=_("Id"),
        max_length=40,
        help_text=_("a–z, 0–9 and _, starting with a letter; the same for every version. Cannot be changed later."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple, initial=["da", "en"]
    )
    purpose = forms.ChoiceField(label=_("Used for"), choices=InstrumentPurpose.choices, initial="other")
    source = forms.CharField(label=_("Source (who wrote it or holds the rights)"), max_length=500, required=False)
    licence = forms.CharField(label=_("Licence (on what terms you use it)"), max_length=500, required=False)
    method = forms.ChoiceField(
        label=_("Score"),
        choices=[
            ("sum", _("Sum of the scored questions")),
            ("mean", _("Mean of the scored questions")),
            ("none", _("No score (evaluation)")),
        ],
        initial="sum",
    )
    higher_is_better = forms.BooleanField(label=_("A higher score is better"), required=False, initial=True)
    reliability = forms.DecimalField(
        label=_("Reliability of the total (0–1)"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal("0.99"),
        decimal_places=3,
        help_text=_("With the standard deviation: reports whether a person's change is reliable."),
    )
    sd = forms.DecimalField(
        label=_("Standard deviation of the total"), required=False, min_value=Decimal("0.001"), decimal_places=3
    )

    def __init__(self, *args: Any, id_locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _text_fields(self, "title", _("Title"))
        _text_fields(self, "introduction", _("Introduction"), textarea=True)
        order = ["instrument_id", "languages", "title_da", "title_en", "introduction_da", "introduction_en"]
        self.order_fields(order)
        if id_locked:
            self.fields["instrument_id"].disabled = True
        for name in ("title_da", "title_en", "introduction_da", "introduction_en"):
            self.style_field(self.fields[name])


class ScaleForm(DkfdsForm):
    scale_id = forms.CharField(label=_("Scale id"), max_length=40)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("likert", _("Likert (a text at every point)")),
            ("line", _("Line (e.g. 0–10)")),
            ("yes_no", _("Yes/no")),
            ("free_text", _("Free text")),
        ],
    )
    minimum = forms.IntegerField(label=_("Lowest value"), required=False)
    maximum = forms.IntegerField(label=_("Highest value"), required=False)
    max_length = forms.IntegerField(label=_("Longest answer (free text)"), required=False, min_value=1)
    labels = forms.CharField(
        label=_("Answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: value | Danish text | English text. Yes/no: 'yes | Ja | Yes' and 'no | Nej | No'."),
    )


class ItemForm(DkfdsForm):
    item_id = forms.CharField(label=_("Question id"), max_length=40, help_text=_("The variable name in exports."))
    scale = forms.CharField(label=_("Scale id"), max_length=40)
    reversed = forms.BooleanField(label=_("Reversed (counts the other way round)"), required=False)
    scored = forms.BooleanField(label=_("Counts towards the score"), required=False, initial=True)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    labels = forms.CharField(
        label=_("End texts of its own (line scales)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: value | Danish text | English text."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _text_fields(self, "text", _("Question"), textarea=True)
        self.order_fields(["item_id", "scale", "text_da", "text_en"])
        for name in ("text_da", "text_en"):
            self.style_field(self.fields[name])


class SubscaleForm(DkfdsForm):
    subscale_id = forms.CharField(label=_("Subscale id"), max_length=40)
    items = forms.CharField(label=_("Questions (ids, separated by commas)"), max_length=2000)
    reliability = forms.DecimalField(
        label=_("Reliability (0–1)"), required=False, min_value=Decimal("0.01"), max_value=Decimal("0.99")
    )
    sd = forms.DecimalField(label=_("Standard deviation"), required=False, min_value=Decimal("0.001"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _text_fields(self, "name", _("Name"))
        self.order_fields(["subscale_id", "name_da", "name_en", "items"])
        for name in ("name_da", "name_en"):
            self.style_field(self.fields[name])


class CutOffForm(DkfdsForm):
    cutoff_id = forms.CharField(label=_("Cut-off id"), max_length=40)
    target = forms.ChoiceField(
        label=_("Looks at"),
        choices=[
            ("total", _("The total")),
            ("subscale", _("A subscale")),
            ("item", _("One question")),
            ("any_item", _("Any question")),
        ],
    )
    ref = forms.CharField(label=_("Subscale or question id"), max_length=40, required=False)
    items = forms.CharField(
        label=_("Questions to check (any question; empty: all scored)"), max_length=2000, required=False
    )
    comparison = forms.ChoiceField(
        label=_("Flag when the value is"),
        choices=[
            ("below", _("below")),
            ("at_most", _("at most")),
            ("above", _("above")),
            ("at_least", _("at least")),
        ],
    )
    threshold = forms.DecimalField(label=_("Threshold"), decimal_places=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _text_fields(self, "message", _("Message to the team"), textarea=True)
        for name in ("message_da", "message_en"):
            self.style_field(self.fields[name])


ScaleFormSet = formset_factory(ScaleForm, extra=1, can_delete=True)
ItemFormSet = formset_factory(ItemForm, extra=1, can_delete=True)
SubscaleFormSet = formset_factory(SubscaleForm, extra=1, can_delete=True)
CutOffFormSet = formset_factory(CutOffForm, extra=1, can_delete=True)


def _ids(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.replace(",", " ").split() if part)


def _label_value(raw: str, kind: str) -> int | bool:
    value = raw.strip().lower()
    if kind == "yes_no":
        if value in {"yes", "ja", "true", "1"}:
            return True
        if value in {"no", "nej", "false", "0"}:
            return False
        raise ValueError(raw)
    return int(value)


def parse_labels(text: str, kind: str, languages: Sequence[str]) -> tuple[engine.ScaleLabel, ...]:
    """Lines "value | Danish | English" (texts in the order of the chosen languages)."""
    labels: list[engine.ScaleLabel] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        try:
            value = _label_value(parts[0], kind)
        except ValueError:
            raise ValidationError(
                gettext("Line %(line)s: '%(value)s' is not a value on this scale.")
                % {"line": number, "value": parts[0]}
            ) from None
        texts = {code: text for code, text in zip(("da", "en"), parts[1:], strict=False) if text}
        labels.append(engine.ScaleLabel(value=value, text={k: v for k, v in texts.items() if k in languages}))
    return tuple(labels)


def _label_lines(labels: Sequence[engine.ScaleLabel], kind: str) -> str:
    lines = []
    for label in labels:
        value = ("yes" if label.value else "no") if kind == "yes_no" else str(int(label.value))
        lines.append(" | ".join([value, label.text.get("da", ""), label.text.get("en", "")]).rstrip(" |"))
    return "\n".join(lines)


def _rc(reliability: Decimal | None, sd: Decimal | None) -> engine.ReliableChange | None:
    if reliability is None or sd is None:
        return None
    return engine.ReliableChange(reliability=float(reliability), sd=float(sd))


class InstrumentEditor:
    """The basics form and the four formsets of the editor, bound together; builds an engine Instrument."""

    def __init__(
        self, data: Any = None, *, instrument: engine.Instrument | None = None, id_locked: bool = False
    ) -> None:
        initial = editor_initial(instrument) if instrument is not None else None
        self.basics = InstrumentBasicsForm(
            data, prefix="basics", id_locked=id_locked, initial=initial["basics"] if initial else None
        )
        self.scales = ScaleFormSet(data, prefix="scales", initial=initial["scales"] if initial else None)
        self.items = ItemFormSet(data, prefix="items", initial=initial["items"] if initial else None)
        self.subscales = SubscaleFormSet(data, prefix="subscales", initial=initial["subscales"] if initial else None)
        self.cutoffs = CutOffFormSet(data, prefix="cutoffs", initial=initial["cutoffs"] if initial else None)
        self.version = instrument.version if instrument is not None else 1

    def parts(self) -> list[Any]:
        return [self.basics, self.scales, self.items, self.subscales, self.cutoffs]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.parts()])

    @staticmethod
    def _kept_forms(formset: Any) -> list[Any]:
        """The rows to keep: every row shown filled in (changed or not) and new rows typed into, less deleted ones."""
        initial = formset.initial_form_count()
        return [
            form
            for index, form in enumerate(formset.forms)
            if (index < initial or form.has_changed()) and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def _kept(self, formset: Any) -> list[dict[str, Any]]:
        return [form.cleaned_data for form in self._kept_forms(formset)]

    def build(self) -> engine.Instrument | None:
        """The instrument as typed; None (with errors on the forms) when a label line cannot be read.
        The engine's own checks (`check_instrument`) are left to the caller."""
        basics = self.basics.cleaned_data
        languages = tuple(code for code, _label in LANGUAGES if code in basics["languages"])
        scales: list[engine.Scale] = []
        kinds: dict[str, str] = {}
        ok = True
        for form in self._kept_forms(self.scales):
            data = form.cleaned_data
            try:
                labels = parse_labels(data.get("labels") or "", data["kind"], languages)
            except ValidationError as error:
                form.add_error("labels", error)
                ok = False
                continue
            kinds[data["scale_id"]] = data["kind"]
            scales.append(
                engine.Scale(
                    id=data["scale_id"].strip(),
                    kind=engine.ScaleKind(data["kind"]),
                    minimum=data.get("minimum") or 0,
                    maximum=data.get("maximum") or 0,
                    labels=labels,
                    max_length=data.get("max_length") or 2000,
                )
            )
        items: list[engine.Item] = []
        for form in self._kept_forms(self.items):
            data = form.cleaned_data
            kind = kinds.get(data["scale"].strip(), "line")
            try:
                labels = parse_labels(data.get("labels") or "", kind, languages)
            except ValidationError as error:
                form.add_error("labels", error)
                ok = False
                continue
            free_text = kind == "free_text"
            items.append(
                engine.Item(
                    id=data["item_id"].strip(),
                    scale=data["scale"].strip(),
                    text=_texts(data, "text", languages),
                    reversed=bool(data.get("reversed")) and not free_text,
                    scored=bool(data.get("scored")) and not free_text,
                    required=bool(data.get("required")) or (bool(data.get("scored")) and not free_text),
                    labels=labels,
                )
            )
        if not ok:
            return None
        subscales = tuple(
            engine.Subscale(
                id=data["subscale_id"].strip(),
                name=_texts(data, "name", languages),
                items=_ids(data["items"]),
                reliable_change=_rc(data.get("reliability"), data.get("sd")),
            )
            for data in self._kept(self.subscales)
        )
        cutoffs = []
        for data in self._kept(self.cutoffs):
            target = engine.CutOffTarget(data["target"])
            cutoffs.append(
                engine.CutOff(
                    id=data["cutoff_id"].strip(),
                    target=target,
                    comparison=engine.Comparison(data["comparison"]),
                    threshold=float(data["threshold"]),
                    message=_texts(data, "message", languages),
                    ref=(data.get("ref") or "").strip() or None
                    if target in (engine.CutOffTarget.ITEM, engine.CutOffTarget.SUBSCALE)
                    else None,
                    items=_ids(data.get("items") or "") if target is engine.CutOffTarget.ANY_ITEM else (),
                )
            )
        return engine.Instrument(
            id=(basics.get("instrument_id") or "").strip(),
            version=self.version,
            languages=languages,
            title=_texts(basics, "title", languages),
            introduction=_texts(basics, "introduction", languages),
            purpose=engine.Purpose(basics["purpose"]),
            source=basics.get("source") or "",
            licence=basics.get("licence") or "",
            scales=tuple(scales),
            items=tuple(items),
            scoring=engine.Scoring(
                method=engine.ScoringMethod(basics["method"]),
                subscales=subscales,
                higher_is_better=bool(basics.get("higher_is_better")),
                reliable_change=_rc(basics.get("reliability"), basics.get("sd")),
            ),
            cutoffs=tuple(cutoffs),
        )


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def editor_initial(instrument: engine.Instrument) -> dict[str, Any]:
    """The editor's initial data for an existing instrument."""
    rc = instrument.scoring.reliable_change
    basics: dict[str, Any] = {
        "instrument_id": instrument.id,
        "languages": list(instrument.languages),
        "purpose": instrument.purpose.value,
        "source": instrument.source,
        "licence": instrument.licence,
        "method": instrument.scoring.method.value,
        "higher_is_better": instrument.scoring.higher_is_better,
        "reliability": _dec(rc.reliability) if rc else None,
        "sd": _dec(rc.sd) if rc else None,
    }
    for code, _language in LANGUAGES:
        basics[f"title_{code}"] = instrument.title.get(code, "")
        basics[f"introduction_{code}"] = instrument.introduction.get(code, "")
    scales = [
        {
            "scale_id": scale.id,
            "kind": scale.kind.value,
            "minimum": scale.minimum if scale.kind in (engine.ScaleKind.LINE, engine.ScaleKind.LIKERT) else None,
            "maximum": scale.maximum if scale.kind in (engine.ScaleKind.LINE, engine.ScaleKind.LIKERT) else None,
            "max_length": scale.max_length if scale.kind is engine.ScaleKind.FREE_TEXT else None,
            "labels": _label_lines(scale.labels, scale.kind.value),
        }
        for scale in instrument.scales
    ]
    items = []
    for item in instrument.items:
        row: dict[str, Any] = {
            "item_id": item.id,
            "scale": item.scale,
            "reversed": item.reversed,
            "scored": item.scored,
            "required": item.required,
            "labels": _label_lines(item.labels, instrument.scale_of(item).kind.value),
        }
        for code, _language in LANGUAGES:
            row[f"text_{code}"] = item.text.get(code, "")
        items.append(row)
    subscales = []
    for subscale in instrument.scoring.subscales:
        src = subscale.reliable_change
        row = {
            "subscale_id": subscale.id,
            "items": ", ".join(subscale.items),
            "reliability": _dec(src.reliability) if src else None,
            "sd": _dec(src.sd) if src else None,
        }
        for code, _language in LANGUAGES:
            row[f"name_{code}"] = subscale.name.get(code, "")
        subscales.append(row)
    cutoffs = []
    for cutoff in instrument.cutoffs:
        row = {
            "cutoff_id": cutoff.id,
            "target": cutoff.target.value,
            "ref": cutoff.ref or "",
            "items": ", ".join(cutoff.items),
            "comparison": cutoff.comparison.value,
            "threshold": _dec(cutoff.threshold),
        }
        for code, _language in LANGUAGES:
            row[f"message_{code}"] = cutoff.message.get(code, "")
        cutoffs.append(row)
    return {"basics": basics, "scales": scales, "items": items, "subscales": subscales, "cutoffs": cutoffs}


# --------------------------------------------------------------------------------------------------
# Measurement plans and invitations


class MeasurementPlanForm(DkfdsForm):
    instrument_key = forms.ChoiceField(label=_("Questionnaire"))
    timing = forms.ChoiceField(label=_("When"), choices=Timing.choices, widget=forms.RadioSelect)
    interval_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        required=False,
        min_value=1,
        max_value=52,
        help_text=_("Only for 'Every N weeks'."),
    )
    reminder_after_days = forms.IntegerField(
        label=_("Reminder after (days)"),
        min_value=1,
        max_value=30,
        help_text=_("One reminder is e-mailed if the questionnaire is still unanswered."),
    )

    def __init__(self, *args: Any, instrument_choices: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument_key"].choices = list(instrument_choices)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("timing") == Timing.EVERY_N_WEEKS and not cleaned.get("interval_weeks"):
            self.add_error("interval_weeks", _("Give the number of weeks."))
        return cleaned


class PlanEditForm(DkfdsForm):
    interval_weeks = forms.IntegerField(label=_("Every how many weeks"), required=False, min_value=1, max_value=52)
    reminder_after_days = forms.IntegerField(label=_("Reminder after (days)"), min_value=1, max_value=30)


class InvitationForm(DkfdsForm):
    instrument_key = forms.ChoiceField(label=_("Questionnaire"))
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(
        label=_("Who answers"),
        choices=[
            ("personal", _("One person: a personal link that can be answered once")),
            ("group", _("A group: one link or QR code, one anonymous answer per phone")),
        ],
        initial="personal",
        widget=forms.RadioSelect,
    )
    respondent_citizen = forms.ModelChoiceField(
        label=_("Citizen"), queryset=Citizen.objects.none(), required=False, empty_label=_("– none –")
    )
    respondent_label = forms.CharField(
        label=_("Name or group"),
        max_length=200,
        required=False,
        help_text=_("For someone not registered as a citizen, or the name of the group or session."),
    )
    email = forms.EmailField(
        label=_("Send the link by e-mail to"),
        required=False,
        help_text=_("Leave empty to hand over the link or QR code yourself."),
    )

    def __init__(
        self,
        *args: Any,
        instrument_choices: Sequence[tuple[str, str]],
        citizens: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument_key"].choices = list(instrument_choices)  # type: ignore[attr-defined]
        self.fields["respondent_citizen"].queryset = citizens  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == "group":
            if cleaned.get("respondent_citizen") is not None:
                self.add_error("respondent_citizen", _("A group link is anonymous: choose no citizen."))
        elif cleaned.get("respondent_citizen") is None and not (cleaned.get("respondent_label") or "").strip():
            self.add_error("respondent_citizen", _("Choose a citizen or write a name."))
        return cleaned


class PlannedInvitationForm(DkfdsForm):
    """Invite one citizen to every questionnaire the measurement plan names at the start or at the end."""

    respondent_citizen = forms.ModelChoiceField(label=_("Citizen"), queryset=Citizen.objects.none())
    occasion = forms.ChoiceField(
        label=_("When"),
        choices=[(Occasion.START, _("At the start")), (Occasion.END, _("At the end"))],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("Send the links by e-mail to"),
        required=False,
        help_text=_("Leave empty to hand over the links or QR codes yourself."),
    )

    def __init__(self, *args: Any, citizens: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondent_citizen"].queryset = citizens  # type: ignore[attr-defined]


class InPersonForm(DkfdsForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    instrument_key = forms.ChoiceField(label=_("Questionnaire"))
    occasion = forms.ChoiceField(label=_("Occasion"), choices=Occasion.choices, widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, programmes: Any, instrument_choices: Sequence[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        self.fields["instrument_key"].choices = list(instrument_choices)  # type: ignore[attr-defined]


class FollowUpForm(DkfdsForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=500,
        help_text=_("For example: talked with the group at the next session. No health details."),
    )


class ExportForm(DkfdsForm):
    instrument = forms.ModelChoiceField(label=_("Questionnaire"), queryset=InstrumentVersion.objects.none())
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("All programmes"),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("surveyxact", _("SurveyXact layout: a zip with dataset, structure and labels (CSV)")),
            ("xlsx", _("Excel workbook (three sheets)")),
            ("csv", _("One CSV file")),
        ],
        initial="surveyxact",
        widget=forms.RadioSelect,
    )
    include_free_text = forms.BooleanField(
        label=_("Include free-text answers"),
        required=False,
        help_text=_("Free text may identify people; leave it out unless the research needs it."),
    )

    def __init__(self, *args: Any, instruments: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]
        self.fields["instrument"].label_from_instance = lambda row: f"{row.title} (v{row.version})"  # type: ignore[attr-defined]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# Answering


class _OptionalToAnswer:
    """A field shown as required (no "(optional)") that still accepts a blank, so a page can be saved
    unfinished; the engine lists what is missing."""

    kind: str = ""  # the scale kind, for the page's layout

    def validate(self, value: Any) -> None:
        if value in (None, "", [], ()):
            return
        super().validate(value)  # type: ignore[misc]


class ScaleAnswerField(_OptionalToAnswer, forms.TypedChoiceField):
    pass


class TextAnswerField(_OptionalToAnswer, forms.CharField):
    pass


def _to_bool(value: str) -> bool:
    return value == "1"


class AnswerForm(DkfdsForm):
    """One page of a questionnaire: a field per question, named by the question id."""

    use_required_attribute = False

    def __init__(
        self,
        *args: Any,
        instrument: engine.Instrument,
        items: Sequence[engine.Item],
        language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.kinds: dict[str, str] = {}
        for item in items:
            scale = instrument.scale_of(item)
            label = instrument.text(item.text, language)
            self.kinds[item.id] = scale.kind.value
            labels = {label.value: instrument.text(label.text, language) for label in instrument.labels_of(item)}
            field: ScaleAnswerField | TextAnswerField
            if scale.kind is engine.ScaleKind.FREE_TEXT:
                field = TextAnswerField(
                    label=label,
                    required=item.required,
                    max_length=scale.max_length,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            elif scale.kind is engine.ScaleKind.YES_NO:
                field = ScaleAnswerField(
                    label=label,
                    required=item.required,
                    choices=[("1", labels.get(True, gettext("Yes"))), ("0", labels.get(False, gettext("No")))],
                    coerce=_to_bool,
                    empty_value=None,
                    widget=forms.RadioSelect,
                )
            else:
                line = scale.kind is engine.ScaleKind.LINE
                choices = [
                    (str(value), str(value) if line else labels.get(value, str(value)))
                    for value in range(scale.minimum, scale.maximum + 1)
                ]
                field = ScaleAnswerField(
                    label=label,
                    required=item.required,
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                )
                if line:
                    low, high = labels.get(scale.minimum), labels.get(scale.maximum)
                    if low and high:
                        field.help_text = f"{scale.minimum} = {low} · {scale.maximum} = {high}"
            field.kind = scale.kind.value
            self.fields[item.id] = field

    def answers(self) -> dict[str, engine.Answer | None]:
        """The page's answers as the engine takes them; a blank answer is None (clears a saved one)."""
        out: dict[str, engine.Answer | None] = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in ("", None):
                out[name] = None
            elif self.kinds[name] == "free_text":
                out[name] = str(value).strip() or None
            else:
                out[name] = value
        return out


def initial_from_answers(answers: dict[str, Any], items: Sequence[engine.Item]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for item in items:
        value = answers.get(item.id)
        if value is None:
            continue
        initial[item.id] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    return initial
