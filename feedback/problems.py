"""The engine's faults in an imported or edited instrument, told in the interface language.

The engine (`feedback.instruments`) reports each fault as a `FormatProblem` with a stable code, a
location such as "items[4] (id 'hope_2')" and an English message. Here the location becomes
"Question 5 (hope_2)" and the message a translated sentence that keeps the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.instruments import FormatProblem

_MESSAGES = {
    "bad_json": gettext_lazy("This is not valid JSON (%(detail)s)."),
    "not_object": gettext_lazy("This must be a JSON object { … }."),
    "bad_format": gettext_lazy("'format' must be 'brobygger-instrument/1'."),
    "unknown_field": gettext_lazy("The field '%(value)s' is unknown (is it misspelt?)."),
    "missing_field": gettext_lazy("The field '%(value)s' is missing."),
    "not_text": gettext_lazy("'%(value)s' must be text."),
    "not_integer": gettext_lazy("'%(value)s' must be a whole number."),
    "not_number": gettext_lazy("'%(value)s' must be a number."),
    "not_boolean": gettext_lazy("'%(value)s' must be true or false."),
    "bad_choice": gettext_lazy("'%(value)s' has a value that is not allowed."),
    "not_translations": gettext_lazy('\'%(value)s\' must be texts per language, e.g. {"da": "…"}.'),
    "not_list": gettext_lazy("'%(value)s' must be a list."),
    "bad_label_value": gettext_lazy("The value of an answer option must be a whole number or true/false."),
    "bad_id": gettext_lazy(
        "The id '%(value)s' must start with a letter a–z and use only a–z, 0–9 and _ (at most 40 characters)."
    ),
    "duplicate_id": gettext_lazy("The id '%(value)s' is used twice."),
    "reserved_id": gettext_lazy("The id '%(value)s' is reserved for the export columns; choose another."),
    "missing_translation": gettext_lazy("%(value)s has no text in '%(language)s'."),
    "unknown_language": gettext_lazy("%(value)s has text in '%(language)s', which is not one of the languages."),
    "label_off_scale": gettext_lazy("The answer option %(value)s is not on the scale."),
    "duplicate_label": gettext_lazy("The answer option %(value)s is given twice."),
    "empty_scale": gettext_lazy("The highest value must be greater than the lowest."),
    "scale_too_long": gettext_lazy("A scale has at most 101 points."),
    "unlabelled_point": gettext_lazy("Every point of a Likert scale needs a text; %(value)s has none."),
    "yes_no_labels": gettext_lazy("A yes/no scale needs a text for yes and one for no."),
    "labels_on_free_text": gettext_lazy("A free-text scale has no answer options."),
    "bad_max_length": gettext_lazy("The longest answer must be between 1 and 20,000 characters."),
    "unknown_scale": gettext_lazy("The scale '%(value)s' is not defined."),
    "scored_free_text": gettext_lazy("A free-text question cannot count towards the score."),
    "reversed_free_text": gettext_lazy("A free-text question cannot be reversed."),
    "optional_scored_item": gettext_lazy("A question that counts towards the score must be required."),
    "item_labels": gettext_lazy("Only a question on a line scale has end texts of its own."),
    "bad_reliability": gettext_lazy("The reliability must be between 0 and 1."),
    "bad_sd": gettext_lazy("The standard deviation must be greater than 0."),
    "subscales_unscored": gettext_lazy("A questionnaire without a score has no subscales."),
    "rc_unscored": gettext_lazy("A questionnaire without a score has no reliable change."),
    "nothing_scored": gettext_lazy("At least one question must count towards the score."),
    "empty_subscale": gettext_lazy("A subscale needs at least one question."),
    "duplicate_member": gettext_lazy("The question '%(value)s' is listed twice."),
    "unknown_item": gettext_lazy("The question '%(value)s' is not defined."),
    "unscored_member": gettext_lazy("The question '%(value)s' does not count towards the score."),
    "cutoff_unscored": gettext_lazy("The questionnaire has no score, so this cut-off has nothing to compare."),
    "unknown_subscale": gettext_lazy("The subscale '%(value)s' is not defined."),
    "free_text_cutoff": gettext_lazy("The question '%(value)s' is free text and has no value to compare."),
    "nothing_to_check": gettext_lazy("List the questions to check; the questionnaire scores none."),
    "one_comparison": gettext_lazy("Give exactly one of 'below', 'at_most', 'above' and 'at_least'."),
    "bad_version": gettext_lazy("The version must be a whole number from 1."),
    "no_language": gettext_lazy("At least one language is needed."),
    "bad_language": gettext_lazy("'%(value)s' is not a two-letter language code."),
    "duplicate_language": gettext_lazy("A language is listed twice."),
    "no_items": gettext_lazy("A questionnaire needs at least one question."),
    "version_exists": gettext_lazy(
        "This version is already loaded with other content. Give the changed questionnaire a new version number."
    ),
}

_RECORDS = {
    "items": gettext_lazy("Question %(number)s"),
    "scales": gettext_lazy("Scale %(number)s"),
    "scoring.subscales": gettext_lazy("Subscale %(number)s"),
    "cutoffs": gettext_lazy("Cut-off %(number)s"),
}
_RECORD = re.compile(r"^(items|scales|scoring\.subscales|cutoffs)\[(\d+)\](?: \(id '([^']*)'\))?(.*)$")
_PART = re.compile(r"^\.(labels|text|name|message|title)\[(\d+)\]")
_LINE = re.compile(r"^line (\d+), column (\d+)$")
_QUOTED = re.compile(r"'([^']*)'")
_LABEL_VALUE = re.compile(r"label value (\S+)")
_TEXT_NAME = re.compile(r"^(label \S+|\w+) has (?:no|text in) '([^']*)'")


def _location(location: str) -> str:
    if not location:
        return ""
    if location == "scoring" or (location.startswith("scoring.") and not location.startswith("scoring.subscales")):
        return _("Scoring")
    match = _LINE.match(location)
    if match:
        return _("Line %(line)s, column %(column)s") % {"line": match.group(1), "column": match.group(2)}
    if location.startswith("instrument '"):
        return _("The questionnaire")
    match = _RECORD.match(location)
    if not match:
        return location
    collection, index, record, rest = match.groups()
    text = str(_RECORDS[collection]) % {"number": int(index) + 1}
    if record:
        text += f" ({record})"
    part = _PART.match(rest)
    if part and part.group(1) == "labels":
        text += ", " + _("answer option %(number)s") % {"number": int(part.group(2)) + 1}
    return text


def _value(problem: FormatProblem) -> str:
    if problem.code in ("label_off_scale", "duplicate_label"):
        match = _LABEL_VALUE.search(problem.message)
        return match.group(1) if match else ""
    if problem.code == "unlabelled_point":
        return problem.message.rsplit(";", 1)[-1].replace("has none", "").strip()
    if problem.code in ("missing_translation", "unknown_language"):
        match = _TEXT_NAME.match(problem.message)
        return match.group(1) if match else problem.field
    quoted = _QUOTED.findall(problem.message)
    return quoted[0] if quoted else problem.field


def _field_name(name: str) -> str:
    names = {
        "text": _("The text"),
        "title": _("The title"),
        "introduction": _("The introduction"),
        "name": _("The name"),
        "message": _("The message"),
    }
    if name.startswith("label "):
        return _("Answer option %(value)s") % {"value": name.removeprefix("label ")}
    return names.get(name, name)


def describe(problem: FormatProblem) -> str:
    """One fault, translated, with where it is: "Question 5 (hope_2): The scale 'likert5' is not defined."."""
    template = _MESSAGES.get(problem.code)
    if template is None:
        sentence = problem.message
    elif problem.code == "bad_json":
        detail = problem.message.partition("(")[2].rstrip(")")
        sentence = str(template) % {"detail": detail}
    elif problem.code in ("missing_translation", "unknown_language"):
        match = _TEXT_NAME.match(problem.message)
        language = match.group(2) if match else ""
        sentence = str(template) % {"value": _field_name(_value(problem)), "language": language}
    else:
        sentence = str(template) % {"value": _value(problem)} if "%(value)s" in str(template) else str(template)
    where = _location(problem.location)
    return f"{where}: {sentence}" if where else sentence


def describe_all(problems: Iterable[FormatProblem]) -> list[str]:
    return [describe(problem) for problem in problems]
