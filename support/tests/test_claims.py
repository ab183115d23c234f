"""Transport claims of volunteers (model 2): claim → approval → export for payment, once."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from support import services
from support.models import ClaimStatus, ExpenseClaim
from support.services import SupportError
from tests.peer_personas import make_peer
from tests.personas import login

pytestmark = pytest.mark.django_db


def _claim(peer, **fields):
    defaults = {
        "actor": None,
        "peer": peer,
        "travelled_on": timezone.localdate(),
        "from_place": "Holte",
        "to_place": "Rudersdal Bibliotek",
        "km": None,
        "amount": Decimal("48.00"),
    }
    defaults.update(fields)
    return services.submit_claim(**defaults)


def test_it_pays_kilometres_at_the_programme_rate(world):
    peer = make_peer(world)
    world.programme.settings = {"km_rate": "2.00"}
    world.programme.save()
    claim = _claim(peer, km=Decimal("12.5"), amount=None)
    assert claim.amount == Decimal("25.00")


def test_it_needs_kilometres_or_an_amount(world):
    with pytest.raises(SupportError) as refused:
        _claim(make_peer(world), km=None, amount=None)
    assert refused.value.code == "km_or_amount"


def test_it_lets_the_volunteer_claim_on_the_phone_page(client, world):
    peer = make_peer(world)
    login(client, world.peer)
    response = client.post(
        reverse("support:my_claims"),
        {
            "travelled_on": timezone.localdate().strftime("%d.%m.%Y"),
            "from_place": "Holte",
            "to_place": "Nærum",
            "km": "7,5",
        },
    )
    assert response.status_code == 302
    claim = ExpenseClaim.objects.get(peer=peer)
    assert claim.km == Decimal("7.5") and claim.status == ClaimStatus.SUBMITTED


def test_it_keeps_the_form_when_neither_km_nor_amount_is_given(client, world):
    make_peer(world)
    login(client, world.peer)
    response = client.post(
        reverse("support:my_claims"),
        {"travelled_on": timezone.localdate().strftime("%d.%m.%Y"), "from_place": "Holte", "to_place": "Nærum"},
    )
    assert response.status_code == 200 and "Nærum" in response.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_it_lets_the_coordinator_approve_reject_and_export_once(client, world):
    peer = make_peer(world)
    first, second = _claim(peer), _claim(peer, amount=Decimal("30.50"))
    login(client, world.coordinator)
    assert client.post(reverse("support:claim_approve", kwargs={"code": first.code})).status_code == 302
    client.post(reverse("support:claim_reject", kwargs={"code": second.code}), {"reason": "Ingen kvittering"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ClaimStatus.APPROVED and second.status == ClaimStatus.REJECTED
    assert second.rejection_reason == "Ingen kvittering"
    client.post(reverse("support:claims_export"))
    first.refresh_from_db()
    assert first.export is not None
    batch = first.export
    xlsx = client.get(reverse("support:claims_export_download", kwargs={"code": batch.code, "fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=1).value == peer.full_name
    assert float(sheet.cell(row=2, column=7).value) == 48.0
    text = client.get(reverse("support:claims_export_download", kwargs={"code": batch.code, "fmt": "csv"})).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][6] == "48,00"
    with pytest.raises(SupportError) as again:
        services.export_claims_for_payment(actor=world.coordinator, organisation=world.organisation)
    assert again.value.code == "nothing_to_export"


def test_it_refuses_a_decision_twice(world):
    claim = _claim(make_peer(world))
    services.decide_claim(actor=world.coordinator, claim=claim, approve=True)
    with pytest.raises(SupportError):
        services.decide_claim(actor=world.coordinator, claim=claim, approve=False, reason="Nej")


@pytest.mark.parametrize("persona", ["peer", "citizen", "key_person", "lead", "outsider"])
def test_it_hides_claims_from_everyone_but_the_coordinator(client, world, persona):
    claim = _claim(make_peer(world))
    login(client, world.personas()[persona])
    assert client.get(reverse("support:claim_reject", kwargs={"code": claim.code})).status_code == 404
    assert client.post(reverse("support:claim_approve", kwargs={"code": claim.code})).status_code == 404
    if persona != "outsider":
        assert client.get(reverse("support:claims_review")).status_code == 404
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
