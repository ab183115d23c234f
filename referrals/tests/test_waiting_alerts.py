"""Waiting: the alert when someone has waited longer than the programme's setting, and the weekly
free-peer digest to the partnership's leads (model 3)."""

from __future__ import annotations

import datetime

import pytest
from django.test import TestCase

from core.models import Partnership
from core.tasks import daily_jobs
from referrals import services
from referrals.tests.factories import make_referral, ready_peer
from tests.personas import World, make_member

pytestmark = pytest.mark.django_db


def _run(job: str) -> list:  # type: ignore[type-arg]
    from django.core import mail

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        daily_jobs()[job]()
    return list(mail.outbox)


def test_it_alerts_the_coordinators_when_someone_has_waited_longer_than_the_setting(world: World) -> None:
    make_referral(world, "Anne", waited_days=15)
    make_referral(world, "Bent", waited_days=3)
    sent = _run("referrals.waiting_alerts")
    assert [m.to for m in sent] == [[world.coordinator.email]]
    assert "1 borger har ventet for længe" in sent[0].subject


def test_it_alerts_only_once_for_the_same_wait(world: World) -> None:
    make_referral(world, waited_days=20)
    assert len(_run("referrals.waiting_alerts")) == 1
    assert _run("referrals.waiting_alerts") == []


def test_it_follows_the_programmes_own_alert_setting(world: World) -> None:
    world.programme.settings = {"waiting_alert_days": 30}
    world.programme.save()
    make_referral(world, waited_days=20)
    assert _run("referrals.waiting_alerts") == []


def test_it_alerts_again_after_a_failed_match_returns_the_citizen_to_the_queue(world: World) -> None:
    peer = ready_peer(world, user=world.peer)
    referral = make_referral(world, waited_days=20)
    _run("referrals.waiting_alerts")
    match = services.confirm_match(actor=world.coordinator, referral=referral, peer=peer)
    services.decline_match_by_peer(actor=world.peer, match=match)
    assert len(_run("referrals.waiting_alerts")) == 1


def test_it_tells_the_partnerships_leads_of_free_peers_on_mondays(world: World) -> None:
    from django.core import mail

    partnership = Partnership.objects.create(name="Peer-guide Midt")
    partnership.organisations.add(world.organisation, world.other_organisation)
    world.programme.partnership = partnership
    world.programme.save()
    partner_lead = make_member("leder@andenby.dk", "Lone", world.other_organisation, "lead")
    ready_peer(world, "Pia", capacity=2)
    services.update_referral_settings(
        actor=world.coordinator,
        programme=world.programme,
        referrer_roles=["key_person"],
        exclusions=[],
        weights={},
        digest_to_leads=True,
    )
    tuesday, monday = datetime.date(2026, 12, 8), datetime.date(2026, 12, 7)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.send_free_peer_digest(today=tuesday) == 0
        assert services.send_free_peer_digest(today=monday) == 1
    assert sorted(mail.outbox[0].to) == sorted([world.lead.email, partner_lead.email])
    assert "Pia" in mail.outbox[0].body


def test_it_shows_the_free_peers_to_a_lead_of_a_partner_organisation(client, world: World) -> None:  # type: ignore[no-untyped-def]
    from tests.personas import login

    partnership = Partnership.objects.create(name="Peer-guide Midt")
    partnership.organisations.add(world.organisation, world.other_organisation)
    world.programme.partnership = partnership
    world.programme.save()
    partner_lead = make_member("leder@andenby.dk", "Lone", world.other_organisation, "lead")
    ready_peer(world, "Pia")
    ready_peer(world, "Full", capacity=0)
    login(client, partner_lead)
    page = client.get("/henvisninger/ledige-peers/").content.decode()
    assert "Pia" in page
    assert "Full" not in page
