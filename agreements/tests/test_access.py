"""Every agreements page with every persona: coordinators see their organisation's, peers only their own,
everyone else gets 404 (and someone not logged in is sent to log in)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import DocumentTemplate, Reference, VolunteerAgreement
from agreements.tests.helpers import make_agreement, make_peer, world_peer
from core.models import Role
from tests.personas import World, login, make_member

D = datetime.date
PERSONAS = ["coordinator", "peer", "key_person", "citizen", "teacher", "lead", "analyst", "administrator", "outsider"]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_day")]


@pytest.fixture
def _frozen_day():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        yield


@dataclass
class Data:
    peer: Any
    paid: Any
    agreement: Any
    employment: Any
    reference: Any


@pytest.fixture
def data(world: World) -> Data:
    peer = world_peer(world)
    agreement = make_agreement(world, peer, starts_on=D(2026, 1, 1))
    paid_user = make_member("betalt@example.dk", "Bodil", world.organisation, Role.PEER)
    paid = make_peer(world, user=paid_user, first_name="Bodil", kind="paid")
    employment = services.save_employment_record(
        peer=paid, acting_user=world.coordinator, starts_on=D(2026, 1, 1), hours_per_week=Decimal(20)
    )
    reference = Reference.objects.create(organisation=world.organisation, peer=peer, text="Peter var frivillig.")
    return Data(peer=peer, paid=paid, agreement=agreement, employment=employment, reference=reference)


COORDINATOR_ONLY = [
    ("agreements:peer_agreements", "peer"),
    ("agreements:agreement_create", "peer"),
    ("agreements:record_check_create", "peer"),
    ("agreements:employment_create", "paid"),
    ("agreements:reference_start", "peer"),
    ("agreements:agreement_detail", "agreement"),
    ("agreements:agreement_edit", "agreement"),
    ("agreements:agreement_pdf", "agreement"),
    ("agreements:employment_detail", "employment"),
    ("agreements:employment_edit", "employment"),
    ("agreements:employment_pdf", "employment"),
    ("agreements:reference_edit", "reference"),
    ("agreements:reference_pdf", "reference"),
]


def _status(user: Any, url: str, method: str = "get", payload: dict[str, Any] | None = None) -> int:
    client = Client() if user is None else login(Client(), user)
    return getattr(client, method)(url, payload or {}).status_code


@pytest.mark.parametrize(("url_name", "obj"), COORDINATOR_ONLY)
def test_only_the_organisations_coordinator_opens(world: World, data: Data, url_name: str, obj: str) -> None:
    url = reverse(url_name, kwargs={"code": getattr(data, obj).code})
    for persona in PERSONAS:
        expected = 200 if persona == "coordinator" else 404
        assert _status(world.personas()[persona], url) == expected, persona
    assert _status(None, url) == 302


POST_ACTIONS = [
    ("agreements:agreement_unmask_cpr", "agreement", {"purpose": "Kontrol"}),
    ("agreements:renewal_talk", "agreement", {"held_on": "01.03.2026", "outcome": "renewed"}),
    ("agreements:agreement_end", "agreement", {"ended_on": "01.03.2026", "ended_by": "volunteer"}),
    ("agreements:agreement_upload", "agreement", {}),
    ("agreements:employment_upload", "employment", {}),
    ("agreements:occasions_set", "peer", {"count": "3"}),
]


@pytest.mark.parametrize(("url_name", "obj", "payload"), POST_ACTIONS)
def test_only_the_organisations_coordinator_acts(
    world: World, data: Data, url_name: str, obj: str, payload: dict[str, Any]
) -> None:
    url = reverse(url_name, kwargs={"code": getattr(data, obj).code})
    before = (VolunteerAgreement.objects.get().ended_on, data.agreement.periods.count())
    for persona in PERSONAS:
        if persona == "coordinator":
            continue
        assert _status(world.personas()[persona], url, "post", payload) == 404, persona
    assert _status(None, url, "post", payload) == 302
    assert (VolunteerAgreement.objects.get().ended_on, data.agreement.periods.count()) == before
    assert _status(world.coordinator, url, "post", payload) in (200, 302)
    assert _status(world.coordinator, url, "get") == 405


def test_lists_show_only_the_organisations_own(world: World, data: Data) -> None:
    url = reverse("agreements:agreement_list")
    for persona in PERSONAS:
        expected = 200 if persona in ("coordinator", "outsider") else 404
        assert _status(world.personas()[persona], url) == expected, persona
    for show in ("current", "ending", "ended", "missing", "all"):
        page = login(Client(), world.outsider).get(url, {"show": show}).content.decode()
        assert "Peter" not in page and "Bodil" not in page, show
    assert "Peter Testesen" in login(Client(), world.coordinator).get(url).content.decode()


@pytest.mark.parametrize(
    "url_name", ["agreements:template_list", "agreements:template_edit", "agreements:template_pdf"]
)
def test_coordinators_and_administrators_edit_the_templates(world: World, data: Data, url_name: str) -> None:
    kwargs = {} if url_name == "agreements:template_list" else {"kind": "role_peer_guide"}
    url = reverse(url_name, kwargs=kwargs)
    for persona in PERSONAS:
        expected = 200 if persona in ("coordinator", "administrator", "outsider") else 404
        assert _status(world.personas()[persona], url) == expected, persona
    assert _status(None, url) == 302


def test_an_outsider_edits_only_their_own_organisations_template(world: World, data: Data) -> None:
    url = reverse("agreements:template_edit", kwargs={"kind": "reference"})
    login(Client(), world.outsider).post(url, {"body": "Andenbys tekst"})
    assert DocumentTemplate.objects.get().organisation == world.other_organisation


@pytest.mark.parametrize(
    ("url_name", "obj"),
    [("agreements:my_agreement", "agreement"), ("agreements:my_agreement_pdf", "agreement")],
)
def test_a_peer_opens_only_their_own_agreement(world: World, data: Data, url_name: str, obj: str) -> None:
    url = reverse(url_name, kwargs={"code": getattr(data, obj).code})
    for persona in PERSONAS:
        expected = 200 if persona == "peer" else 404
        assert _status(world.personas()[persona], url) == expected, persona
    assert _status(None, url) == 302


@pytest.mark.parametrize("url_name", ["agreements:my_employment", "agreements:my_employment_pdf"])
def test_a_peer_opens_only_their_own_employment(world: World, data: Data, url_name: str) -> None:
    url = reverse(url_name, kwargs={"code": data.employment.code})
    for persona in PERSONAS:
        assert _status(world.personas()[persona], url) == 404, persona
    assert _status(data.paid.user, url) == 200


def test_the_peers_own_list(world: World, data: Data) -> None:
    url = reverse("agreements:my_agreements")
    for persona in PERSONAS:
        expected = 200 if persona == "peer" else 404
        assert _status(world.personas()[persona], url) == expected, persona
    page = login(Client(), world.peer).get(url).content.decode()
    assert reverse("agreements:my_agreement", kwargs={"code": data.agreement.code}) in page
    assert str(data.employment.code) not in page


def test_a_peer_login_without_a_peer_record_sees_an_empty_page(world: World) -> None:
    page = login(Client(), world.peer).get(reverse("agreements:my_agreements"))
    assert page.status_code == 200 and "Du har ingen aftale endnu" in page.content.decode()
