"""Reliable change for a questionnaire without published norms (the shipped CHIME questionnaire): estimated
from the organisation's own complete start answers once there are at least 30, else left unknown."""

from __future__ import annotations

import random

import pytest

from feedback import selectors
from feedback.tests.factories import CHIME_DOMAINS, answered, chime_pair, make_citizen
from tests.personas import World

pytestmark = pytest.mark.django_db


def _noisy(rng: random.Random, level: int, gain: int = 0) -> dict[str, int]:
    """Every CHIME item near `level` (0–4), as real answers vary a little from item to item."""
    items = [item for domain in CHIME_DOMAINS.values() for item in domain]
    return {item: max(0, min(4, level + gain + rng.choice((-1, 0, 0, 1)))) for item in items}


def _baseline(world: World, people: int) -> random.Random:
    rng = random.Random(7)
    for number in range(people):
        citizen = make_citizen(world.organisation, f"Start{number}")
        answered(programme=world.programme, citizen=citizen, answers=_noisy(rng, number % 4), occasion="start")
    return rng


def _five_who_improved(world: World, rng: random.Random) -> None:
    for number in range(5):
        citizen = make_citizen(world.organisation, f"Forløb{number}")
        chime_pair(world.programme, citizen, _noisy(rng, 1), _noisy(rng, 1, gain=2))


def test_it_estimates_reliable_change_from_thirty_start_answers_of_the_organisation(world: World) -> None:
    rng = _baseline(world, 30)
    _five_who_improved(world, rng)
    outcome = selectors.programme_outcome(world.programme, "chime_recovery")
    estimate = outcome.reliability_estimate
    assert estimate is not None and estimate.baseline == 35  # the thirty and the five who also ended
    assert 0 < estimate.reliability < 1 and estimate.sd > 0
    total = outcome.total.summary
    assert total.share_reliably_improved == 1.0  # +2 on every item is far beyond chance
    hope = next(d for d in outcome.domains if d.id == "hope").summary
    assert hope.share_reliably_improved is not None


def test_it_leaves_reliable_change_unknown_with_fewer_start_answers(world: World) -> None:
    rng = _baseline(world, 10)
    _five_who_improved(world, rng)
    outcome = selectors.programme_outcome(world.programme, "chime_recovery")
    assert outcome.reliability_estimate is None
    assert outcome.total.summary.share_reliably_improved is None


def test_it_counts_only_the_organisations_own_start_answers(world: World) -> None:
    rng = random.Random(3)
    from core.models import Programme

    elsewhere = Programme.objects.create(organisation=world.other_organisation, name="Andet", model="peer_guide")
    for number in range(30):
        citizen = make_citizen(world.other_organisation, f"Anden{number}")
        answered(programme=elsewhere, citizen=citizen, answers=_noisy(rng, number % 4), occasion="start")
    _five_who_improved(world, rng)
    assert selectors.programme_outcome(world.programme, "chime_recovery").reliability_estimate is None
