"""Results: a programme's change per CHIME domain (only for 5 or more), a person's own change, a peer's view
with consent only, session-feedback trends per session, low scores routed to the team and followed up."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEntry, AuditKind
from feedback import outcomes, selectors, services
from feedback.models import Response
from feedback.tests.factories import answered, chime_answers, chime_pair, make_citizen, session_answers
from people.models import Consent, ConsentPurpose
from tests.personas import World, login


def _cohort(world: World, size: int) -> None:
    """`size` citizens who answered CHIME at the start (1 everywhere) and the end (hope 3, the rest 2)."""
    for number in range(size):
        citizen = make_citizen(world.organisation, f"Deltager{number}")
        chime_pair(world.programme, citizen, chime_answers(1), chime_answers(2, hope=3))


def json_script(page: str, element_id: str) -> Any:
    """The data a page hands to its scripts in <script id=... type="application/json">."""
    match = re.search(rf'<script id="{re.escape(element_id)}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no JSON script #{element_id}"
    return json.loads(match.group(1))


def _figures(response: Any) -> dict[str, Any]:
    return json_script(response.content.decode(), "outcome-figures-chime_recovery")


@pytest.mark.django_db
def test_it_shows_the_mean_change_per_chime_domain_with_the_number_who_answered(world: World) -> None:
    _cohort(world, 5)
    response = login(Client(), world.analyst).get(
        reverse("feedback:programme_results", kwargs={"code": world.programme.code})
    )
    figures = _figures(response)
    rows = {row["id"]: row for row in figures["rows"]}
    assert figures["respondents"] == 5
    assert rows["hope"]["n"] == 5 and rows["hope"]["mean_change"] == 6.0
    assert rows["connectedness"]["mean_change"] == 3.0 and rows["total"]["mean_change"] == 18.0
    assert rows["hope"]["share_improved"] == 1.0
    page = response.content.decode()
    assert "5 personer har svaret ved start og ved afslutning." in page
    assert 'data-chart="outcome-chart-chime_recovery"' in page
    chart = json_script(page, "outcome-chart-chime_recovery")
    assert chart["data"]["labels"][1] == "Håb"
    assert chart["data"]["datasets"][0]["data"][1] == 3.0 and chart["data"]["datasets"][1]["data"][1] == 9.0


@pytest.mark.django_db
def test_it_hides_the_change_of_fewer_than_five_people(world: World) -> None:
    _cohort(world, 4)
    response = login(Client(), world.coordinator).get(
        reverse("feedback:programme_results", kwargs={"code": world.programme.code})
    )
    page = response.content.decode()
    assert "For få svar til at vise (færre end 5)" in page
    figures = _figures(response)
    assert figures["respondents"] is None and all(row["suppressed"] for row in figures["rows"])
    assert "data-mean-change" not in page


@pytest.mark.django_db
def test_it_says_reliable_change_is_unknown_without_the_parameters(world: World) -> None:
    _cohort(world, 5)
    result = selectors.programme_outcome(world.programme, "chime_recovery")
    assert isinstance(result.total.summary, outcomes.ChangeSummary)  # type: ignore[union-attr]
    assert result.total.summary.share_reliably_improved is None  # type: ignore[union-attr]
    page = (
        login(Client(), world.analyst)
        .get(reverse("feedback:programme_results", kwargs={"code": world.programme.code}))
        .content.decode()
    )
    assert "ukendt" in page


@pytest.mark.django_db
def test_it_shows_a_citizen_their_own_change_over_time(world: World) -> None:
    chime_pair(world.programme, world.citizen_record, chime_answers(1), chime_answers(3))
    client = login(Client(), world.citizen)
    page = client.get(reverse("feedback:my_questionnaires")).content.decode()
    assert "Fra 15 ved start til 45 ved afslutning." in page
    assert "data-chart=" in page and "Forbundethed" in page
    change = selectors.person_change_for(world.citizen_record, "chime_recovery")
    assert change is not None and change.total is not None and change.total.change == 30


@pytest.mark.django_db
def test_it_lists_the_questionnaires_waiting_for_the_citizen(world: World) -> None:
    services.invite_respondent(
        instrument_key="chime_recovery",
        programme=world.programme,
        respondent_citizen=world.citizen_record,
        occasion="end",
    )
    page = login(Client(), world.citizen).get(reverse("feedback:my_questionnaires")).content.decode()
    assert "Sådan går det med min recovery" in page and "/svar/" in page


@pytest.mark.django_db
def test_it_shows_a_peer_the_results_only_while_the_citizen_shares_them(
    world: World, peer_supports_citizen: None
) -> None:
    chime_pair(world.programme, world.citizen_record, chime_answers(1), chime_answers(3))
    client = login(Client(), world.peer)
    url = reverse("feedback:peer_citizen_results", kwargs={"code": world.citizen_record.code})
    assert client.get(url).status_code == 404
    assert "Deles ikke med dig" in client.get(reverse("feedback:peer_citizens")).content.decode()

    consent = Consent.objects.create(citizen=world.citizen_record, purpose=ConsentPurpose.SHARE_WITH_PEER)
    response = client.get(url)
    assert response.status_code == 200 and "Forbundethed" in response.content.decode()
    entry = AuditEntry.objects.get(action="feedback.results.read")
    assert entry.kind == AuditKind.READ and entry.subject_code == str(world.citizen_record.code) and entry.purpose

    consent.withdrawn_at = consent.given_at
    consent.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_it_summarises_session_feedback_per_session_for_other_apps(world: World) -> None:
    sessions = [world.ward, world.school]  # any model with a code can be the context object
    for values in [(10, 10, 10, 10)] * 5:
        answered(
            programme=world.programme,
            instrument_key="session_feedback",
            answers=session_answers(*values),
            occasion="session",
            context_object=world.ward,
        )
    for values in [(10, 10, 10, 10), (9, 9, 9, 9), (10, 10, 8, 10)]:
        answered(
            programme=world.programme,
            instrument_key="session_feedback",
            answers=session_answers(*values),
            occasion="session",
            context_object=world.school,
        )
    ward, school = selectors.session_feedback_summary(sessions)
    assert ward.n == 5 and ward.mean_total == 40 and ward.flagged == 0
    assert school.n == 3 and school.suppressed and school.flagged == 1


@pytest.mark.django_db
def test_it_shows_the_session_trend_on_the_programme_page(world: World) -> None:
    for label, values in [("Gang 1", (10, 10, 10, 10)), ("Gang 2", (8, 9, 9, 9))]:
        invitation = services.invite_respondent(
            instrument_key="session_feedback",
            programme=world.programme,
            respondent_label=label,
            occasion="session",
            group_link=True,
        )
        for _ in range(5):
            answered(programme=world.programme, invitation=invitation, answers=session_answers(*values))
    page = (
        login(Client(), world.lead)
        .get(reverse("feedback:programme_results", kwargs={"code": world.programme.code}))
        .content.decode()
    )
    chart = json_script(page, "session-trend-chart")
    assert chart["data"]["labels"] == ["Gang 1", "Gang 2"]
    assert chart["data"]["datasets"][0]["data"] == [40, 35]
    assert 'class="row-flagged"' in page


@pytest.mark.django_db
def test_it_routes_low_scores_to_coordinators_who_mark_them_followed_up(world: World) -> None:
    low = answered(
        programme=world.programme,
        instrument_key="session_feedback",
        answers=session_answers(7, 10, 10, 10),
        occasion="session",
        label="Hold B",
    )
    answered(
        programme=world.programme,
        instrument_key="session_feedback",
        answers=session_answers(10, 10, 10, 10),
        occasion="session",
        label="Hold B",
    )
    client = login(Client(), world.coordinator)
    page = client.get(reverse("feedback:follow_up_list")).content.decode()
    assert "Mindst ét svar er under 9" in page and page.count("Markér som fulgt op") == 1
    response = client.post(reverse("feedback:follow_up_mark", kwargs={"code": low.code}), {"note": "Talt med holdet"})
    assert response["Location"] == reverse("feedback:follow_up_list")
    low.refresh_from_db()
    assert low.followed_up_by == world.coordinator and low.follow_up_note == "Talt med holdet"
    assert "Intet at følge op på" in client.get(reverse("feedback:follow_up_list")).content.decode()


@pytest.mark.django_db
def test_it_shows_a_teacher_only_the_low_scores_of_their_own_sessions(world: World, teacher_runs_school: None) -> None:
    own = answered(
        programme=world.programme,
        instrument_key="session_feedback",
        answers=session_answers(5, 10, 10, 10),
        occasion="session",
        context_object=world.school,
    )
    other = answered(
        programme=world.programme,
        instrument_key="session_feedback",
        answers=session_answers(5, 10, 10, 10),
        occasion="session",
        context_object=world.ward,
    )
    client = login(Client(), world.teacher)
    page = client.get(reverse("feedback:follow_up_list")).content.decode()
    assert str(own.code) in page and str(other.code) not in page
    assert client.post(reverse("feedback:follow_up_mark", kwargs={"code": other.code})).status_code == 404
    assert client.post(reverse("feedback:follow_up_mark", kwargs={"code": own.code})).status_code == 302
    assert Response.objects.get(pk=own.pk).followed_up_at is not None


@pytest.mark.django_db
def test_it_gives_other_apps_the_latest_scores_of_a_citizen(world: World) -> None:
    assert selectors.latest_scores(world.citizen_record, "chime_recovery") is None
    chime_pair(world.programme, world.citizen_record, chime_answers(1), chime_answers(2, hope=4))
    latest = selectors.latest_scores(world.citizen_record, "chime_recovery")
    assert latest is not None and latest.occasion == "end" and latest.total == 36
    assert {s.id: s.score for s in latest.subscales}["hope"] == 12


@pytest.mark.django_db
def test_it_logs_that_a_coordinator_saw_a_citizens_low_score(world: World) -> None:
    answered(
        programme=world.programme,
        instrument_key="session_feedback",
        citizen=world.citizen_record,
        answers=session_answers(6, 10, 10, 10),
        occasion="session",
    )
    page = login(Client(), world.coordinator).get(reverse("feedback:follow_up_list")).content.decode()
    assert "Birgit Testesen" in page
    entry = AuditEntry.objects.get(action="feedback.follow_up.listed")
    assert entry.subject_code == str(world.citizen_record.code) and entry.actor == world.coordinator
