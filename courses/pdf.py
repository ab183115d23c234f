"""PDFs of the courses app with WeasyPrint: the course certificate and the printable catalogue.

Rendered in Danish. WeasyPrint may read only the project's static files (the print stylesheet and the
vendored IBM Plex Sans); any other URL is refused, so text typed into a course description can never
make the server fetch something.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from courses.models import Certificate

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_CSS = "courses/print.css"
FONT_DIR = "vendor/dkfds/fonts"
FONT_FACES = [
    ("IBMPlexSans-Regular.woff2", "normal", 400),
    ("IBMPlexSans-Italic.woff2", "italic", 400),
    ("IBMPlexSans-SemiBold.woff2", "normal", 600),
    ("IBMPlexSans-Bold.woff2", "normal", 700),
]


class StaticOnlyFetcher(URLFetcher):
    """Fetches local files under the static directories and nothing else."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"file"})
        self.roots = roots

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = Path(unquote(urlparse(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ValueError(f"Documents may not load {url}")
        return super().fetch(url, headers)


def _static_file(relative: str) -> Path | None:
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    return Path(found).resolve() if found else None


@cache
def _font_css() -> str:
    rules = []
    for name, style, weight in FONT_FACES:
        path = _static_file(f"{FONT_DIR}/{name}")
        if path is not None:
            rules.append(
                f"@font-face {{ font-family: 'IBM Plex Sans'; src: url('{path.as_uri()}'); "
                f"font-style: {style}; font-weight: {weight}; }}"
            )
    return "\n".join(rules)


def _roots() -> list[Path]:
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    roots.append(Path(__file__).resolve().parent / "static")
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    with translation.override("da"):
        html = render_to_string(template_name, {**context, "generated_at": timezone.localtime()})
    font_config = FontConfiguration()
    fetcher = StaticOnlyFetcher(_roots())
    stylesheets = []
    font_css = _font_css()
    if font_css:
        stylesheets.append(CSS(string=font_css, font_config=font_config, url_fetcher=fetcher))
    css_path = _static_file(PRINT_CSS)
    if css_path is not None:
        stylesheets.append(CSS(filename=str(css_path), font_config=font_config, url_fetcher=fetcher))
    document = HTML(string=html, base_url=str(css_path.parent) if css_path else None, url_fetcher=fetcher)
    result = document.write_pdf(stylesheets=stylesheets, font_config=font_config)
    assert result is not None  # write_pdf without a target returns the bytes
    return bytes(result)


def certificate_filename(certificate: Certificate) -> str:
    return f"{slugify('kursusbevis ' + certificate.registration.run.version.title) or 'kursusbevis'}.pdf"


def certificate_pdf(certificate: Certificate) -> bytes:
    registration = certificate.registration
    run = registration.run
    sessions = list(run.sessions.planned().order_by("day", "start"))
    lead = run.team.filter(is_lead=True).first()
    return render_pdf(
        "courses/pdf/certificate.html",
        {
            "certificate": certificate,
            "registration": registration,
            "run": run,
            "version": run.version,
            "organisation": run.course.organisation,
            "unit": run.unit,
            "first_day": sessions[0].day if sessions else None,
            "last_day": sessions[-1].day if sessions else None,
            "lead": lead,
        },
    )


def catalogue_pdf(*, title: str, entries: list[Any], filters: list[str]) -> bytes:
    return render_pdf("courses/pdf/catalogue.html", {"title": title, "entries": entries, "filters": filters})
