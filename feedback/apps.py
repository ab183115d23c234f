from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _awaiting_follow_up(request: Any) -> int | None:
    from django.http import Http404

    from feedback.access import responses_for_follow_up

    try:
        return responses_for_follow_up(request).filter(followed_up_at__isnull=True).count()
    except Http404:
        return None


def _open_for_citizen(request: Any) -> int | None:
    from feedback.models import Invitation

    if not request.user.is_authenticated:
        return None
    return Invitation.objects.open().filter(respondent_citizen__user=request.user, group_link=False).count()


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Questionnaires and outcomes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        self._register_activity()
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry

        navigation.register(
            NavEntry(
                "feedback.outcomes",
                _("Outcomes"),
                "feedback:outcomes_home",
                frozenset({Role.COORDINATOR, Role.LEAD, Role.ANALYST}),
                _("Change in recovery per programme, session feedback and course evaluations."),
                600,
            )
        )
        navigation.register(
            NavEntry(
                "feedback.follow_up",
                _("Session feedback"),
                "feedback:follow_up_list",
                frozenset({Role.TEACHER}),
                _("Low scores from your sessions to talk about with the group."),
                610,
                count=_awaiting_follow_up,
                count_label=_("to follow up"),
            )
        )
        navigation.register(
            NavEntry(
                "feedback.instruments",
                _("Questionnaires"),
                "feedback:instrument_list",
                frozenset({Role.ADMINISTRATOR}),
                _("The questionnaires in use: edit, import and export them."),
                940,
            )
        )
        navigation.register(
            NavEntry(
                "feedback.mine",
                _("My questionnaires"),
                "feedback:my_questionnaires",
                frozenset({Role.CITIZEN}),
                _("Answer questionnaires and follow your own progress."),
                700,
                count=_open_for_citizen,
                count_label=_("waiting for you"),
            )
        )
        navigation.register(
            NavEntry(
                "feedback.peer",
                _("Questionnaires with my citizens"),
                "feedback:peer_citizens",
                frozenset({Role.PEER}),
                _("Hand over your phone for a questionnaire, and see results the citizen shares with you."),
                620,
            )
        )

    @staticmethod
    def _register_activity() -> None:
        """Give the costs app the CHIME improvement points of a period (skipped when costs is not installed)."""
        import importlib

        try:
            activity = importlib.import_module("costs.activity")
        except ModuleNotFoundError:
            return
        from feedback.selectors import recorded_counts

        activity.register("feedback", recorded_counts)
