from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Courses of support")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from support import hooks, tasks  # noqa: F401  (tasks registers the daily job)

        hooks.register_navigation()
        hooks.register_feedback()
        hooks.register_activity()
        hooks.register_occasions()
        hooks.register_overview()
        hooks.register_peer_page()
        from support import peer_export

        peer_export.register()
