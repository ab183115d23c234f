from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CostsConfig(AppConfig):
    name = "costs"
    verbose_name = pgettext_lazy("costs", "Costs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry

        navigation.register(
            NavEntry(
                "costs.scenarios",
                pgettext_lazy("costs", "Costs"),
                "costs:scenario_list",
                frozenset({Role.COORDINATOR, Role.LEAD, Role.ANALYST, Role.ADMINISTRATOR}),
                _("What peer support costs: scenarios, sensitivity, actual cost."),
                600,
            )
        )
