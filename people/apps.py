from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _new_applications(request: Any) -> int | None:
    from people.selectors import new_application_count

    return new_application_count(getattr(request, "organisation", None))


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry
        from people import signals  # noqa: F401
        from people.overview import register_people_columns

        register_people_columns()
        navigation.register(
            NavEntry(
                "people.citizens",
                _("Citizens"),
                "people:citizen_list",
                frozenset({Role.COORDINATOR, Role.LEAD}),
                _("Find and register citizens; consent and CPR."),
                200,
            )
        )
        navigation.register(
            NavEntry(
                "people.peers",
                _("Peers"),
                "people:peer_overview",
                frozenset({Role.COORDINATOR}),
                _("Status, hours, agreements, education and follow-up of your peers – in one overview."),
                150,
            )
        )
        navigation.register(
            NavEntry(
                "people.applications",
                _("Applications"),
                "people:application_list",
                frozenset({Role.COORDINATOR}),
                _("People who want to become peers: interviews, offers and answers."),
                160,
                count=_new_applications,
                count_label=_("new"),
            )
        )
        navigation.register(
            NavEntry(
                "people.my_peer_page",
                _("My page"),
                "people:my_peer_page",
                frozenset({Role.PEER}),
                _("Your profile, your availability, and a pause when you need one."),
                100,
            )
        )
        navigation.register(
            NavEntry(
                "people.my_data",
                _("My data"),
                "people:my_data",
                frozenset({Role.CITIZEN, Role.PEER}),
                _("What is registered about you, your consents, and who has looked you up."),
                800,
            )
        )
