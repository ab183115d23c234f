"""Coordinators make volunteer agreements in periods; bad input gets a clear Danish message and nothing typed is lost."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agreements import selectors, services
from agreements.models import AgreementPeriod, VolunteerAgreement
from agreements.services import AgreementError
from agreements.tests.helpers import form_data, make_agreement, make_peer, world_peer
from core.models import AuditEntry, AuditKind
from tests.personas import World, login

D = datetime.date
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_day")]


@pytest.fixture
def _frozen_day():
    with time_machine.travel("2026-02-01 10:00 +0100", tick=False):
        yield


def _create(client: Client, world: World, peer_code: object, **overrides: object):
    return client.post(
        reverse("agreements:agreement_create", kwargs={"code": peer_code}), form_data(world, **overrides)
    )


def test_it_makes_an_agreement_for_half_a_year_with_the_organisations_text(world: World) -> None:
    peer = world_peer(world)
    client = login(Client(), world.coordinator)
    response = _create(client, world, peer.code)
    agreement = VolunteerAgreement.objects.get(peer=peer)
    assert response["Location"] == reverse("agreements:agreement_detail", kwargs={"code": agreement.code})
    period = agreement.periods.get()
    assert (period.starts_on, period.ends_on) == (D(2026, 2, 1), D(2026, 7, 31))
    assert "Tavshedspligten fortsætter, når du ikke længere er frivillig" in agreement.text
    assert "Region Testland" in agreement.text and "Peer-guides" in agreement.text
    assert "Kompetenceprofil og funktionsbeskrivelse for peer-guider" in agreement.role_description
    page = client.get(response["Location"]).content.decode()
    assert "Peter Testesen" in page and "31.07.2026" in page


def test_it_uses_the_programmes_period_length(world: World) -> None:
    world.programme.settings = {"agreement_months": 3}
    world.programme.save()
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    assert agreement.periods.get().ends_on == D(2026, 4, 30)


def test_it_explains_an_impossible_cpr_and_keeps_everything_typed(world: World) -> None:
    peer = world_peer(world)
    client = login(Client(), world.coordinator)
    response = _create(client, world, peer.code, cpr="320290-1234", address="Skovvej 7")
    assert response.status_code == 200
    assert "De første seks cifre i et CPR-nummer skal være en gyldig fødselsdato" in response.content.decode()
    page = response.content.decode()
    assert 'value="320290-1234"' in page and 'value="Skovvej 7"' in page and 'value="01.02.2026"' in page
    assert not VolunteerAgreement.objects.exists()


def test_it_refuses_dates_in_the_wrong_order(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = _create(client, world, world_peer(world).code, ends_on="01.01.2026")
    assert "Slutdatoen skal ligge på eller efter startdatoen" in response.content.decode()
    assert 'value="01.01.2026"' in response.content.decode()
    assert not VolunteerAgreement.objects.exists()


def test_it_refuses_an_overlapping_agreement_and_keeps_what_was_typed(world: World) -> None:
    peer = world_peer(world)
    make_agreement(world, peer, starts_on=D(2026, 1, 1))
    client = login(Client(), world.coordinator)
    response = _create(client, world, peer.code, starts_on="01.03.2026", address="Skovvej 7")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Perioden overlapper en anden aftaleperiode for den frivillige (01.01.2026–30.06.2026)" in page
    assert 'value="Skovvej 7"' in page and 'value="01.03.2026"' in page
    assert VolunteerAgreement.objects.count() == 1


def test_it_lets_a_new_agreement_start_the_day_after_the_last_one(world: World) -> None:
    peer = world_peer(world)
    make_agreement(world, peer, starts_on=D(2026, 1, 1))
    make_agreement(world, peer, starts_on=D(2026, 7, 1))
    assert AgreementPeriod.objects.filter(peer=peer).count() == 2


def test_it_asks_an_association_why_it_needs_a_cpr_number(world: World) -> None:
    world.organisation.is_public_authority = False
    world.organisation.save()
    client = login(Client(), world.coordinator)
    response = _create(client, world, world_peer(world).code, cpr="010190-1234")
    assert "En forening bør ikke registrere CPR-numre" in response.content.decode()
    response = _create(client, world, world_peer(world).code, cpr="010190-1234", cpr_reason="Kommunen kræver det")
    assert response.status_code == 302


def test_it_stores_the_cpr_encrypted_shows_it_masked_and_logs_the_unmasking(world: World) -> None:
    client = login(Client(), world.coordinator)
    _create(client, world, world_peer(world).code, cpr="010190-1234")
    agreement = VolunteerAgreement.objects.get()
    raw = VolunteerAgreement.objects.filter(pk=agreement.pk).values_list("cpr_encrypted", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cpr_encrypted FROM agreements_volunteeragreement WHERE id = %s", [agreement.pk])
        stored = cursor.fetchone()[0]
    assert "0101901234" not in stored and list(raw) == ["0101901234"]
    detail = reverse("agreements:agreement_detail", kwargs={"code": agreement.code})
    page = client.get(detail).content.decode()
    assert "010190-••••" in page and "010190-1234" not in page
    pdf_page = client.get(reverse("agreements:agreement_pdf", kwargs={"code": agreement.code}))
    assert pdf_page.content.startswith(b"%PDF")
    response = client.post(
        reverse("agreements:agreement_unmask_cpr", kwargs={"code": agreement.code}), {"purpose": "Indberetning"}
    )
    assert "010190-1234" in response.content.decode()
    entry = AuditEntry.objects.get(kind=AuditKind.UNMASK)
    assert entry.purpose == "Indberetning" and entry.subject_code == str(agreement.peer.code)


def test_it_asks_for_a_reason_before_unmasking(world: World) -> None:
    client = login(Client(), world.coordinator)
    _create(client, world, world_peer(world).code, cpr="010190-1234")
    agreement = VolunteerAgreement.objects.get()
    response = client.post(reverse("agreements:agreement_unmask_cpr", kwargs={"code": agreement.code}), {})
    assert "010190-1234" not in response.content.decode()
    assert not AuditEntry.objects.filter(kind=AuditKind.UNMASK).exists()


def test_it_corrects_an_agreement_until_it_is_signed(world: World) -> None:
    peer = world_peer(world)
    agreement = make_agreement(world, peer, starts_on=D(2026, 2, 1))
    client = login(Client(), world.coordinator)
    url = reverse("agreements:agreement_edit", kwargs={"code": agreement.code})
    data = form_data(world, starts_on="15.02.2026", text="## Forpligtelser\n- Mød op", city="Viborg")
    assert client.post(url, data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.city == "Viborg" and agreement.text.startswith("## Forpligtelser")
    assert agreement.periods.get().starts_on == D(2026, 2, 15)
    services.accept_agreement(agreement=agreement, user=world.peer, typed_name="Peter Testesen", consent=True)
    response = client.post(url, data)
    assert response.status_code == 302
    assert "kan ikke længere ændres" in client.get(response["Location"]).content.decode()


def test_it_renews_for_a_new_period_at_the_renewal_talk(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2025, 9, 1))
    client = login(Client(), world.coordinator)
    url = reverse("agreements:renewal_talk", kwargs={"code": agreement.code})
    response = client.post(url, {"held_on": "20.01.2026", "outcome": "renewed", "notes": "Glad for det"})
    assert response.status_code == 302
    periods = list(agreement.periods.order_by("starts_on"))
    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (D(2025, 9, 1), D(2026, 2, 28)),
        (D(2026, 3, 1), D(2026, 8, 31)),
    ]
    assert periods[0].renewal_talk.notes == "Glad for det"


def test_it_ends_with_the_period_when_the_talk_ends_the_agreement(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2025, 9, 1))
    services.record_renewal_talk(
        agreement=agreement, held_on=D(2026, 1, 20), outcome="ended", acting_user=world.coordinator
    )
    agreement.refresh_from_db()
    assert agreement.ended_on == D(2026, 2, 28) and agreement.ended_by == "mutual"
    with pytest.raises(AgreementError) as info:
        services.record_renewal_talk(
            agreement=agreement, held_on=D(2026, 1, 21), outcome="renewed", acting_user=world.coordinator
        )
    assert info.value.code == "ended"


def test_it_refuses_a_renewal_that_would_overlap_another_agreement(world: World) -> None:
    peer = world_peer(world)
    agreement = make_agreement(world, peer, starts_on=D(2025, 9, 1))
    other = make_peer(world, first_name="Anna")
    make_agreement(world, other, starts_on=D(2026, 3, 1))  # another peer's period never blocks
    services.record_renewal_talk(
        agreement=agreement, held_on=D(2026, 1, 20), outcome="renewed", acting_user=world.coordinator
    )
    assert agreement.periods.count() == 2


def test_it_refuses_a_talk_in_the_future(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2025, 9, 1))
    client = login(Client(), world.coordinator)
    url = reverse("agreements:renewal_talk", kwargs={"code": agreement.code})
    response = client.post(url, {"held_on": "20.03.2026", "outcome": "renewed", "notes": "Aftalt"})
    page = response.content.decode()
    assert "Samtalen kan ikke registreres, før den har fundet sted" in page and "Aftalt" in page
    assert agreement.periods.count() == 1


def test_either_side_may_end_it_and_later_periods_go(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2025, 9, 1))
    services.record_renewal_talk(
        agreement=agreement, held_on=D(2026, 1, 20), outcome="renewed", acting_user=world.coordinator
    )
    client = login(Client(), world.coordinator)
    url = reverse("agreements:agreement_end", kwargs={"code": agreement.code})
    response = client.post(url, {"ended_on": "15.02.2026", "ended_by": "volunteer", "reason": "Flytter"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.ended_on, agreement.ended_by, agreement.end_reason) == (D(2026, 2, 15), "volunteer", "Flytter")
    assert [(p.starts_on, p.ends_on) for p in agreement.periods.all()] == [(D(2025, 9, 1), D(2026, 2, 15))]


def test_it_refuses_to_end_before_the_start(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.coordinator)
    url = reverse("agreements:agreement_end", kwargs={"code": agreement.code})
    response = client.post(url, {"ended_on": "01.01.2026", "ended_by": "organisation", "reason": "Fejl"})
    assert "Aftalen kan ikke slutte, før den begynder" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.ended_on is None


def test_it_sends_paid_peers_to_the_employment_record(world: World) -> None:
    peer = make_peer(world, kind="paid")
    client = login(Client(), world.coordinator)
    response = client.get(reverse("agreements:agreement_create", kwargs={"code": peer.code}))
    assert response["Location"] == reverse("agreements:employment_create", kwargs={"code": peer.code})


def test_other_apps_can_ask_for_the_current_and_valid_agreement(world: World) -> None:
    peer = world_peer(world)
    assert selectors.current_agreement(peer) is None and not selectors.has_valid_agreement(peer)
    agreement = make_agreement(world, peer, starts_on=D(2026, 1, 1))
    assert selectors.current_agreement(peer) == agreement
    assert selectors.current_agreement(peer, on=D(2026, 7, 1)) is None
    assert not selectors.has_valid_agreement(peer), "an agreement nobody signed is not valid yet"
    services.accept_agreement(agreement=agreement, user=world.peer, typed_name="Peter Testesen", consent=True)
    assert selectors.has_valid_agreement(peer)
    assert not selectors.has_valid_agreement(peer, on=D(2026, 7, 1))
    # The same answer for many peers at once, as matching asks it.
    assert selectors.peers_with_valid_agreement([peer]) == {peer.pk}
    assert selectors.peers_with_valid_agreement([peer], on=D(2026, 7, 1)) == set()


def test_it_logs_who_read_an_agreement_and_why(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    client = login(Client(), world.coordinator)
    client.get(reverse("agreements:agreement_detail", kwargs={"code": agreement.code}))
    entry = AuditEntry.objects.get(kind=AuditKind.READ, action="agreements.agreement.read")
    assert entry.actor == world.coordinator and entry.purpose and entry.subject_code == str(agreement.peer.code)


def test_the_agreement_text_is_danish_whatever_the_page_language(world: World) -> None:
    from django.utils import translation

    with translation.override("en"):
        agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1), without_coordinator=True)
    assert "din frivilligkoordinator, din koordinator" in agreement.text


def test_employed_peers_get_no_volunteer_agreement(world: World) -> None:
    for kind in ("paid", "dual_competence"):
        peer = make_peer(world, first_name=kind, kind=kind)
        with pytest.raises(AgreementError) as info:
            make_agreement(world, peer, starts_on=D(2026, 2, 1))
        assert info.value.code == "paid_peer"
