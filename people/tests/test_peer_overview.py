"""The coordinator's peer overview: the shared spreadsheet replaced – columns, filters, sorting, Excel, speed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEntry, AuditKind, Unit
from people import overview
from people.models import Peer, PeerKind, PeerStatus, PeerStatusChange
from tests.peer_personas import make_peer
from tests.personas import World, login


@pytest.fixture
def registry() -> Iterator[dict[str, overview.OverviewColumn]]:
    """The column registry as it is, restored after a test that adds to it."""
    saved = dict(overview._COLUMNS)
    yield overview._COLUMNS
    overview._COLUMNS.clear()
    overview._COLUMNS.update(saved)


def names_in(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [peer.first_name for peer, _cells in response.context["rows"]]


def cell(response, first_name: str, key: str) -> overview.Cell:  # type: ignore[no-untyped-def]
    keys = [c.key for c in overview.overview_columns()]
    for peer, cells in response.context["rows"]:
        if peer.first_name == first_name:
            return cells[keys.index(key)]
    raise AssertionError(first_name)


@pytest.mark.django_db
def test_it_shows_status_kind_hours_and_flags_paid_peers_below_two_thirds(world: World) -> None:
    make_peer(
        world, user=None, first_name="Anna", kind=PeerKind.PAID, hours_per_week=20, peer_work_share=Decimal("0.5")
    )
    make_peer(
        world, user=None, first_name="Bent", kind=PeerKind.PAID, hours_per_week=15, peer_work_share=Decimal("0.8")
    )
    make_peer(world, user=None, first_name="Carl", kind=PeerKind.VOLUNTEER, hours_per_week=3)
    response = login(Client(), world.coordinator).get(reverse("people:peer_overview"))
    assert cell(response, "Anna", "peer_work_share").flag == "Under 2/3"
    assert cell(response, "Anna", "peer_work_share").text == "50 %"
    assert cell(response, "Bent", "peer_work_share").flag == ""
    assert cell(response, "Carl", "peer_work_share").text == "–"
    assert cell(response, "Anna", "status").text == "Aktiv" and cell(response, "Bent", "hours_per_week").text == "15"
    assert "Under 2/3" in response.content.decode()


@pytest.mark.django_db
def test_it_hides_ended_peers_until_asked_and_filters_by_status_kind_programme_unit_and_flag(world: World) -> None:
    anna = make_peer(world, user=None, first_name="Anna", kind=PeerKind.PAID, peer_work_share=Decimal("0.5"))
    make_peer(world, user=None, first_name="Bent", status=PeerStatus.PAUSED)
    make_peer(world, user=None, first_name="Carl", status=PeerStatus.ENDED, programmes=[])
    anna.units.add(world.ward)
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_overview")
    assert sorted(names_in(client.get(url))) == ["Anna", "Bent"]
    assert sorted(names_in(client.get(url, {"status": "all"}))) == ["Anna", "Bent", "Carl"]
    assert names_in(client.get(url, {"status": "paused"})) == ["Bent"]
    assert names_in(client.get(url, {"kind": "paid"})) == ["Anna"]
    assert names_in(client.get(url, {"unit": world.ward.pk})) == ["Anna"]
    assert names_in(client.get(url, {"status": "all", "programme": world.programme.pk})) == ["Anna", "Bent"]
    assert names_in(client.get(url, {"flagged": "on"})) == ["Anna"]
    assert names_in(client.get(url, {"q": "ben"})) == ["Bent"]


@pytest.mark.django_db
def test_it_sorts_by_a_column_both_ways_and_status_in_life_cycle_order(world: World) -> None:
    make_peer(world, user=None, first_name="Anna", hours_per_week=20, status=PeerStatus.PAUSED)
    make_peer(world, user=None, first_name="Bent", hours_per_week=3, status=PeerStatus.APPLICANT)
    make_peer(world, user=None, first_name="Carl", hours_per_week=12, status=PeerStatus.ACTIVE)
    client = login(Client(), world.coordinator)
    url = reverse("people:peer_overview")
    assert names_in(client.get(url, {"sort": "hours_per_week"})) == ["Bent", "Carl", "Anna"]
    assert names_in(client.get(url, {"sort": "-hours_per_week"})) == ["Anna", "Carl", "Bent"]
    assert names_in(client.get(url, {"sort": "status"})) == ["Bent", "Carl", "Anna"]
    assert names_in(client.get(url, {"sort": "nonsense"})) == ["Anna", "Bent", "Carl"]
    page = client.get(url, {"sort": "hours_per_week"}).content.decode()
    assert 'aria-sort="ascending"' in page and "sort=-hours_per_week" in page


@pytest.mark.django_db
def test_it_exports_the_filtered_overview_to_excel_and_logs_it(world: World) -> None:
    make_peer(
        world, user=None, first_name="Anna", kind=PeerKind.PAID, hours_per_week=20, peer_work_share=Decimal("0.5")
    )
    make_peer(world, user=None, first_name="Bent", kind=PeerKind.VOLUNTEER, hours_per_week=Decimal("2.5"))
    response = login(Client(), world.coordinator).get(
        reverse("people:peer_overview_export"), {"sort": "-hours_per_week"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Fornavn", "Efternavn", "E-mail", "Telefon") and header[-1] == "Opmærksomhedspunkter"
    assert [r[0] for r in rows[1:]] == ["Anna", "Bent"]
    hours = header.index("Timer om ugen")
    assert rows[1][hours] == 20 and rows[2][hours] == 2.5
    assert "Under 2/3" in rows[1][-1]
    entry = AuditEntry.objects.get(kind=AuditKind.EXPORT, action="people.peer_overview.exported")
    assert entry.data["rows"] == 2 and entry.actor == world.coordinator


@pytest.mark.django_db
def test_it_shows_a_coordinator_only_the_peers_of_their_organisation(world: World) -> None:
    make_peer(world, user=None, first_name="Anna")
    make_peer(world, user=None, first_name="Otto", organisation=world.other_organisation, programmes=[])
    assert names_in(login(Client(), world.coordinator).get(reverse("people:peer_overview"))) == ["Anna"]
    assert names_in(login(Client(), world.outsider).get(reverse("people:peer_overview"))) == ["Otto"]


def _count_status_changes(queryset):  # type: ignore[no-untyped-def]
    changes = (
        PeerStatusChange.objects.filter(peer_id=OuterRef("pk"))
        .order_by()
        .values("peer_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return queryset.annotate(changes=Coalesce(Subquery(changes, output_field=IntegerField()), 0))


@pytest.mark.django_db
def test_it_lets_another_app_add_a_sortable_column(world: World, registry: dict) -> None:  # type: ignore[type-arg]
    overview.register_overview_column(
        "changes", "Ændringer", _count_status_changes, lambda p: p.changes, "changes", order=70
    )
    anna = make_peer(world, user=None, first_name="Anna")
    make_peer(world, user=None, first_name="Bent")
    PeerStatusChange.objects.create(peer=anna, from_status="active", to_status="active")
    response = login(Client(), world.coordinator).get(reverse("people:peer_overview"), {"sort": "-changes"})
    assert names_in(response) == ["Anna", "Bent"] and cell(response, "Anna", "changes").text == "2"
    assert "Ændringer" in response.content.decode()


def _grow(world: World, n: int) -> None:
    units = [Unit.objects.create(organisation=world.organisation, name=f"Enhed {n}-{i}", kind="ward") for i in range(3)]
    peers = Peer.objects.bulk_create(
        Peer(
            organisation=world.organisation,
            first_name=f"Peer{n}-{i}",
            status=[PeerStatus.ACTIVE, PeerStatus.PAUSED, PeerStatus.IN_EDUCATION][i % 3],
            kind=[PeerKind.PAID, PeerKind.VOLUNTEER][i % 2],
            hours_per_week=Decimal(i % 30),
            peer_work_share=Decimal("0.5") if i % 2 == 0 else None,
        )
        for i in range(n)
    )
    Peer.programmes.through.objects.bulk_create(
        Peer.programmes.through(peer_id=p.pk, programme_id=world.programme.pk) for p in peers
    )
    Peer.units.through.objects.bulk_create(
        Peer.units.through(peer_id=p.pk, unit_id=units[i % 3].pk) for i, p in enumerate(peers)
    )
    PeerStatusChange.objects.bulk_create(PeerStatusChange(peer=p, to_status=p.status) for p in peers)


def _queries(client: Client, url: str, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["people:peer_overview", "people:peer_overview_export"])
@pytest.mark.parametrize(
    "params", [{}, {"sort": "-peer_work_share", "kind": "paid"}, {"status": "all", "sort": "changes"}]
)
def test_it_uses_the_same_number_of_queries_for_few_and_many_peers(
    world: World,
    registry: dict,
    url_name: str,
    params: dict[str, str],  # type: ignore[type-arg]
) -> None:
    overview.register_overview_column(
        "changes", "Ændringer", _count_status_changes, lambda p: p.changes, "changes", order=70
    )
    url = reverse(url_name)
    _grow(world, 5)
    few = _queries(login(Client(), world.coordinator), url, params)
    _grow(world, 120)
    many = _queries(login(Client(), world.coordinator), url, params)
    assert few == many, f"{url} {params}: {few} queries with 5 peers, {many} with 125"


@pytest.mark.django_db
def test_it_logs_a_search_in_the_overview_with_its_criterion_and_a_plain_look_as_a_read(world: World) -> None:
    make_peer(world, user=None, first_name="Bent")
    client = login(Client(), world.coordinator)
    client.get(reverse("people:peer_overview"), {"q": "ben", "status": "all", "sort": "-hours_per_week"})
    search = AuditEntry.objects.get(action="people.peer_overview.searched")
    assert (search.kind, search.criterion, search.actor) == (AuditKind.SEARCH, "q=ben&status=all", world.coordinator)
    client.get(reverse("people:peer_overview"), {"sort": "status"})
    assert AuditEntry.objects.get(action="people.peer_overview.read").kind == AuditKind.READ
