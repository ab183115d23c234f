from django.apps import AppConfig


class WardsConfig(AppConfig):
    name = "wards"
    default_auto_field = "django.db.models.BigAutoField"
