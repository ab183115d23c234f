from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import checks, navigation, signals  # noqa: F401
        from core.models import Role
        from core.navigation import NavEntry

        admin = frozenset({Role.ADMINISTRATOR})
        navigation.register(
            NavEntry("core.units", _("Units"), "core:unit_list", admin, _("Wards, clinics, services and schools."), 900)
        )
        navigation.register(
            NavEntry(
                "core.programmes",
                _("Programmes"),
                "core:programme_list",
                admin,
                _("The programme models you run and their settings."),
                910,
            )
        )
        navigation.register(
            NavEntry(
                "core.users", _("Users and roles"), "core:user_list", admin, _("Invite people and give roles."), 920
            )
        )
        navigation.register(
            NavEntry("core.audit", _("Audit log"), "core:audit_log", admin, _("Who did what, and who read what."), 930)
        )
        navigation.register(
            NavEntry(
                "core.retention",
                _("Retention"),
                "core:retention_periods",
                admin,
                _("How long each kind of data is kept before it is deleted."),
                940,
            )
        )
        # Every app's tasks module registers its daily jobs at import time.
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise
        from core.tasks import register_audit_log_retention

        register_audit_log_retention()
