"""The costs app's part of the demo: two published assessments copied into the region's scenarios, and a
few budget lines, so the cost pages have something to show. Idempotent."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from core.demo import Demo
from costs import services
from costs.models import BudgetLine, CategoryChoice, CostScenario

# The region runs peer guides and peers as bridge builders (core.demo), so it starts from those two.
DEMO_PRESETS = ("peer_guide", "bridge_builders")

DEMO_BUDGET = (
    ("Løn til peer-guide-koordinator (30 timer pr. uge)", CategoryChoice.OPERATION_OTHER, Decimal("412000")),
    ("Løn til peer-støttegivere (3 × 10 timer pr. uge)", CategoryChoice.OPERATION_SALARIES, Decimal("394000")),
    ("Supervision af peers", CategoryChoice.OPERATION_OTHER, Decimal("48000")),
    ("Peer-uddannelse af nye peers", CategoryChoice.EDUCATION, Decimal("85000")),
    ("Transport og telefoner til frivillige", CategoryChoice.OPERATION_OTHER, Decimal("36000")),
)


def build(demo: Demo) -> None:
    region = demo.region
    coordinator = demo.logins.get("coordinator")
    with translation.override("da"):  # the scenarios' names are data, in the demo's language
        for key in DEMO_PRESETS:
            if not CostScenario.objects.of(region).filter(based_on_preset=key).exists():
                services.copy_preset(organisation=region, preset_key=key, acting_user=coordinator)
    for label, category, amount in DEMO_BUDGET:
        BudgetLine.objects.get_or_create(
            organisation=region,
            label=label,
            defaults={"category": category, "amount_per_year": amount, "created_by": coordinator},
        )
