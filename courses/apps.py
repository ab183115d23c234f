from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _runs_below_minimum(request: Any) -> int | None:
    from courses.selectors import below_minimum_count

    return below_minimum_count(getattr(request, "organisation", None))


def _unfiled_journal_notes(request: Any) -> int | None:
    from courses.access import journal_notes_visible_to

    return journal_notes_visible_to(request).filter(filed_at__isnull=True).count()


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import hooks

        hooks.register_navigation(runs_below_minimum=_runs_below_minimum, unfiled=_unfiled_journal_notes)
        hooks.register_activity()
        hooks.register_occasions()
        hooks.register_feedback_access()
