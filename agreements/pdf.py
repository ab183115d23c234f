"""Documents as PDF with WeasyPrint: agreements, employment records, function descriptions, references.

Documents are rendered in Danish, the language of the texts they carry. WeasyPrint may read only
the project's own static files (the print stylesheet and the vendored IBM Plex Sans); any other URL
in a document is refused, so text typed by users can never make the server fetch something.
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

from agreements import documents, texts
from agreements.models import DocumentTemplate, EmploymentRecord, Reference, SignatureMethod, VolunteerAgreement

# WeasyPrint reports every rendering step (and its own stylesheets, parsed on import) at INFO;
# documents are rendered often, so only problems are logged. Set before WeasyPrint is imported.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # it reports each font it subsets

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

PRINT_CSS = "agreements/print.css"
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
    """@font-face rules for the vendored IBM Plex Sans, when it is there."""
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
    """Render a document template to PDF bytes, in Danish."""
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
