"""Organisations word their own documents, starting from Socialstyrelsen's published appendices."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from agreements import documents
from agreements.models import DocumentTemplate, TemplateKind
from agreements.tests.helpers import make_agreement, world_peer
from tests.personas import World, login

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [
        ("role_peer", "Individuel og gruppebaseret peer-støtte"),
        ("role_peer_guide", "Peer-guiden får stillet en mobiltelefon til rådighed"),
        ("role_peer_teacher", "Peer-underviseren skal i co-produktion medvirke"),
        ("role_coordinator", "minimum telefonisk opfølgning hver 14. dag"),
        ("volunteer_agreement", "Tavshedspligten fortsætter, når du ikke længere er frivillig"),
        ("reference", "Vi takker {first_name} for indsatsen"),
    ],
)
def test_it_ships_the_published_texts_as_defaults(kind: str, phrase: str) -> None:
    assert phrase in documents.default_body(kind)


def test_the_agreement_default_carries_every_obligation() -> None:
    body = documents.default_body("volunteer_agreement")
    for obligation in (
        "deltager i peer-uddannelsen",
        "frivilligmøderne",
        "supervision",
        "melder ind i god tid, hvis du har brug for en pause",
        "ikke tager imod gaver eller penge",
        "ikke håndterer penge eller medicin",
        "Tavshedspligten fortsætter",
    ):
        assert obligation in body, obligation


def test_it_lists_every_template_with_the_fields_still_to_fill(world: World) -> None:
    page = login(Client(), world.coordinator).get(reverse("agreements:template_list")).content.decode()
    for kind in TemplateKind.values:
        assert reverse("agreements:template_edit", kwargs={"kind": kind}) in page
    assert "Offentliggjort standardtekst" in page and "ikke udfyldt" in page


def test_it_fills_the_local_fields_and_saves_the_organisations_own_text(world: World) -> None:
    client = login(Client(), world.administrator)
    url = reverse("agreements:template_edit", kwargs={"kind": "role_peer"})
    page = client.get(url).content.decode()
    assert "Nærmeste leder" in page
    body = documents.default_body("role_peer")
    names = documents.texts.local_fields(body)
    data = {"body": body, **{f"local_{i}": "" for i in range(len(names))}}
    data[f"local_{names.index('Nærmeste leder')}"] = "Lone Buch, afdelingsleder"
    assert client.post(url, data).status_code == 302
    template = DocumentTemplate.objects.get(organisation=world.organisation, kind="role_peer")
    assert template.local_values == {"Nærmeste leder": "Lone Buch, afdelingsleder"}
    assert template.updated_by == world.administrator
    pdf = client.get(reverse("agreements:template_pdf", kwargs={"kind": "role_peer"}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_an_agreement_keeps_the_text_it_was_made_with(world: World) -> None:
    client = login(Client(), world.coordinator)
    url = reverse("agreements:template_edit", kwargs={"kind": "volunteer_agreement"})
    client.post(
        url,
        {
            "body": "## Forpligtelser\n- Mød op hos {organisation}\n\nAfbud til [udfyldes lokalt: Afbud]",
            "local_0": "Kim, 12345678",
        },
    )
    agreement = make_agreement(world, world_peer(world), starts_on=D(2026, 1, 1))
    assert agreement.text == "## Forpligtelser\n\n- Mød op hos Region Testland\n\nAfbud til Kim, 12345678"
    client.post(url, {"body": "## Ny tekst"})
    agreement.refresh_from_db()
    assert "Mød op hos Region Testland" in agreement.text


def test_it_goes_back_to_the_published_default(world: World) -> None:
    client = login(Client(), world.coordinator)
    url = reverse("agreements:template_edit", kwargs={"kind": "reference"})
    client.post(url, {"body": "Vores egen tekst"})
    assert DocumentTemplate.objects.filter(kind="reference").exists()
    client.post(url, {"reset": "1"})
    assert not DocumentTemplate.objects.filter(kind="reference").exists()
    assert documents.template_for(world.organisation, "reference").body == documents.default_body("reference")


def test_it_asks_for_a_text(world: World) -> None:
    client = login(Client(), world.coordinator)
    url = reverse("agreements:template_edit", kwargs={"kind": "reference"})
    response = client.post(url, {"body": ""})
    assert response.status_code == 200 and response.context["form"].errors["body"]


def test_an_unknown_document_is_not_found(world: World) -> None:
    client = login(Client(), world.coordinator)
    assert client.get(reverse("agreements:template_edit", kwargs={"kind": "contract"})).status_code == 404


def test_templates_belong_to_one_organisation(world: World) -> None:
    DocumentTemplate.objects.create(organisation=world.other_organisation, kind="reference", body="Andenbys tekst")
    page = login(Client(), world.coordinator).get(reverse("agreements:template_edit", kwargs={"kind": "reference"}))
    assert "Andenbys tekst" not in page.content.decode()
