"""Every public page renders in Danish and in English, with the headings a visitor looks for."""

from __future__ import annotations

import re

import pytest
from django.template.loader import select_template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.programme_defaults import ProgrammeModel
from public.content import KNOWLEDGE_PAGES, MODEL_PAGES, content_templates

# url name (with args) -> (Danish heading, English heading), both as the visitor reads them.
PAGES: list[tuple[str, tuple[str, ...], str, str]] = [
    ("public:home", (), "Støtte fra en, der selv har været der", "Support from someone who has been there"),
    ("public:knowledge", (), "Viden om peer-støtte", "Knowledge about peer support"),
    ("public:knowledge_page", ("effekter",), "Den danske afprøvning 2014–2018", "The Danish trial 2014–2018"),
    ("public:knowledge_page", ("roller",), "Tre roller i de etablerede indsatser", "Three roles within established"),
    ("public:knowledge_page", ("kom-i-gang",), "Forbered organisationen", "Prepare the organisation"),
    ("public:faq", (), "Hvordan kan jeg få peer-støtte?", "How can I get peer support?"),
    ("public:privacy", (), "Klage til Datatilsynet", "Complaints to Datatilsynet"),
    ("public:accessibility", (), "Tilgængelighedserklæring", "Accessibility statement"),
    ("public:courses", (), "Der er ikke offentliggjort kurser endnu", "No courses are published yet"),
    ("public:become_peer", (), "Hvem kan blive peer?", "Who can become a peer?"),
    ("public:contact", (), "Skriv til os", "Write to us"),
    ("public:contact_thanks", (), "Tak for din besked", "Thank you for your message"),
] + [("public:programme_model", (page.slug,), "Hvem er det for?", "Who is it for?") for page in MODEL_PAGES]


def _get(client: Client, url: str, language: str):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "args", "danish", "english"), PAGES)
def test_it_renders_each_page_in_danish_and_english(
    client: Client, url_name: str, args: tuple[str, ...], danish: str, english: str
) -> None:
    url = reverse(url_name, args=args)
    in_danish = _get(client, url, "da")
    in_english = _get(client, url, "en")
    assert in_danish.status_code == 200
    assert in_english.status_code == 200
    assert danish in in_danish.text
    assert english in in_english.text
    assert english not in in_danish.text or english == danish


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["public:home", "public:faq", "public:contact", "public:privacy"])
def test_it_puts_no_inline_style_or_script_in_the_pages(client: Client, url_name: str) -> None:
    html = client.get(reverse(url_name)).text
    assert ' style="' not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> breaks the CSP"
    assert not re.search(r"\son[a-z]+=\"", html), "inline event handlers break the CSP"


def test_it_has_a_page_for_each_of_the_six_programme_models() -> None:
    assert {page.model for page in MODEL_PAGES} == set(ProgrammeModel.values)


@pytest.mark.django_db
def test_it_shows_the_six_models_and_the_seeds_results_on_the_home_page(client: Client) -> None:
    html = client.get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE="da").text
    for page in MODEL_PAGES:
        assert reverse("public:programme_model", args=[page.slug]) in html
    assert "Over 450" in html
    assert "74 %" in html


@pytest.mark.django_db
def test_it_gives_the_peer_guide_page_its_frame_from_the_seeds(client: Client) -> None:
    html = client.get(reverse("public:programme_model", args=["peer-guide"]), HTTP_ACCEPT_LANGUAGE="da").text
    assert "1–2 timer" in html
    assert "højst 4 måneder" in html


@pytest.mark.django_db
def test_it_links_become_a_peer_to_the_application_form(client: Client) -> None:
    html = client.get(reverse("public:become_peer")).text
    assert f'href="{reverse("people:apply")}"' in html
    assert "Søg om at blive peer" in html


@pytest.mark.django_db
def test_it_links_become_a_peer_to_the_contact_form_with_the_topic_chosen(client: Client) -> None:
    html = client.get(reverse("public:become_peer")).text
    assert f'href="{reverse("public:contact")}?topic=peer"' in html
    for criterion in ("over 18 år", "mindst et år", "15 timer om ugen", "basismodul"):
        assert criterion in html


@pytest.mark.django_db
def test_it_tells_how_long_contact_messages_are_kept(client: Client, settings) -> None:
    settings.CONTACT_MESSAGE_RETENTION_DAYS = 180
    html = client.get(reverse("public:privacy"), HTTP_ACCEPT_LANGUAGE="da").text
    assert "slettes automatisk 180 dage efter" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/modeller/findes-ikke/", "/viden/findes-ikke/"], ids=["unknown model", "unknown knowledge page"]
)
def test_it_answers_404_for_a_page_that_does_not_exist(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["faq", "privacy", "accessibility", "courses", "become_peer", "home_intro", "home_results"]
    + [page.content_name for page in MODEL_PAGES + KNOWLEDGE_PAGES],  # type: ignore[operator]
)
def test_it_has_every_page_of_prose_in_both_languages(name: str) -> None:
    for language in ("da", "en"):
        with translation.override(language):
            chosen = select_template(content_templates(name))
        assert chosen.origin.template_name == f"public/content/{name}.{language}.html"


def test_it_falls_back_to_danish_prose_for_a_language_without_its_own_text() -> None:
    with translation.override("de"):
        assert content_templates("faq") == ["public/content/faq.da.html"]
    with translation.override("en"):
        assert content_templates("faq")[-1] == "public/content/faq.da.html"
