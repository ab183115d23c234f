"""PDFs of the courses app with WeasyPrint: the course certificate and the printable catalogue.

Rendered in Danish. WeasyPrint may read only the project's static files (the print stylesheet and the
vendored IBM Plex Sans); any other URL is refused, so text typed into a course description can never
make the server fetch something.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from core.pdf import FONT_DIR, StaticOnlyFetcher, font_css, static_file, static_roots
from core.pdf import render_pdf as render_document
from courses.models import Certificate

PRINT_CSS = "courses/print.css"
__all__ = ["FONT_DIR", "PRINT_CSS", "StaticOnlyFetcher", "render_pdf"]

# Kept under their old names for callers of this module.
_static_file = static_file
_font_css = font_css
_roots = static_roots


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a document template of this app to PDF bytes, in Danish."""
    return render_document(template_name, context, stylesheet=PRINT_CSS)


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
