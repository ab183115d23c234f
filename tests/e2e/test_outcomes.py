"""Questionnaires and outcomes in the browser, in Danish: a citizen answers the CHIME questionnaire on a phone
through signed links at the start and the end of a course, and the programme chart shows the change."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from feedback import instruments as engine
from feedback import links, services
from feedback.tests.factories import chime_answers, chime_pair, make_citizen
from tests.e2e.conftest import check_page
from tests.e2e.helpers import browser_login
from tests.personas import World

CHIME = engine.shipped_instrument("chime_recovery")
ANSWER_TEXT = {1: "Passer lidt", 3: "Passer for det meste"}


def _answer_chime_on_phone(phone: Page, visit: Callable[..., Any], url: str, level: int) -> None:
    """Open the link, answer every question at `level` page by page, and send."""
    visit(phone, url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sådan går det med min recovery")
    for number, item in enumerate(CHIME.items, start=1):
        question = phone.get_by_role("group", name=item.text["da"])
        question.get_by_label(ANSWER_TEXT[level], exact=True).check()
        if number % 5 == 0 and number < len(CHIME.items):
            phone.get_by_role("button", name="Næste").click()
            phone.wait_for_load_state("load")
            check_page(phone)
    phone.get_by_role("button", name="Send svar").click()
    phone.wait_for_load_state("load")
    check_page(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tak for dine svar")


def test_it_lets_a_citizen_answer_at_start_and_end_on_a_phone_and_shows_the_programme_change(
    phone_page: Page, page: Page, visit: Callable[..., Any], live_server: Any, world: World
) -> None:
    # Four others in the programme have answered already, so the group reaches five.
    for number in range(4):
        citizen = make_citizen(world.organisation, f"Deltager{number}")
        chime_pair(world.programme, citizen, chime_answers(1), chime_answers(3))

    start = services.invite_respondent(
        instrument_key="chime_recovery",
        programme=world.programme,
        respondent_citizen=world.citizen_record,
        occasion="start",
    )
    _answer_chime_on_phone(phone_page, visit, links.answer_path(start.code), level=1)

    # The same link once more: it explains itself.
    response = visit(phone_page, links.answer_path(start.code))
    assert response is not None and response.status == 410
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Spørgeskemaet er besvaret")

    end = services.invite_respondent(
        instrument_key="chime_recovery",
        programme=world.programme,
        respondent_citizen=world.citizen_record,
        occasion="end",
    )
    _answer_chime_on_phone(phone_page, visit, links.answer_path(end.code), level=3)

    browser_login(page, live_server, world.coordinator)
    visit(page, f"/resultater/{world.programme.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer-guides")
    expect(page.get_by_text("5 personer har svaret ved start og ved afslutning.")).to_be_visible()
    canvas = page.locator('canvas[data-chart="outcome-chart-chime_recovery"]')
    expect(canvas).to_have_attribute("data-chart-ready", "true")

    figures = json.loads(page.locator("#outcome-figures-chime_recovery").text_content() or "{}")
    rows = {row["id"]: row for row in figures["rows"]}
    assert figures["respondents"] == 5
    for domain in ("connectedness", "hope", "identity", "meaning", "empowerment"):
        assert rows[domain]["n"] == 5 and rows[domain]["mean_change"] == 6.0
    assert rows["total"]["mean_before"] == 15.0 and rows["total"]["mean_after"] == 45.0
    chart = json.loads(page.locator("#outcome-chart-chime_recovery").text_content() or "{}")
    assert chart["data"]["labels"] == ["Forbundethed", "Håb", "Identitet", "Mening", "Indflydelse på eget liv"]
    assert chart["data"]["datasets"][1]["data"] == [9.0] * 5
    table = page.locator('table[data-outcome-table="chime_recovery"]')
    expect(table.get_by_role("row", name="Håb")).to_contain_text("+6,00")


def test_it_lets_the_citizen_follow_their_own_change_on_a_phone(
    phone_page: Page, visit: Callable[..., Any], live_server: Any, world: World
) -> None:
    chime_pair(world.programme, world.citizen_record, chime_answers(1), chime_answers(3, hope=4))
    services.invite_respondent(
        instrument_key="session_feedback",
        programme=world.programme,
        respondent_citizen=world.citizen_record,
        occasion="session",
    )
    browser_login(phone_page, live_server, world.citizen)
    visit(phone_page, "/mine-spoergeskemaer/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Mine spørgeskemaer")
    expect(phone_page.get_by_text("Fra 15 ved start til 48 ved afslutning.")).to_be_visible()
    expect(phone_page.locator("canvas[data-chart]")).to_have_attribute("data-chart-ready", "true")
    phone_page.get_by_role("link", name="Hvordan var dagens gang?").click()
    phone_page.wait_for_load_state("load")
    check_page(phone_page)
    for item in engine.shipped_instrument("session_feedback").items:
        phone_page.get_by_role("group", name=item.text["da"]).get_by_label("10", exact=True).check()
    phone_page.get_by_role("button", name="Send svar").click()
    phone_page.wait_for_load_state("load")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Tak for dine svar")


def test_it_names_the_item_when_an_imported_questionnaire_has_an_error(
    page: Page, visit: Callable[..., Any], live_server: Any, world: World
) -> None:
    broken = engine.dump_instrument(CHIME)
    broken["id"] = "own_chime"
    broken["items"][4]["scale"] = "likert5"  # type: ignore[index]
    pasted = json.dumps(broken, ensure_ascii=False, indent=2)
    browser_login(page, live_server, world.administrator)
    visit(page, "/spoergeskemaer/indlaes/")
    page.get_by_label("Eller indsæt JSON-teksten").fill(pasted)
    page.get_by_label("Organisationen har ret til at bruge dette spørgeskema").check()
    page.get_by_role("button", name="Indlæs").click()
    page.wait_for_load_state("load")
    check_page(page)
    expect(page.get_by_role("alert")).to_contain_text("Spørgsmål 5 (hope_look_forward): Skalaen 'likert5' findes ikke.")
    expect(page.get_by_label("Eller indsæt JSON-teksten")).to_have_value(pasted)


def test_it_keeps_every_questionnaire_page_accessible(
    page: Page, visit: Callable[..., Any], live_server: Any, world: World
) -> None:
    """Each staff page of the feedback app, opened by the role that uses it, passes the CSP and axe checks."""
    from feedback import access
    from feedback.models import InstrumentVersion
    from feedback.tests.factories import answered, session_answers
    from people.models import Consent, ConsentPurpose

    for number in range(5):
        citizen = make_citizen(world.organisation, f"Deltager{number}")
        chime_pair(world.programme, citizen, chime_answers(1), chime_answers(2, hope=3))
    plan = services.create_measurement_plan(
        programme=world.programme, instrument_key="chime_recovery", timing="start", acting_user=world.coordinator
    )
    invitation = services.invite_respondent(
        instrument_key="session_feedback",
        programme=world.programme,
        respondent_label="Hold A, gang 1",
        occasion="session",
        group_link=True,
    )
    for values in [(10, 10, 10, 10), (7, 9, 9, 9), (10, 9, 10, 10), (9, 9, 9, 9), (10, 10, 10, 9)]:
        answered(programme=world.programme, invitation=invitation, answers=session_answers(*values))
    Consent.objects.create(citizen=world.citizen_record, purpose=ConsentPurpose.SHARE_WITH_PEER)
    chime_pair(world.programme, world.citizen_record, chime_answers(1), chime_answers(3))
    shipped = InstrumentVersion.objects.shipped().get(instrument_id="chime_recovery")
    code = world.programme.code

    tour = {
        world.coordinator: [
            "/resultater/",
            f"/resultater/{code}/",
            f"/resultater/{code}/maaleplan/",
            f"/maaleplan/{plan.code}/ret/",
            f"/resultater/{code}/invitationer/",
            f"/invitationer/{invitation.code}/",
            "/resultater/opfoelgning/",
        ],
        world.administrator: [
            "/spoergeskemaer/",
            f"/spoergeskemaer/{shipped.code}/",
            "/spoergeskemaer/nyt/",
            "/spoergeskemaer/indlaes/",
        ],
        world.analyst: ["/resultater/eksport/"],
        world.peer: [
            "/mine-borgeres-spoergeskemaer/",
            f"/mine-borgeres-spoergeskemaer/{world.citizen_record.code}/",
            f"/mine-borgeres-spoergeskemaer/{world.citizen_record.code}/besvar/",
        ],
    }
    access.register_peer_citizens("e2e.peer", lambda user, org: [world.citizen_record] if user == world.peer else [])
    try:
        for user, paths in tour.items():
            page.context.clear_cookies()
            browser_login(page, live_server, user)
            for path in paths:
                response = visit(page, path)
                assert response is not None and response.status == 200, path
    finally:
        access.unregister("e2e.peer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Svar på min telefon")
