"""The printable shift poster per ward and week (WeasyPrint), like the seeds' example shift plan: the
weekdays as columns, each shift with its times and the peer's first name, to hang on the ward.

Rendered in Danish. WeasyPrint may read only the project's static files (the vendored font).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from core.models import Unit
from courses.pdf import StaticOnlyFetcher
from wards import selectors
from wards.models import BlockedTime, ShiftPlan, Weekday

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT = "vendor/dkfds/fonts/IBMPlexSans-Regular.woff2"
FONT_BOLD = "vendor/dkfds/fonts/IBMPlexSans-SemiBold.woff2"


def _static_file(relative: str) -> Path | None:
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    return Path(found).resolve() if found else None


@cache
def _font_css() -> str:
    rules = []
    for relative, weight in ((FONT, 400), (FONT_BOLD, 600)):
        path = _static_file(relative)
        if path is not None:
            rules.append(
                f"@font-face {{ font-family: 'IBM Plex Sans'; src: url('{path.as_uri()}'); font-weight: {weight}; }}"
            )
    return "\n".join(rules)


def _roots() -> list[Path]:
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def poster_filename(ward: Unit, monday: date) -> str:
    week = monday.isocalendar().week
    return f"{slugify(f'vagtplan {ward.name} uge {week}') or 'vagtplan'}.pdf"


def _days_text(days: list[int]) -> str:
    names = [str(Weekday(day).label).lower() for day in days]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[0]}–{names[-1]}".capitalize()
    return ", ".join(names).capitalize()


def _block_lines(blocks: list[BlockedTime]) -> list[dict[str, object]]:
    """Blocked times with the same time and label on several days as one line ("Mandag–fredag 08:00–09:30")."""
    grouped: dict[tuple[object, ...], list[int]] = {}
    for block in blocks:
        key = (block.start, block.end, block.label or str(block.get_kind_display()))
        grouped.setdefault(key, []).append(block.weekday)
    return [
        {"days": _days_text(sorted(days)), "start": start, "end": end, "label": label}
        for (start, end, label), days in grouped.items()
    ]


def _poster(ward: Unit, row: selectors.WeekRow, days: list[date]) -> dict[str, object]:
    columns = list(zip(days, row.cells, strict=True))
    if not any(cell for _day, cell in columns[5:]):
        columns = columns[:5]  # weekends only when someone is on the ward then
    blocks = _block_lines(list(BlockedTime.objects.filter(ward=ward).order_by("start", "weekday")))
    return {"ward": ward, "settings": selectors.settings_of(ward), "days": columns, "blocks": blocks}


def posters_html(*, plan: ShiftPlan, wards: list[Unit], week: int) -> str:
    """The posters' HTML (Danish), one page per ward: the weekdays as columns with each shift's times and the
    peer's first name, then the ward's blocked times."""
    grid = selectors.plan_grid(plan, wards=wards)[week]
    with translation.override("da"):
        posters = [_poster(row.ward, row, grid.days) for row in grid.rows]
        return render_to_string(
            "wards/pdf/poster.html",
            {
                "plan": plan,
                "posters": posters,
                "monday": grid.monday,
                "sunday": grid.monday + timedelta(days=6),
                "week_number": grid.monday.isocalendar().week,
                "generated_at": timezone.localtime(),
            },
        )


def poster_html(*, plan: ShiftPlan, ward: Unit, week: int) -> str:
    """The poster of one ward for week ``week`` (0-based) of the plan, as HTML."""
    return posters_html(plan=plan, wards=[ward], week=week)


def _render(html: str) -> bytes:
    font_config = FontConfiguration()
    fetcher = StaticOnlyFetcher(_roots())
    stylesheets = []
    if _font_css():
        stylesheets.append(CSS(string=_font_css(), font_config=font_config, url_fetcher=fetcher))
    document = HTML(string=html, url_fetcher=fetcher)
    result = document.write_pdf(stylesheets=stylesheets, font_config=font_config)
    assert result is not None
    return bytes(result)


def poster_pdf(*, plan: ShiftPlan, ward: Unit, week: int) -> bytes:
    """The poster of one ward for week ``week`` (0-based) of the plan."""
    return _render(poster_html(plan=plan, ward=ward, week=week))


def posters_pdf(*, plan: ShiftPlan, wards: list[Unit], week: int) -> bytes:
    """One poster page per ward for week ``week`` (0-based) of the plan, to print them all at once."""
    return _render(posters_html(plan=plan, wards=wards, week=week))


def posters_filename(monday: date) -> str:
    return f"vagtplaner-uge-{monday.isocalendar().week}.pdf"
