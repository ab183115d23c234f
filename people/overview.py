"""The coordinator's peer overview: a registry of columns other apps add to, filters, sorting, Excel.

It replaces the shared spreadsheet ("fælles overbliksskema"). People owns the page and the columns
about the peer (status, kind, hours, share of peer work); agreements, education, follow-ups,
supervision and load come from their apps, which register a column in their AppConfig.ready():

    from people.overview import register_overview_column

    register_overview_column(
        "agreement_ends",
        _("Agreement ends"),
        annotate=lambda qs: qs.annotate(agreement_ends=Subquery(
            VolunteerAgreement.objects.filter(peer=OuterRef("pk"), status="signed")
            .order_by("-ends_on").values("ends_on")[:1])),
        value=lambda peer: peer.agreement_ends,
        sort_field="agreement_ends",
    )

`annotate` receives the overview's QuerySet[Peer] and returns it annotated (a Subquery or an
aggregate over a Subquery), so the page takes the same number of SQL queries for 10 peers as for
10,000. `value` reads the annotation from one peer (no queries!) and returns what to show: a str,
number, Decimal, date, datetime, bool or None, or an `OverviewCell` for a text with a flag.
`sort_field` is the annotation (or field) to order by, or None for an unsortable column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, StringAgg, Subquery, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import Peer, PeerKind, PeerStatus

Annotate = Callable[[QuerySet[Peer]], QuerySet[Peer]]


@dataclass(frozen=True)
class OverviewCell:
    """A value with an optional warning, e.g. a date that has passed or a share below 2/3.

    `value` is what the Excel export writes; `text` (optional) is what the page shows; `flag` is a
    short warning shown next to the text, in words (never colour alone), and in the export's
    "Flags" column.
    """

    value: Any
    text: Any = None
    flag: Any = None


@dataclass(frozen=True)
class OverviewColumn:
    key: str
    label: Any
    annotate: Annotate | None
    value: Callable[[Peer], Any]
    sort_field: str | None
    order: int = 100


_COLUMNS: dict[str, OverviewColumn] = {}


def register_overview_column(
    key: str,
    label: Any,
    annotate: Annotate | None,
    value: Callable[[Peer], Any],
    sort_field: str | None,
    *,
    order: int = 100,
) -> None:
    """Add (or replace) a column of the peer overview. See the module docstring."""
    _COLUMNS[key] = OverviewColumn(
        key=key, label=label, annotate=annotate, value=value, sort_field=sort_field, order=order
    )


def overview_columns() -> list[OverviewColumn]:
    return sorted(_COLUMNS.values(), key=lambda c: (c.order, c.key))


def annotate_overview(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    for column in overview_columns():
        if column.annotate is not None:
            queryset = column.annotate(queryset)
    return queryset


def sort_options() -> dict[str, str]:
    """Sort key in the URL -> field to order by. "name" is always there."""
    options = {"name": "first_name"}
    options.update({c.key: c.sort_field for c in overview_columns() if c.sort_field})
    return options


def order_overview(queryset: QuerySet[Peer], sort: str) -> tuple[QuerySet[Peer], str]:
    """Order by a column key ("hours_per_week", "-hours_per_week"); unknown keys sort by name."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    field = sort_options().get(key)
    if field is None:
        key, field, descending = "name", "first_name", False
    ordering = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    return queryset.order_by(ordering, "first_name", "last_name", "pk"), ("-" if descending else "") + key


# ---------------------------------------------------------------------------------------------------
# Cells: one row of display values per peer, and the raw values for Excel
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    flag: str
    value: Any
    status: str = ""


def _display(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        number = Decimal(str(value)).normalize()
        places = max(0, -int(number.as_tuple().exponent)) if isinstance(number.as_tuple().exponent, int) else 0
        return formats.number_format(number, decimal_pos=min(places, 2), use_l10n=True, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def cell_for(column: OverviewColumn, peer: Peer) -> Cell:
    raw = column.value(peer)
    status = peer.status if column.key == "status" else ""
    if isinstance(raw, OverviewCell):
        text = raw.text if raw.text is not None else _display(raw.value)
        return Cell(text=str(text), flag=str(raw.flag or ""), value=raw.value, status=status)
    return Cell(text=_display(raw), flag="", value=raw, status=status)


def excel_value(value: Any) -> Any:
    """A value openpyxl writes as it is: numbers, dates and text (lazy translations become text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float | date | str):
        return value
    return str(value)


# ---------------------------------------------------------------------------------------------------
# The people app's own columns
# ---------------------------------------------------------------------------------------------------

_STATUS_RANK = {
    PeerStatus.APPLICANT: 0,
    PeerStatus.IN_EDUCATION: 1,
    PeerStatus.ACTIVE: 2,
    PeerStatus.PAUSED: 3,
    PeerStatus.ENDED: 4,
}


def _annotate_status_rank(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    # The life-cycle order, so sorting by status reads applicant → ended rather than alphabetically.
    return queryset.annotate(
        status_rank=Case(
            *[When(status=s, then=Value(rank)) for s, rank in _STATUS_RANK.items()],
            default=Value(9),
            output_field=IntegerField(),
        )
    )


def _status_value(peer: Peer) -> OverviewCell:
    label = peer.get_status_display()
    if peer.status == PeerStatus.PAUSED and peer.paused_until:
        text = _("%(status)s, expected back %(date)s") % {
            "status": label,
            "date": formats.date_format(peer.paused_until, "SHORT_DATE_FORMAT"),
        }
        overdue = peer.paused_until < timezone.localdate()
        return OverviewCell(value=str(label), text=text, flag=_("Return date passed") if overdue else None)
    return OverviewCell(value=str(label))


def _share_value(peer: Peer) -> OverviewCell | None:
    if peer.kind != PeerKind.PAID:
        return None
    if peer.peer_work_share is None:
        return OverviewCell(value=None, text=_("Not recorded"))
    percent = (peer.peer_work_share * 100).quantize(Decimal("1"))
    flag = _("Below 2/3") if peer.below_peer_work_share else None
    return OverviewCell(value=peer.peer_work_share, text=f"{percent} %", flag=flag)


def _annotate_programmes(queryset: QuerySet[Peer]) -> QuerySet[Peer]:
    through = Peer.programmes.through
    names = (
        through.objects.filter(peer_id=OuterRef("pk"))
        .order_by()
        .values("peer_id")
        .annotate(names=StringAgg("programme__name", delimiter=Value(", ")))  # type: ignore[misc]
        .values("names")
    )
    return queryset.annotate(programme_names=Subquery(names))


def register_people_columns() -> None:
    register_overview_column(
        "status", gettext_lazy("Status"), _annotate_status_rank, _status_value, "status_rank", order=10
    )
    register_overview_column("kind", gettext_lazy("Kind"), None, lambda p: p.get_kind_display(), "kind", order=20)
    register_overview_column(
        "hours_per_week", gettext_lazy("Hours per week"), None, lambda p: p.hours_per_week, "hours_per_week", order=30
    )
    register_overview_column(
        "peer_work_share", gettext_lazy("Share of peer work"), None, _share_value, "peer_work_share", order=40
    )
    register_overview_column(
        "programmes",
        gettext_lazy("Programmes"),
        _annotate_programmes,
        lambda p: getattr(p, "programme_names", None),
        "programme_names",
        order=50,
    )
