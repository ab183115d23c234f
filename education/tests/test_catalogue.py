"""The coordinator's module catalogue: the seeds' defaults, modules per track, runs with dates and places."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from education import services
from education.models import EducationModule, ModuleKind, ModuleRun, QualificationRule, RequirementLevel, Track
from education.tests.helpers import make_run, set_up
from tests.personas import World, login


@pytest.mark.django_db
def test_it_sets_up_the_seeds_catalogue_and_rules_once(world: World) -> None:
    client = login(Client(), world.coordinator)
    client.post(reverse("education:set_up"))
    client.post(reverse("education:set_up"))
    modules = {m.kind: m for m in EducationModule.objects.of(world.organisation)}
    assert set(modules) == {
        ModuleKind.BASIC,
        ModuleKind.FULL_EDUCATION,
        ModuleKind.TEACHER_MODULE,
        ModuleKind.TEACHER_INTRO,
        ModuleKind.INTRODUCTION,
    }
    assert EducationModule.objects.of(world.organisation).count() == 5
    basic = modules[ModuleKind.BASIC]
    assert basic.duration == "3–4 dage"
    assert {(r.track, r.level) for r in basic.track_requirements.all()} == {
        (Track.PAID, RequirementLevel.MANDATORY),
        (Track.VOLUNTEER, RequirementLevel.MANDATORY),
        (Track.COLLEAGUE, RequirementLevel.MANDATORY),
    }
    texts = [i.text for i in modules[ModuleKind.INTRODUCTION].checklist_items.all()]
    assert any("Udskrivningsguiden" in t for t in texts) and any("erfaren peer" in t for t in texts)
    assert QualificationRule.objects.filter(organisation=world.organisation).count() == 5


@pytest.mark.django_db
def test_it_makes_the_introduction_mandatory_for_paid_peers_where_the_wards_model_runs(world: World) -> None:
    from core.models import Programme

    Programme.objects.create(organisation=world.organisation, name="Brobyggere", model=Programme.Model.BRIDGE_BUILDERS)
    intro = set_up(world)[ModuleKind.INTRODUCTION]
    assert intro.track_requirements.get(track=Track.PAID).level == RequirementLevel.MANDATORY


@pytest.mark.django_db
def test_it_offers_the_introduction_as_elective_where_no_ward_programme_runs(world: World) -> None:
    intro = set_up(world)[ModuleKind.INTRODUCTION]
    assert intro.track_requirements.get(track=Track.PAID).level == RequirementLevel.ELECTIVE


@pytest.mark.django_db
def test_it_creates_a_module_mandatory_for_one_track_and_elective_for_another(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:module_create"),
        {
            "name": "Samtalen og relationen",
            "kind": "module",
            "duration": "2 dage",
            "default_capacity": "16",
            "position": "20",
            "active": "on",
            "mandatory_for": ["paid"],
            "elective_for": ["volunteer"],
        },
    )
    module = EducationModule.objects.get(name="Samtalen og relationen")
    assert response["Location"] == reverse("education:module_detail", kwargs={"code": module.code})
    assert {(r.track, r.level) for r in module.track_requirements.all()} == {
        ("paid", "mandatory"),
        ("volunteer", "elective"),
    }


@pytest.mark.django_db
def test_it_refuses_a_track_both_mandatory_and_elective_and_keeps_what_was_typed(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:module_create"),
        {
            "name": "Gruppefacilitering",
            "kind": "module",
            "duration": "1 dag",
            "default_capacity": "16",
            "position": "20",
            "mandatory_for": ["paid"],
            "elective_for": ["paid"],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "både obligatorisk og valgfrit" in page
    assert 'value="Gruppefacilitering"' in page and 'value="1 dag"' in page
    assert not EducationModule.objects.filter(name="Gruppefacilitering").exists()


@pytest.mark.django_db
def test_it_asks_an_introduction_for_its_checklist_items(world: World) -> None:
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:module_create"),
        {"name": "Intro", "kind": "introduction", "default_capacity": "5", "position": "1", "checklist": "  "},
    )
    assert response.status_code == 200 and response.context["form"].errors["checklist"]


@pytest.mark.django_db
def test_it_plans_a_run_with_dates_place_and_places(world: World) -> None:
    basic = set_up(world)[ModuleKind.BASIC]
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:run_create", kwargs={"code": basic.code}),
        {"starts_on": "10.05.2027", "ends_on": "13.05.2027", "place": "Regionshuset Viborg", "capacity": "18"},
    )
    run = ModuleRun.objects.get(module=basic)
    assert response["Location"] == reverse("education:run_detail", kwargs={"code": run.code})
    assert (run.starts_on, run.ends_on, run.capacity, run.place) == (
        date(2027, 5, 10),
        date(2027, 5, 13),
        18,
        "Regionshuset Viborg",
    )
    catalogue = client.get(reverse("education:catalogue")).content.decode()
    assert "10.05.2027" in catalogue and "0 af 18" in catalogue


@pytest.mark.django_db
def test_it_refuses_a_run_whose_dates_are_in_the_wrong_order_and_keeps_them(world: World) -> None:
    basic = set_up(world)[ModuleKind.BASIC]
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:run_create", kwargs={"code": basic.code}),
        {"starts_on": "13.05.2027", "ends_on": "10.05.2027", "place": "Regionshuset", "capacity": "18"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Den sidste dag ligger før den første dag" in page
    assert 'value="13.05.2027"' in page and 'value="10.05.2027"' in page and 'value="Regionshuset"' in page
    assert not ModuleRun.objects.exists()


@pytest.mark.django_db
def test_it_will_not_shrink_a_run_below_the_places_taken(world: World) -> None:
    from education.tests.helpers import make_peer

    basic = set_up(world)[ModuleKind.BASIC]
    run = make_run(basic, capacity=3)
    for name in ("Anne", "Bo"):
        services.enrol_peer(run=run, peer=make_peer(world.organisation, name), acting_user=None)
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:run_edit", kwargs={"code": run.code}),
        {"starts_on": "11.01.2027", "ends_on": "13.01.2027", "place": "Regionshuset", "capacity": "1"},
    )
    assert response.status_code == 200 and "allerede tilmeldt" in response.content.decode()
    run.refresh_from_db()
    assert run.capacity == 3


@pytest.mark.django_db
def test_it_shows_the_catalogue_with_constant_queries(world: World, django_assert_max_num_queries: object) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    modules = set_up(world)
    client = login(Client(), world.coordinator)
    url = reverse("education:catalogue")
    make_run(modules[ModuleKind.BASIC])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for month in (1, 5, 6):
        for kind in (ModuleKind.BASIC, ModuleKind.FULL_EDUCATION, ModuleKind.TEACHER_MODULE):
            make_run(modules[kind], starts_on=date(2028, month, 3))
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.django_db
def test_it_offers_the_basic_module_in_january_may_and_june_and_says_so(world: World) -> None:
    basic = set_up(world)[ModuleKind.BASIC]
    assert basic.offered_months == [1, 5, 6]
    client = login(Client(), world.coordinator)
    assert "udbydes i januar, maj og juni" in client.get(reverse("education:catalogue")).content.decode()
    form = client.get(reverse("education:run_create", kwargs={"code": basic.code})).content.decode()
    assert "Modulet udbydes normalt i januar, maj og juni." in form


@pytest.mark.django_db
def test_it_plans_a_run_outside_the_usual_months_but_warns_the_coordinator(world: World) -> None:
    basic = set_up(world)[ModuleKind.BASIC]
    client = login(Client(), world.coordinator)
    url = reverse("education:run_create", kwargs={"code": basic.code})
    in_march = client.post(
        url, {"starts_on": "08.03.2027", "ends_on": "11.03.2027", "place": "Viborg", "capacity": "18"}, follow=True
    )
    assert ModuleRun.objects.filter(module=basic, starts_on=date(2027, 3, 8)).exists()
    warning = "Basismodul udbydes normalt i januar, maj og juni; dette hold begynder i marts."
    assert warning in in_march.content.decode()
    in_may = client.post(
        url, {"starts_on": "10.05.2027", "ends_on": "13.05.2027", "place": "Viborg", "capacity": "18"}, follow=True
    )
    assert "udbydes normalt" not in in_may.content.decode()


@pytest.mark.django_db
def test_it_saves_the_months_a_module_is_offered_and_any_time_when_none_are_ticked(world: World) -> None:
    client = login(Client(), world.coordinator)
    data = {"name": "Recovery-café", "kind": "module", "default_capacity": "16", "position": "20", "active": "on"}
    client.post(reverse("education:module_create"), {**data, "offered_months": ["9", "2"]})
    module = EducationModule.objects.get(name="Recovery-café")
    assert module.offered_months == [2, 9]
    assert "februar og september" in client.get(reverse("education:module_detail", kwargs={"code": module.code})).text
    client.post(reverse("education:module_edit", kwargs={"code": module.code}), data)
    module.refresh_from_db()
    assert module.offered_months == []
    assert module.is_offered_in(3)
