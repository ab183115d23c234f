"""Who may be matched as a peer guide, work on a ward or teach: derived from completed modules by the
organisation's rules — one API for the other apps."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from education import services
from education.annotations import annotate_qualifications, annotated_roles
from education.models import ModuleKind
from education.qualification import QualifiedRole, explain, is_qualified, qualifications, qualified_peer_ids
from education.tests.helpers import complete, make_peer, set_up, world_peer
from people.models import Peer
from tests.personas import World, login


@pytest.mark.django_db
def test_it_qualifies_a_peer_guide_once_the_basic_module_is_completed(world: World) -> None:
    modules = set_up(world)
    peer = world_peer(world)
    assert not is_qualified(peer, QualifiedRole.PEER_GUIDE)
    complete(modules[ModuleKind.BASIC], peer)
    assert is_qualified(peer, QualifiedRole.PEER_GUIDE)
    assert is_qualified(peer, "individual_peer") and is_qualified(peer, "volunteer_companion")
    assert qualifications([peer]) == {peer.pk: {"peer_guide", "individual_peer", "volunteer_companion"}}


@pytest.mark.django_db
def test_it_asks_a_ward_peer_for_the_introduction_and_admission_experience(world: World) -> None:
    modules = set_up(world)
    peer = world_peer(world)
    complete(modules[ModuleKind.BASIC], peer)
    with translation.override("da"):
        reasons = explain(peer, QualifiedRole.WARD_PEER)
    assert reasons == [
        "Mangler: Internt introduktionsforløb (2 måneder)",
        "Har ikke været indlagt på et psykiatrisk sengeafsnit, hvilket rollen kræver.",
    ]
    complete(modules[ModuleKind.INTRODUCTION], peer)
    assert not is_qualified(peer, QualifiedRole.WARD_PEER)
    Peer.objects.filter(pk=peer.pk).update(has_admission_experience=True)
    peer.refresh_from_db()
    assert is_qualified(peer, QualifiedRole.WARD_PEER) and explain(peer, QualifiedRole.WARD_PEER) == []


@pytest.mark.django_db
def test_it_lets_the_13_week_education_count_for_peer_teachers(world: World) -> None:
    modules = set_up(world)
    peer = world_peer(world, kind="paid")
    complete(modules[ModuleKind.FULL_EDUCATION], peer)
    with translation.override("da"):
        assert explain(peer, QualifiedRole.PEER_TEACHER) == [
            "Mangler: Peer-undervisermodul",
            "Mangler: Fælles introforløb for undervisere",
        ]
    complete(modules[ModuleKind.TEACHER_MODULE], peer)
    complete(modules[ModuleKind.TEACHER_INTRO], peer)
    assert is_qualified(peer, QualifiedRole.PEER_TEACHER)
    assert not is_qualified(peer, QualifiedRole.PEER_GUIDE)  # the rule asks for the basic module itself


@pytest.mark.django_db
def test_it_names_every_module_that_would_do_when_one_of_several_is_missing(world: World) -> None:
    set_up(world)
    peer = world_peer(world)
    with translation.override("da"):
        reasons = explain(peer, QualifiedRole.PEER_TEACHER)
    assert reasons[0] == "Mangler ét af: Basismodul eller Peer-uddannelsen (13 uger)"


@pytest.mark.django_db
def test_it_qualifies_nobody_before_the_organisation_has_rules(world: World) -> None:
    peer = world_peer(world)
    assert not is_qualified(peer, QualifiedRole.PEER_GUIDE)
    with translation.override("da"):
        assert explain(peer, QualifiedRole.PEER_GUIDE) == [
            "Jeres organisation har endnu ikke sat op, hvad »Peer-guide« kræver."
        ]


@pytest.mark.django_db
def test_it_refuses_an_unknown_role(world: World) -> None:
    with pytest.raises(ValueError, match="Unknown qualified role"):
        is_qualified(world_peer(world), "astronaut")


@pytest.mark.django_db
def test_it_follows_the_rule_the_coordinator_edits(world: World) -> None:
    modules = set_up(world)
    peer = world_peer(world)
    complete(modules[ModuleKind.BASIC], peer)
    client = login(Client(), world.coordinator)
    response = client.post(
        reverse("education:rule_edit", kwargs={"role": "peer_guide"}),
        {"group_1": [modules[ModuleKind.BASIC].pk], "group_2": [modules[ModuleKind.INTRODUCTION].pk]},
    )
    assert response["Location"] == reverse("education:rules")
    assert not is_qualified(peer, QualifiedRole.PEER_GUIDE)
    rules_page = client.get(reverse("education:rules")).content.decode()
    assert "Internt introduktionsforløb (2 måneder)" in rules_page


@pytest.mark.django_db
def test_it_computes_qualifications_for_many_peers_with_constant_queries(world: World) -> None:
    modules = set_up(world)
    few = [make_peer(world.organisation, f"Få{i}") for i in range(3)]
    for peer in few:
        complete(modules[ModuleKind.BASIC], peer)
    with CaptureQueriesContext(connection) as small:
        qualifications(Peer.objects.filter(pk__in=[p.pk for p in few]))
    many = few + [make_peer(world.organisation, f"Mange{i}") for i in range(30)]
    for peer in many[3:20]:
        complete(modules[ModuleKind.FULL_EDUCATION], peer)
    with CaptureQueriesContext(connection) as large:
        result = qualifications(Peer.objects.filter(pk__in=[p.pk for p in many]))
    assert len(small.captured_queries) == len(large.captured_queries) <= 4
    assert qualified_peer_ids(many, QualifiedRole.PEER_GUIDE) == {p.pk for p in few}
    assert len(result) == 33


@pytest.mark.django_db
def test_it_gives_the_same_answer_in_the_overview_as_in_the_api(world: World) -> None:
    modules = set_up(world)
    services.set_up_education(organisation=world.other_organisation, acting_user=None)
    peers = []
    combos = [
        (),
        (ModuleKind.BASIC,),
        (ModuleKind.BASIC, ModuleKind.INTRODUCTION),
        (ModuleKind.FULL_EDUCATION, ModuleKind.TEACHER_MODULE, ModuleKind.TEACHER_INTRO),
        (ModuleKind.BASIC, ModuleKind.TEACHER_MODULE),
    ]
    for index, combo in enumerate(combos):
        for admitted in (False, True):
            peer = make_peer(world.organisation, f"P{index}{admitted}", has_admission_experience=admitted)
            for kind in combo:
                complete(modules[kind], peer, date(2025, 2, 1))
            peers.append(peer)
    # A peer elsewhere with the same completions in their own organisation's modules.
    other_basic = next(m for m in world.other_organisation.education_modules.all() if m.kind == ModuleKind.BASIC)
    elsewhere = make_peer(world.other_organisation, "Ole")
    complete(other_basic, elsewhere)
    peers.append(elsewhere)
    api = qualifications(peers)
    annotated = annotate_qualifications(Peer.objects.filter(pk__in=[p.pk for p in peers]))
    assert {p.pk: set(annotated_roles(p)) for p in annotated} == api
    assert api[elsewhere.pk] == {"peer_guide", "individual_peer", "volunteer_companion"}
