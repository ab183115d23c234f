"""A volunteer who leaves gets a reference when the rules are met; it is edited and sent as a PDF by e-mail."""

from __future__ import annotations

import datetime
import sys
import types

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from agreements import reference_services, references
from agreements.models import Reference
from agreements.services import AgreementError
from agreements.tests.helpers import make_agreement, world_peer
from tests.personas import World, login

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_day")]


@pytest.fixture
def _frozen_day():
    with time_machine.travel("2026-09-01 10:00 +0200", tick=False):
        yield


@pytest.fixture
def peer(world: World):
    peer = world_peer(world)
    make_agreement(world, peer, starts_on=D(2026, 1, 1))
    return peer


@pytest.fixture
def counters():
    saved = references.occasion_counters()
    yield
    references._COUNTERS.clear()
    references._COUNTERS.update(saved)


@pytest.fixture
def no_education_app(monkeypatch):
    """As when Brobygger runs without the education app: nothing records the peer education."""
    monkeypatch.setattr(references, "education_completed", lambda peer: None)


def test_it_reads_a_missing_education_app_as_unknown(world: World, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "education.selectors", None)
    assert references.education_completed(world_peer(world)) is None


@pytest.fixture
def education_module(monkeypatch):
    """An education app that knows whether the basic module is completed."""
    completed: dict[int, bool] = {}
    module = types.ModuleType("education.selectors")
    module.basic_module_completed = lambda peer: completed.get(peer.pk, False)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "education.selectors", module)
    return completed


def _start(client: Client, peer, **data):
    return client.post(reverse("agreements:reference_start", kwargs={"code": peer.code}), data)


def test_other_apps_add_their_occasions_to_the_count(world: World, peer, counters) -> None:
    references.register_occasion_counter(lambda p: 4, name="referrals")
    references.register_occasion_counter(lambda p: 3, name="courses")
    reference_services.set_manual_occasions(peer=peer, count=2, acting_user=world.coordinator)
    assert references.count_occasions(peer) == 9
    references.register_occasion_counter(lambda p: 5, name="courses")  # registering again replaces
    assert references.count_occasions(peer) == 11


@pytest.mark.usefixtures("no_education_app")
def test_it_refuses_a_reference_before_the_rules_are_met(world: World, peer, counters) -> None:
    client = login(Client(), world.coordinator)
    page = client.get(reverse("agreements:reference_start", kwargs={"code": peer.code})).content.decode()
    assert "Frivillig 0 gange (der kræves mindst 10)" in page
    assert "Aktiv i 8 måneder (der kræves mindst 6)" in page
    response = _start(client, peer, recipient_email="peer@example.dk", education_confirmed="on")
    assert "Den frivillige opfylder endnu ikke reglerne for en udtalelse" in response.content.decode()
    assert not Reference.objects.exists()


@pytest.mark.usefixtures("no_education_app")
def test_it_asks_the_coordinator_to_confirm_the_education_when_no_app_records_it(world: World, peer, counters) -> None:
    reference_services.set_manual_occasions(peer=peer, count=10, acting_user=world.coordinator)
    client = login(Client(), world.coordinator)
    response = _start(client, peer, recipient_email="peer@example.dk")
    assert not Reference.objects.exists()
    assert "Jeg bekræfter, at den frivillige har gennemført peer-uddannelsen" in response.content.decode()
    response = _start(client, peer, recipient_email="peer@example.dk", education_confirmed="on")
    reference = Reference.objects.get()
    assert response["Location"] == reverse("agreements:reference_edit", kwargs={"code": reference.code})
    assert reference.education_confirmed_by == world.coordinator
    assert "Peter Testesen har været frivillig hos Region Testland fra 1. januar 2026" in reference.text
    assert "lavet frivilligt arbejde 10 gange" in reference.text


def test_it_asks_the_education_app_when_there_is_one(world: World, peer, counters, education_module) -> None:
    reference_services.set_manual_occasions(peer=peer, count=10, acting_user=world.coordinator)
    with pytest.raises(AgreementError):
        reference_services.create_reference(peer=peer, acting_user=world.coordinator, education_confirmed=True)
    education_module[peer.pk] = True
    reference = reference_services.create_reference(peer=peer, acting_user=world.coordinator)
    assert reference.eligibility["education"] == "records" and reference.education_confirmed_by is None
    page = login(Client(), world.coordinator).get(reverse("agreements:reference_start", kwargs={"code": peer.code}))
    assert "education_confirmed" not in page.content.decode()


@pytest.mark.usefixtures("no_education_app")
def test_it_sends_the_edited_reference_as_a_pdf_after_commit(
    world: World, peer, counters, django_capture_on_commit_callbacks
) -> None:
    references.register_occasion_counter(lambda p: 12, name="referrals")
    reference = reference_services.create_reference(peer=peer, acting_user=world.coordinator, education_confirmed=True)
    client = login(Client(), world.coordinator)
    url = reverse("agreements:reference_edit", kwargs={"code": reference.code})
    response = client.post(url, {"text": reference.text, "recipient_email": "peter@example.dk", "send": "1"})
    assert "Udfyld disse felter, før du sender udtalelsen" in response.content.decode()
    assert mail.outbox == []
    text = reference.text.replace("[udfyldes lokalt: Opgaver og eksempler fra det frivillige arbejde]", "Følgeskab.")
    text = text.replace("[udfyldes lokalt: Personlige kvaliteter og samarbejde]", "Stabil og varm.")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, {"text": text, "recipient_email": "peter@example.dk", "send": "1"})
    assert response.status_code == 302 and len(callbacks) == 1
    message = mail.outbox[0]
    assert message.to == ["peter@example.dk"] and "Din udtalelse fra Region Testland" in message.subject
    name, content, mimetype = message.attachments[0]
    assert name == "udtalelse-peter-testesen.pdf" and mimetype == "application/pdf" and content.startswith(b"%PDF")
    reference.refresh_from_db()
    assert reference.status == "sent" and reference.sent_by == world.coordinator
    again = client.post(url, {"text": "Noget andet", "recipient_email": "x@example.dk", "send": "1"})
    assert again.status_code == 200 and len(mail.outbox) == 1
    reference.refresh_from_db()
    assert reference.text == text


@pytest.mark.usefixtures("no_education_app")
def test_it_sends_nothing_when_the_transaction_rolls_back(world: World, peer, counters) -> None:
    references.register_occasion_counter(lambda p: 12, name="referrals")
    reference = reference_services.create_reference(peer=peer, acting_user=world.coordinator, education_confirmed=True)
    reference.text = "Fint arbejde."
    reference.save()
    reference_services.send_reference(
        reference=reference, acting_user=world.coordinator
    )  # on_commit never runs in this test
    assert mail.outbox == []


def test_the_coordinator_counts_occasions_by_hand(world: World, peer) -> None:
    client = login(Client(), world.coordinator)
    client.post(reverse("agreements:occasions_set", kwargs={"code": peer.code}), {"count": "7"})
    assert references.manual_occasions(peer) == 7
    response = client.post(
        reverse("agreements:occasions_set", kwargs={"code": peer.code}), {"count": "-1"}, follow=True
    )
    assert "Skriv et helt antal gange, 0 eller flere" in response.content.decode()
    assert references.manual_occasions(peer) == 7
