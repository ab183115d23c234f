"""Referring a citizen: criteria checked, consent and wishes recorded, nothing saved when refused."""

from __future__ import annotations

import pytest

from core.models import AuditEntry
from people.models import Citizen, Consent, ConsentPurpose
from referrals import eligibility, services
from referrals.models import ExclusionCriterion, Flow, Referral, ReferralStatus, ReferrerKind
from referrals.selectors import eligibility_rules_for
from referrals.tests.factories import make_referral
from tests.personas import World

pytestmark = pytest.mark.django_db


def _refer(world: World, **overrides: object) -> Referral:
    values: dict[str, object] = {
        "actor": world.key_person,
        "programme": world.programme,
        "citizen": services.CitizenDetails(first_name="Mette", municipality="Aarhus"),
        "answers": eligibility.Answers(old_enough=True, applies=frozenset()),
        "wishes": services.Wishes(languages=["da"], availability=["mon-am"], areas=["anxiety"]),
        "consents": services.Consents(lived_experience=True),
        "flow": Flow.INPATIENT,
        "referrer_kind": ReferrerKind.KEY_PERSON,
        "roles": {"key_person"},
    }
    values.update(overrides)
    return services.refer_citizen(**values)  # type: ignore[arg-type]


def test_it_puts_the_referred_citizen_in_the_queue_with_consents_and_wishes(world: World) -> None:
    referral = _refer(world)
    assert referral.status == ReferralStatus.WAITING
    assert referral.citizen.first_name == "Mette"
    assert referral.wished_areas == ["anxiety"]
    assert referral.criteria_confirmed == ["age", "substance_abuse", "dementia", "forensic"]
    purposes = set(Consent.objects.in_force().filter(citizen=referral.citizen).values_list("purpose", flat=True))
    assert purposes == {ConsentPurpose.PEER_SUPPORT, ConsentPurpose.LIVED_EXPERIENCE}
    assert AuditEntry.objects.filter(
        action="referrals.referral.created", subject_code=str(referral.citizen.code)
    ).exists()


def test_it_keeps_no_lived_experience_wishes_without_consent(world: World) -> None:
    referral = _refer(world, consents=services.Consents(lived_experience=False))
    assert referral.wished_areas == []
    assert not Consent.objects.filter(citizen=referral.citizen, purpose=ConsentPurpose.LIVED_EXPERIENCE).exists()


@pytest.mark.parametrize("criterion", [c.value for c in ExclusionCriterion])
def test_it_refuses_a_citizen_an_exclusion_criterion_applies_to_and_saves_nothing(world: World, criterion: str) -> None:
    with pytest.raises(services.ReferralRefused) as refusal:
        _refer(world, answers=eligibility.Answers(old_enough=True, applies=frozenset({criterion})))
    assert refusal.value.failed == [criterion]
    assert not Citizen.objects.filter(first_name="Mette").exists()
    assert not Referral.objects.exists()


def test_it_refuses_a_citizen_under_the_programmes_minimum_age(world: World) -> None:
    with pytest.raises(services.ReferralRefused) as refusal:
        _refer(world, answers=eligibility.Answers(old_enough=False, applies=frozenset()))
    assert refusal.value.failed == ["age"]


def test_it_applies_only_the_exclusions_the_programme_has(world: World) -> None:
    services.update_referral_settings(
        actor=world.coordinator,
        programme=world.programme,
        referrer_roles=["key_person"],
        exclusions=["dementia"],
        weights={},
        digest_to_leads=False,
    )
    assert eligibility_rules_for(world.programme).exclusions == ("dementia",)
    referral = _refer(world, answers=eligibility.Answers(old_enough=True, applies=frozenset({"substance_abuse"})))
    assert referral.criteria_confirmed == ["age", "dementia"]


def test_it_refuses_a_role_the_programme_does_not_let_refer(world: World) -> None:
    with pytest.raises(services.ReferralRefused) as refusal:
        _refer(world, actor=world.peer, roles={"peer"}, referrer_kind=ReferrerKind.COLLEAGUE)
    assert refusal.value.code == "not_allowed"


def test_it_takes_self_referrals_only_where_the_programme_allows_them(world: World) -> None:
    kwargs = {"actor": None, "roles": set(), "referrer_kind": ReferrerKind.CITIZEN, "flow": Flow.SELF}
    with pytest.raises(services.ReferralRefused):
        _refer(world, **kwargs)
    world.programme.settings = {"self_referral": True}
    world.programme.save()
    referral = _refer(world, **kwargs)
    assert referral.referrer_kind == ReferrerKind.CITIZEN
    assert referral.referred_by is None


def test_it_does_not_refer_the_same_citizen_twice_to_a_programme(world: World) -> None:
    first = make_referral(world)
    with pytest.raises(services.ReferralRefused) as refusal:
        make_referral(world, citizen=first.citizen)
    assert refusal.value.code == "already_referred"


def test_it_tells_the_coordinators_of_a_new_referral(world: World, mailoutbox: list) -> None:  # type: ignore[type-arg]
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        make_referral(world)
    assert [m.to for m in mailoutbox] == [[world.coordinator.email]]


def test_it_withdraws_a_referral_from_the_queue(world: World) -> None:
    referral = make_referral(world)
    services.withdraw_referral(actor=world.coordinator, referral=referral, reason="Ønsker ikke længere")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    # A new referral of the same citizen is possible again.
    assert make_referral(world, citizen=referral.citizen).status == ReferralStatus.WAITING
