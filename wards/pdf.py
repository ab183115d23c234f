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
from wards.models import BlockedTime, ShiftPlan

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


def poster_pdf(*, plan: ShiftPlan, ward: Unit, week: int) -> bytes:
    """The poster of one ward for week ``week`` (0-based) of the plan."""
    grid = selectors.plan_grid(plan, wards=[ward])[week]
    row = grid.rows[0]
    days = [(day, cell) for day, cell in zip(grid.days, row.cells, strict=True)]
    if not any(cell for day, cell in days[5:]):
        days = days[:5]  # weekends only when someone is on the ward then
    blocks = list(BlockedTime.objects.filter(ward=ward).order_by("weekday", "start"))
    with translation.override("da"):
        html = render_to_string(
            "wards/pdf/poster.html",
            {
                "plan": plan,
                "ward": ward,
                "settings": selectors.settings_of(ward),
                "monday": grid.monday,
                "sunday": grid.monday + timedelta(days=6),
                "week_number": grid.monday.isocalendar().week,
                "days": days,
                "blocks": blocks,
                "generated_at": timezone.localtime(),
            },
        )
    font_config = FontConfiguration()
    fetcher = StaticOnlyFetcher(_roots())
    stylesheets = []
    if _font_css():
        stylesheets.append(CSS(string=_font_css(), font_config=font_config, url_fetcher=fetcher))
    document = HTML(string=html, url_fetcher=fetcher)
    result = document.write_pdf(stylesheets=stylesheets, font_config=font_config)
    assert result is not None
    return bytes(result)
