"""Cost scenarios and budget lines of an organisation.

A scenario is stored as one JSON document in the engine's format (`costs.engine.scenario_to_dict`),
the same the `assess_costs` command reads: see docs/decisions/0004-cost-scenarios-as-json.md.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import CodeModel, Organisation
from costs.engine import CategoryKind, Scenario, scenario_from_dict


class CategoryChoice(models.TextChoices):
    """The cost categories of the published assessments (DOMAIN §15), for forms and budget lines."""

    PREPARATION = CategoryKind.PREPARATION.value, pgettext_lazy("costs", "Preparation")
    RECRUITMENT = CategoryKind.RECRUITMENT.value, pgettext_lazy("costs", "Recruitment")
    EDUCATION = CategoryKind.EDUCATION.value, pgettext_lazy("costs", "Education")
    OPERATION_SALARIES = CategoryKind.OPERATION_SALARIES.value, _("Operation – salaries for peer workers")
    OPERATION_OTHER = CategoryKind.OPERATION_OTHER.value, _("Operation – other costs")
    INVESTMENTS = CategoryKind.INVESTMENTS.value, pgettext_lazy("costs", "Investments")
    OTHER = CategoryKind.OTHER.value, pgettext_lazy("costs", "Other costs")


class CostScenarioQuerySet(models.QuerySet["CostScenario"]):
    def of(self, organisation: Organisation) -> CostScenarioQuerySet:
        return self.filter(organisation=organisation)


class CostScenario(CodeModel):
    """A cost assessment the organisation made, often starting from one of the published ones."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cost_scenarios",
        verbose_name=pgettext_lazy("costs", "organisation"),
    )
    name = models.CharField(pgettext_lazy("costs", "name"), max_length=200)
    description = models.TextField(pgettext_lazy("costs", "description"), blank=True)
    based_on_preset = models.CharField(
        _("based on published assessment"),
        max_length=40,
        blank=True,
        help_text=_("The key of the published assessment the scenario was copied from."),
    )
    data = models.JSONField(
        pgettext_lazy("costs", "scenario"), help_text=_("The scenario in the cost engine's JSON format.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("costs", "created by"),
    )
    created_at = models.DateTimeField(pgettext_lazy("costs", "created"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("costs", "updated"), auto_now=True)

    objects = CostScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("costs", "cost scenario")
        verbose_name_plural = pgettext_lazy("costs", "cost scenarios")
        ordering = ["name", "created_at"]
        indexes = [models.Index(fields=["organisation", "name"], name="cost_scenario_org_name")]

    def __str__(self) -> str:
        return self.name

    def scenario(self) -> Scenario:
        """The stored scenario, read and checked by the engine (raises ScenarioError if it is broken)."""
        return scenario_from_dict(self.data)


class BudgetLineQuerySet(models.QuerySet["BudgetLine"]):
    def of(self, organisation: Organisation) -> BudgetLineQuerySet:
        return self.filter(organisation=organisation)


class BudgetLine(CodeModel):
    """One line of what the organisation actually spends on peer support per year."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cost_budget_lines",
        verbose_name=pgettext_lazy("costs", "organisation"),
    )
    label = models.CharField(pgettext_lazy("costs", "what"), max_length=200)
    category = models.CharField(pgettext_lazy("costs", "category"), max_length=24, choices=CategoryChoice.choices)
    amount_per_year = models.DecimalField(
        _("amount per year (kr.)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("costs", "created by"),
    )
    created_at = models.DateTimeField(pgettext_lazy("costs", "created"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("costs", "updated"), auto_now=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("costs", "budget line")
        verbose_name_plural = pgettext_lazy("costs", "budget lines")
        ordering = ["category", "label"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_per_year__gte=0), name="budget_line_amount_not_negative")
        ]

    def __str__(self) -> str:
        return self.label
