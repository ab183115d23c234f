from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _unhandled_messages(request: HttpRequest) -> int | None:
    from public.selectors import unhandled_count

    return unhandled_count(getattr(request, "organisation", None))


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry

        navigation.register(
            NavEntry(
                "public.contact",
                _("Messages"),
                "public:contact_messages",
                frozenset({Role.COORDINATOR}),
                _("Questions from the public site."),
                700,
                count=_unhandled_messages,
                count_label=_("unhandled"),
            )
        )
