from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Ward conversations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from conversations import hooks, tasks  # noqa: F401  (tasks registers the daily safety net)

        hooks.register_navigation()
        hooks.register_activity()
        from conversations import peer_export

        peer_export.register()
