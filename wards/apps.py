from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _shifts_this_week(request: Any) -> int | None:
    """The peer's published shifts from today to the same weekday next week, for the start-page card."""
    from datetime import timedelta

    from django.utils import timezone

    from people.models import Peer
    from wards.models import Shift

    organisation = getattr(request, "organisation", None)
    peer = Peer.objects.filter(organisation=organisation, user=request.user.pk).first() if organisation else None
    if peer is None:
        return None
    today = timezone.localdate()
    return Shift.objects.published().filter(peer=peer, date__gte=today, date__lt=today + timedelta(days=7)).count()


class WardsConfig(AppConfig):
    name = "wards"
    verbose_name = _("Wards and shifts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from wards import peer_export

        peer_export.register()
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
                count=_shifts_this_week,
                count_label=_("in the coming week"),
            )
        )
