"""Documents as PDF with WeasyPrint: agreements, employment records, function descriptions, references.

Documents are rendered in Danish, the language of the texts they carry. WeasyPrint may read only
the project's own static files (the print stylesheet and the vendored IBM Plex Sans); any other URL
in a document is refused, so text typed by users can never make the server fetch something.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from agreements import documents, texts
from agreements.models import DocumentTemplate, EmploymentRecord, Reference, SignatureMethod, VolunteerAgreement
from core.pdf import FONT_DIR, StaticOnlyFetcher, font_css, static_file, static_roots
from core.pdf import render_pdf as render_document

PRINT_CSS = "agreements/print.css"
__all__ = ["FONT_DIR", "PRINT_CSS", "StaticOnlyFetcher", "render_pdf"]

# Kept under their old names for callers of this module.
_static_file = static_file
_font_css = font_css
_roots = static_roots


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render a document template of this app to PDF bytes, in Danish."""
    return render_document(template_name, context, stylesheet=PRINT_CSS)


DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def filename(prefix: str, name: str) -> str:
    """An ASCII file name for a download, e.g. frivilligaftale-soeren-aeroe.pdf."""
    return f"{slugify(f'{prefix} {name}'.translate(DANISH_LETTERS)) or prefix}.pdf"


def agreement_pdf(agreement: VolunteerAgreement) -> bytes:
    signatures = {s.method: s for s in agreement.signatures.all()}
    return render_pdf(
        "agreements/pdf/agreement.html",
        {
            "agreement": agreement,
            "organisation": agreement.organisation,
            "periods": list(agreement.periods.order_by("starts_on")),
            "blocks": texts.render(agreement.text),
            "role_blocks": texts.render(agreement.role_description),
            "role_label": documents.role_label(agreement.role),
            "months": documents.agreement_months(agreement.programme),
            "accepted": signatures.get(SignatureMethod.ELECTRONIC),
            "paper": signatures.get(SignatureMethod.PAPER),
        },
    )


def employment_pdf(record: EmploymentRecord, *, considerations: str = "") -> bytes:
    signatures = {s.method: s for s in record.signatures.all()}
    return render_pdf(
        "agreements/pdf/employment.html",
        {
            "record": record,
            "organisation": record.organisation,
            "considerations": considerations,
            "role_blocks": texts.render(record.role_description),
            "role_label": documents.role_label(record.role),
            "accepted": signatures.get(SignatureMethod.ELECTRONIC),
        },
    )


def template_pdf(template: DocumentTemplate) -> bytes:
    data = {"organisation": template.organisation.name}
    return render_pdf(
        "agreements/pdf/template.html",
        {
            "template": template,
            "organisation": template.organisation,
            "title": template.get_kind_display(),
            "blocks": texts.render(template.body, template.local_values, data),
        },
    )


def reference_pdf(reference: Reference) -> bytes:
    return render_pdf(
        "agreements/pdf/reference.html",
        {"reference": reference, "organisation": reference.organisation, "blocks": texts.render(reference.text)},
    )
