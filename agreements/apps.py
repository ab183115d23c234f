from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _ending_soon(request: Any) -> int | None:
    from agreements.selectors import ending_soon_count

    return ending_soon_count(getattr(request, "organisation", None))


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry

        navigation.register(
            NavEntry(
                "agreements.list",
                _("Agreements"),
                "agreements:agreement_list",
                frozenset({Role.COORDINATOR}),
                _("Volunteer agreements, renewals and references."),
                300,
                count=_ending_soon,
                count_label=_("ending soon"),
            )
        )
        navigation.register(
            NavEntry(
                "agreements.templates",
                _("Document templates"),
                "agreements:template_list",
                frozenset({Role.ADMINISTRATOR}),
                _("The volunteer agreement, the reference and the function descriptions in your own words."),
                940,
            )
        )
        navigation.register(
            NavEntry(
                "agreements.mine",
                _("My agreement"),
                "agreements:my_agreements",
                frozenset({Role.PEER}),
                _("Read, print and accept your volunteer agreement or employment record."),
                300,
                in_menu=False,
            )
        )
        from agreements import integration

        integration.register_with_people()
