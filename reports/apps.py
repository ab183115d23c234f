from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry

        navigation.register(
            NavEntry(
                "reports.report",
                _("Reports"),
                "reports:report",
                frozenset({Role.COORDINATOR, Role.LEAD, Role.ANALYST}),
                _("What the programmes reached in a period: citizens, courses, meetings, waiting time."),
                580,
            )
        )
