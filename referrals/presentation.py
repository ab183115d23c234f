"""What the pages show of a referral's wishes and the engine's answers, in plain language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from people.models import Gender, Language, LivedExperienceArea, Peer
from referrals import matching
from referrals.models import Match, MeetingPlace, Referral
from referrals.reasons import describe_all, from_stored
from referrals.slots import slot_label


def _labels(values: Iterable[str], choices: Iterable[tuple[str, Any]]) -> str:
    names = {str(k): str(v) for k, v in choices}
    return get_text_list([names.get(v, v) for v in values], _("and"))


def wishes_of(referral: Referral, *, for_peer: bool = False) -> list[tuple[str, str]]:
    """The citizen's wishes as (label, text) rows. A peer sees what the first meeting needs, no more."""
    rows: list[tuple[str, str]] = [
        (_("Languages"), _labels(referral.languages, Language.choices)),
        (_("Can meet"), get_text_list([slot_label(s) for s in referral.availability], _("and"))),
    ]
    if referral.meeting_places:
        rows.append((_("Where to meet"), _labels(referral.meeting_places, MeetingPlace.choices)))
    if referral.municipality:
        rows.append((_("Municipality"), referral.municipality))
    if for_peer:
        return rows
    if referral.wished_gender:
        rows.append((_("Wished gender of the peer"), _labels([referral.wished_gender], Gender.choices)))
    if referral.wished_age_min is not None or referral.wished_age_max is not None:
        low = referral.wished_age_min if referral.wished_age_min is not None else "…"
        high = referral.wished_age_max if referral.wished_age_max is not None else "…"
        rows.append((_("Wished age of the peer"), f"{low}–{high}"))
    if referral.wished_areas:
        rows.append(
            (_("Lived experience wished in common"), _labels(referral.wished_areas, LivedExperienceArea.choices))
        )
    return rows


def candidate_rows(candidates: Sequence[matching.Candidate], peers: Mapping[str, Peer]) -> list[dict[str, Any]]:
    rows = []
    for rank, candidate in enumerate(candidates, start=1):
        peer = peers[candidate.peer]
        rows.append(
            {
                "rank": rank,
                "id": candidate.peer,
                "peer": peer,
                "score": candidate.score,
                "reasons": describe_all(candidate.reasons, age_band=peer.age_band or None),
                "tradeoffs": describe_all(candidate.tradeoffs, age_band=peer.age_band or None),
            }
        )
    return rows


def exclusion_rows(excluded: Sequence[matching.Exclusion], peers: Mapping[str, Peer]) -> list[dict[str, Any]]:
    return [{"peer": peers[e.peer], "reasons": describe_all(e.reasons)} for e in excluded]


def match_reasons(match: Match) -> list[str]:
    return describe_all(from_stored(match.reasons), age_band=match.peer.age_band or None)
