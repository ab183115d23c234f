"""The peer accepts electronically (typed name, time, logged); a paper signature is a scan only the right people open."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agreements.models import Signature
from agreements.tests.helpers import make_agreement, make_peer, world_peer
from core.models import AuditEntry, AuditKind
from tests.personas import World, login

D = datetime.date
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_day", "_media")]


@pytest.fixture
def _frozen_day():
    with time_machine.travel("2026-02-01 10:00 +0100", tick=False):
        yield


@pytest.fixture
def _media(settings, tmp_path: Path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _accept_url(agreement) -> str:
    return reverse("agreements:my_agreement", kwargs={"code": agreement.code})


def test_the_peer_accepts_their_agreement_with_their_typed_name(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.peer)
    page = client.get(_accept_url(agreement)).content.decode()
    assert "Tavshedspligt" in page and "Godkend aftalen" in page
    response = client.post(_accept_url(agreement), {"typed_name": " peter  testesen ", "consent": "on"})
    assert response.status_code == 302
    signature = Signature.objects.get(agreement=agreement)
    assert signature.method == "electronic" and signature.user == world.peer
    assert signature.signed_name == "peter testesen" and len(signature.text_digest) == 64
    entry = AuditEntry.objects.get(action="agreements.agreement.accepted")
    assert entry.actor == world.peer and entry.subject_code == str(agreement.peer.code) and entry.ip_address
    assert "Du godkendte aftalen elektronisk" in client.get(_accept_url(agreement)).content.decode()


def test_it_asks_for_consent_and_keeps_the_typed_name(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.peer)
    response = client.post(_accept_url(agreement), {"typed_name": "Peter Testesen"})
    page = response.content.decode()
    assert "Sæt kryds for at bekræfte, at du har læst og accepterer aftalen" in page
    assert 'value="Peter Testesen"' in page
    assert not Signature.objects.exists()


def test_it_asks_for_the_name_on_the_agreement(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.peer)
    response = client.post(_accept_url(agreement), {"typed_name": "Karin", "consent": "on"})
    assert "Skriv dit navn præcis, som det står på aftalen: Peter Testesen" in response.content.decode()
    assert not Signature.objects.exists()


def test_it_accepts_only_once(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.peer)
    client.post(_accept_url(agreement), {"typed_name": "Peter Testesen", "consent": "on"})
    client.post(_accept_url(agreement), {"typed_name": "Peter Testesen", "consent": "on"})
    assert Signature.objects.filter(agreement=agreement).count() == 1


def test_a_peer_cannot_open_or_accept_another_peers_agreement(world: World) -> None:
    other = make_peer(world, first_name="Anna")
    agreement = make_agreement(world, other, starts_on=D(2026, 2, 1))
    world_peer(world)
    client = login(Client(), world.peer)
    assert client.get(_accept_url(agreement)).status_code == 404
    assert client.post(_accept_url(agreement), {"typed_name": "Anna Testesen", "consent": "on"}).status_code == 404
    assert not Signature.objects.exists()


def _upload(client: Client, agreement, content: bytes, name: str = "aftale.pdf", **extra: str):
    data = {"scan": SimpleUploadedFile(name, content), "signed_name": "Peter Testesen", "signed_on": "31.01.2026"}
    data.update(extra)
    return client.post(reverse("agreements:agreement_upload", kwargs={"code": agreement.code}), data)


def test_the_coordinator_uploads_a_paper_signature_stored_under_a_random_name(world: World, settings) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.coordinator)
    assert _upload(client, agreement, PDF_BYTES, name="Peters aftale.pdf").status_code == 302
    signature = Signature.objects.get(agreement=agreement, method="paper")
    assert "Peters" not in signature.scan.name and signature.scan.name.endswith(".pdf")
    assert (Path(settings.MEDIA_ROOT) / signature.scan.name).read_bytes() == PDF_BYTES
    response = client.get(reverse("agreements:signature_scan", kwargs={"code": signature.code}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"


def test_it_refuses_a_scan_that_is_not_pdf_jpeg_or_png(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.coordinator)
    response = _upload(client, agreement, b"<html>not a scan</html>", name="aftale.pdf")
    assert "Upload en PDF-, JPEG- eller PNG-fil" in response.content.decode()
    assert not Signature.objects.exists()


def test_it_refuses_a_scan_over_ten_megabytes(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.coordinator)
    response = _upload(client, agreement, PNG_BYTES + b"\x00" * (10 * 1024 * 1024), name="aftale.png")
    assert "Filen er større end 10 MB" in response.content.decode()
    assert not Signature.objects.exists()


def test_it_replaces_an_earlier_scan(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    client = login(Client(), world.coordinator)
    _upload(client, agreement, PDF_BYTES)
    _upload(client, agreement, PNG_BYTES, name="foto.png")
    signature = Signature.objects.get(agreement=agreement, method="paper")
    assert signature.scan_content_type == "image/png"


def test_only_the_organisations_coordinators_and_the_peer_open_a_scan(world: World) -> None:
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 2, 1))
    _upload(login(Client(), world.coordinator), agreement, PDF_BYTES)
    signature = Signature.objects.get()
    url = reverse("agreements:signature_scan", kwargs={"code": signature.code})
    allowed = {"coordinator", "peer"}
    for name, user in world.personas().items():
        status = login(Client(), user).get(url).status_code
        assert status == (200 if name in allowed else 404), name
    assert AuditEntry.objects.filter(kind=AuditKind.READ, action="agreements.signature.scan_read").exists()
