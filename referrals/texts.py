"""The criteria of a programme as sentences: what the referrer confirms, and why a criterion rules out."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.models import Programme
from referrals.eligibility import AGE
from referrals.models import ExclusionCriterion
from referrals.selectors import eligibility_rules_for


def requirement(code: str, min_age: int) -> str:
    """What must hold, e.g. "The citizen is 18 years or older." (shown before the referrer confirms)."""
    texts = {
        AGE: _("The citizen is %(age)s years or older.") % {"age": min_age},
        ExclusionCriterion.SUBSTANCE_ABUSE: _("Severe substance abuse is not the citizen's main diagnosis."),
        ExclusionCriterion.DEMENTIA: _("The citizen does not have dementia."),
        ExclusionCriterion.FORENSIC: _("The citizen is not under a forensic measure that led to the admission."),
    }
    return texts.get(code, code)


def refusal(code: str, min_age: int) -> str:
    """Why a criterion that is not met rules the citizen out, in words the referrer can pass on."""
    texts = {
        AGE: _("The programme is for people aged %(age)s or older.") % {"age": min_age},
        ExclusionCriterion.SUBSTANCE_ABUSE: _(
            "The programme does not take citizens whose main diagnosis is severe substance abuse; "
            "the substance-abuse treatment services can help instead."
        ),
        ExclusionCriterion.DEMENTIA: _("The programme does not take citizens with dementia."),
        ExclusionCriterion.FORENSIC: _(
            "The programme does not take citizens under a forensic measure that led to the admission."
        ),
    }
    return texts.get(code, code)


def requirements_of(programme: Programme) -> list[str]:
    rules = eligibility_rules_for(programme)
    return [requirement(code, rules.min_age) for code in rules.criteria]


def refusals_of(programme: Programme, failed: list[str]) -> list[str]:
    min_age = eligibility_rules_for(programme).min_age
    return [refusal(code, min_age) for code in failed]
