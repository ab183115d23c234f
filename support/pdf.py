"""The cooperation agreement as a PDF (WeasyPrint), one copy each for the peer and the citizen.

Rendering goes through the agreements app's `render_pdf`, which lets WeasyPrint read only the
project's static files, so text typed into the agreement can never make the server fetch something.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from agreements.pdf import DANISH_LETTERS, render_pdf
from support.models import CooperationAgreement, SupportCourse


def agreement_pdf(agreement: CooperationAgreement, rows: list[tuple[Any, Any]]) -> bytes:
    course = agreement.course
    return render_pdf(
        "support/pdf/agreement.html",
        {"agreement": agreement, "course": course, "organisation": course.organisation, "rows": rows},
    )


def filename(course: SupportCourse) -> str:
    name = f"samarbejdsaftale {course.peer.first_name} {course.citizen.first_name}".translate(DANISH_LETTERS)
    return f"{slugify(name) or 'samarbejdsaftale'}.pdf"
