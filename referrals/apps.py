from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _overdue(request: Any) -> int | None:
    from referrals.selectors import overdue_count

    return overdue_count(getattr(request, "organisation", None))


def _waiting(request: Any) -> int | None:
    from referrals.selectors import waiting_count

    return waiting_count(getattr(request, "organisation", None))


def _proposals(request: Any) -> int | None:
    from referrals.models import Match, MatchStatus

    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return None
    return Match.objects.of(organisation).filter(peer__user=request.user, status=MatchStatus.PROPOSED).count()


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals and matching")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import navigation
        from core.models import Role
        from core.navigation import NavEntry
        from referrals import tasks  # noqa: F401  (registers the daily jobs)

        navigation.register(
            NavEntry(
                "referrals.overview",
                _("Overview"),
                "referrals:overview",
                frozenset({Role.COORDINATOR, Role.LEAD}),
                _("Who waits and how long, free peers, courses near their end and what needs follow-up."),
                120,
                count=_overdue,
                count_label=_("waited too long"),
            )
        )
        navigation.register(
            NavEntry(
                "referrals.list",
                _("Referrals"),
                "referrals:list",
                frozenset({Role.COORDINATOR, Role.LEAD, Role.KEY_PERSON}),
                _("Refer a citizen to a peer, the waiting queues and matching."),
                130,
                count=_waiting,
                count_label=_("waiting"),
            )
        )
        navigation.register(
            NavEntry(
                "referrals.my_proposals",
                _("Proposals"),
                "referrals:my_proposals",
                frozenset({Role.PEER}),
                _("Citizens the coordinator would like you to support: say yes or no."),
                110,
                count=_proposals,
                count_label=_("to answer"),
            )
        )
        navigation.register(
            NavEntry(
                "referrals.my_referral",
                _("My referral"),
                "referrals:my_referral",
                frozenset({Role.CITIZEN}),
                _("Your referral to a peer and the peer proposed to you."),
                700,
            )
        )
