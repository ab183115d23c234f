from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EducationConfig(AppConfig):
    name = "education"
    verbose_name = _("Education and support")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from education import registrations

        registrations.register_navigation()
        registrations.register_overview_columns()
        registrations.register_peer_page_sections()
        registrations.register_peer_export()
        registrations.connect_life_cycle()
