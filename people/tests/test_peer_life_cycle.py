"""A peer's life cycle: applicant, in education, active, paused, ended – every change kept with who and why."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from people import services
from people.models import Peer, PeerStatus, PeerStatusChange
from tests.peer_personas import make_peer
from tests.personas import World, login


@pytest.mark.django_db
def test_it_records_every_status_change_with_who_and_why(world: World) -> None:
    peer = make_peer(world, user=None, status=PeerStatus.APPLICANT, first_name="Ida")
    services.change_peer_status(
        peer=peer, to_status=PeerStatus.IN_EDUCATION, acting_user=world.coordinator, reason="Optaget på basismodul"
    )
    services.change_peer_status(peer=peer, to_status=PeerStatus.ACTIVE, acting_user=world.coordinator, reason="")
    changes = list(PeerStatusChange.objects.filter(peer=peer).order_by("id"))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("", "applicant"),
        ("applicant", "in_education"),
        ("in_education", "active"),
    ]
    assert changes[1].by == world.coordinator and changes[1].reason == "Optaget på basismodul"
    peer.refresh_from_db()
    assert peer.status == PeerStatus.ACTIVE and peer.started_at == timezone.localdate()
    entry = AuditEntry.objects.filter(action="people.peer.status_changed", subject_code=str(peer.code)).first()
    assert entry is not None and "Optaget" not in str(entry.data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "target", "code"),
    [
        (PeerStatus.APPLICANT, PeerStatus.ACTIVE, "needs_education"),
        (PeerStatus.ENDED, PeerStatus.ACTIVE, "ended"),
        (PeerStatus.ACTIVE, PeerStatus.ACTIVE, "same_status"),
        (PeerStatus.ACTIVE, PeerStatus.IN_EDUCATION, "impossible_transition"),
    ],
)
def test_it_refuses_impossible_changes_with_a_danish_reason(world: World, start: str, target: str, code: str) -> None:
    peer = make_peer(world, user=None, status=start, first_name="Ida")
    with pytest.raises(services.PeerActionRefused) as refused:
        services.change_peer_status(peer=peer, to_status=target, acting_user=world.coordinator, reason="")
    assert refused.value.code == code
    assert "Ida" in str(refused.value.message) or "status" in str(refused.value.message)
    peer.refresh_from_db()
    assert peer.status == start and peer.status_changes.count() == 1


@pytest.mark.django_db
def test_it_shows_the_refusal_on_the_page_in_danish(world: World) -> None:
    peer = make_peer(world, user=None, status=PeerStatus.ACTIVE, first_name="Ida")
    response = login(Client(), world.coordinator).post(
        reverse("people:peer_status", kwargs={"code": peer.code}), {"to_status": "applicant"}
    )
    assert response.status_code == 200
    assert "Vælg en gyldig mulighed" in response.content.decode() or response.context["form"].errors


@pytest.mark.django_db
def test_it_pauses_with_reason_and_return_date_and_stops_new_matches(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    assert peer in Peer.objects.available_for_matching()
    back = timezone.localdate() + timedelta(days=30)
    response = login(Client(), world.coordinator).post(
        reverse("people:peer_pause", kwargs={"code": peer.code}),
        {"reason": "Ferie", "expected_return": back.strftime("%d.%m.%Y")},
    )
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.status == PeerStatus.PAUSED and peer.pause_reason == "Ferie" and peer.paused_until == back
    assert peer not in Peer.objects.available_for_matching()
    assert peer.status_changes.filter(to_status=PeerStatus.PAUSED, reason="Ferie").exists()


@pytest.mark.django_db
def test_it_refuses_a_pause_without_reason_or_with_a_return_in_the_past(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_pause", kwargs={"code": peer.code})
    page = client.post(url, {"reason": "", "expected_return": "01.01.2020"}).content.decode()
    assert "Skriv en begrundelse for pausen" in page and "kan ikke ligge før i dag" in page
    assert 'value="01.01.2020"' in page
    peer.refresh_from_db()
    assert peer.status == PeerStatus.ACTIVE


@pytest.mark.django_db
def test_it_resumes_to_the_status_before_the_pause(world: World) -> None:
    peer = make_peer(world, user=None, status=PeerStatus.IN_EDUCATION, first_name="Ida")
    services.pause_peer(peer=peer, reason="Sygdom", expected_return=None, acting_user=world.coordinator)
    login(Client(), world.coordinator).post(reverse("people:peer_resume", kwargs={"code": peer.code}), {"reason": ""})
    peer.refresh_from_db()
    assert peer.status == PeerStatus.IN_EDUCATION and peer.pause_reason == "" and peer.paused_until is None


@pytest.mark.django_db
def test_it_ends_with_a_reason_and_keeps_the_history(world: World) -> None:
    peer = make_peer(world, user=None, first_name="Ida")
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_end", kwargs={"code": peer.code})
    assert "Skriv en begrundelse for at afslutte" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Flytter til Aarhus", "ended_on": ""})
    peer.refresh_from_db()
    assert peer.status == PeerStatus.ENDED and peer.end_reason == "Flytter til Aarhus"
    assert peer.ended_at == timezone.localdate() and peer.status_changes.count() == 2
    assert client.get(reverse("people:peer_detail", kwargs={"code": peer.code})).status_code == 200


@pytest.mark.django_db
def test_it_registers_an_existing_peer_with_a_first_history_line(world: World) -> None:
    response = login(Client(), world.coordinator).post(
        reverse("people:peer_create"),
        {
            "status": "active",
            "first_name": "Kim",
            "kind": "paid",
            "hours_per_week": "20",
            "capacity": "2",
            "gender": "unspecified",
            "programmes": [str(world.programme.pk)],
        },
    )
    peer = Peer.objects.get(first_name="Kim")
    assert response["Location"] == reverse("people:peer_detail", kwargs={"code": peer.code})
    assert peer.status == PeerStatus.ACTIVE and peer.started_at == timezone.localdate()
    assert list(peer.programmes.all()) == [world.programme]
    assert [(c.from_status, c.to_status, c.by) for c in peer.status_changes.all()] == [
        ("", "active", world.coordinator)
    ]


@pytest.mark.django_db
def test_it_lets_the_peer_announce_a_pause_and_tells_the_coordinators(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    peer = make_peer(world)
    client = login(Client(), world.peer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:my_pause"), {"reason": "Har brug for en pause", "expected_return": ""})
    assert response["Location"] == reverse("people:my_peer_page")
    peer.refresh_from_db()
    assert peer.status == PeerStatus.PAUSED
    [notice] = [m for m in mail.outbox if m.to == [world.coordinator.email]]
    assert "Peter" in notice.subject and "Har brug for en pause" not in notice.body
    # The peer who announced the pause may end it too.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:my_resume"))
    peer.refresh_from_db()
    assert peer.status == PeerStatus.ACTIVE


@pytest.mark.django_db
def test_it_leaves_a_pause_the_coordinator_started_to_the_coordinator(world: World) -> None:
    peer = make_peer(world)
    services.pause_peer(peer=peer, reason="Trivsel", expected_return=None, acting_user=world.coordinator)
    client = login(Client(), world.peer)
    page = client.get(reverse("people:my_peer_page")).content.decode()
    assert "Din koordinator har sat pausen i gang" in page
    client.post(reverse("people:my_resume"))
    peer.refresh_from_db()
    assert peer.status == PeerStatus.PAUSED
