"""What education adds to the coordinator's peer overview and the peer's own page: the education deadline,
what each peer is qualified as, the last follow-up and supervision attendance — at constant queries."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education import services, support_services
from education.models import ModuleKind
from education.tests.helpers import complete, make_peer, make_run, make_series, set_up, world_peer
from people.overview import overview_columns
from tests.personas import World, login


def test_it_registers_four_columns_in_the_peer_overview() -> None:
    keys = [c.key for c in overview_columns()]
    assert {"education_deadline", "qualified_as", "last_follow_up", "supervision_attendance"} <= set(keys)


def _row(page: str, name: str) -> str:
    start = page.index(f">{name}</a></th>")
    return page[start : page.index("</tr>", start)]


@pytest.mark.django_db
@time_machine.travel(date(2027, 12, 1), tick=False)
def test_it_shows_deadline_qualification_follow_up_and_supervision_per_peer(world: World) -> None:
    modules = set_up(world)
    peter = world_peer(world, started_at=date(2027, 1, 11))
    peter.programmes.add(world.programme)
    anne = make_peer(world.organisation, "Anne", started_at=date(2027, 1, 11))
    complete(modules[ModuleKind.BASIC], anne, date(2027, 1, 14))
    support_services.record_follow_up(peer=peter, held_on=date(2027, 11, 1), form="phone", acting_user=None)
    series = make_series(world, participants=[peter, anne], starts_on=date(2027, 9, 1))
    for day in (date(2027, 10, 5), date(2027, 11, 2)):
        meeting = series.occurrences.get(on=day)
        support_services.record_attendance(meeting=meeting, marks={peter: "absent", anne: "present"}, acting_user=None)
    page = login(Client(), world.coordinator).get(reverse("people:peer_overview")).content.decode()
    for heading in ("Uddannelsesfrist", "Kvalificeret som", "Seneste opfølgning", "Fremmøde til supervision"):
        assert heading in page
    peter_row, anne_row = _row(page, "Peter"), _row(page, "Anne")
    assert "11.01.2028" in peter_row and "41 dage tilbage" in peter_row
    assert "01.11.2027" in peter_row and "Overskredet" in peter_row  # due 15.11
    assert "0 af 3" in peter_row and "Udeblevet to gange i træk" in peter_row  # Sep, Oct, Nov sessions
    assert "Obligatoriske moduler gennemført" in anne_row and "Peer-guide" in anne_row
    assert "2 af 3" in anne_row


@pytest.mark.django_db
def test_it_keeps_the_overview_at_constant_queries(world: World) -> None:
    modules = set_up(world)
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_overview")

    def grow(n: int) -> None:
        peers = [make_peer(world.organisation, f"Peer{n}-{i}", started_at=date(2025, 1, 1)) for i in range(n)]
        for peer in peers[::2]:
            complete(modules[ModuleKind.BASIC], peer)
            peer.programmes.add(world.programme)
            support_services.record_follow_up(peer=peer, held_on=date(2025, 2, 1), form="phone", acting_user=None)
        run = make_run(modules[ModuleKind.FULL_EDUCATION], starts_on=date(2025, 3, n))
        for peer in peers[1::2]:
            services.enrol_peer(run=run, peer=peer, acting_user=None)
        make_series(world, participants=peers, starts_on=date(2025, 1, 1))

    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.django_db
def test_it_sorts_the_overview_by_the_education_deadline(world: World) -> None:
    set_up(world)
    make_peer(world.organisation, "Sen", started_at=date(2027, 6, 1))
    make_peer(world.organisation, "Tidlig", started_at=date(2027, 1, 1))
    page = login(Client(), world.coordinator).get(reverse("people:peer_overview"), {"sort": "education_deadline"})
    html = page.content.decode()
    assert html.index(">Tidlig</a>") < html.index(">Sen</a>")


@pytest.mark.django_db
def test_it_adds_my_education_plan_to_the_peers_own_page(world: World) -> None:
    set_up(world)
    world_peer(world, started_at=date(2027, 1, 11))
    page = login(Client(), world.peer).get(reverse("people:my_peer_page")).content.decode()
    assert "Min uddannelsesplan" in page and "Basismodul" in page and "Se min uddannelsesplan" in page
