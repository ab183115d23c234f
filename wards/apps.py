from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WardsConfig(AppConfig):
    name = "wards"
    verbose_name = _("Wards and shifts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry

        navigation.register(
            NavEntry(
                "wards.plans",
                _("Shift plans"),
                "wards:plan_list",
                frozenset({Role.COORDINATOR, Role.LEAD}),
                _("Peer shifts on the wards: generate, edit, publish and print the weekly plan."),
                340,
            )
        )
        navigation.register(
            NavEntry(
                "wards.wards",
                _("Wards"),
                "wards:ward_list",
                frozenset({Role.COORDINATOR, Role.LEAD, Role.KEY_PERSON}),
                _("Each ward's peer hours, blocked times and preferred fixed peer."),
                345,
            )
        )
        navigation.register(
            NavEntry(
                "wards.my_shifts",
                _("My shifts"),
                "wards:my_shifts",
                frozenset({Role.PEER}),
                _("Your coming shifts on the wards, also in your phone's calendar."),
                110,
            )
        )
