"""Documents as PDF with WeasyPrint, for every app: agreements, certificates, posters, catalogues.

Documents are rendered in Danish, the language of the texts they carry. WeasyPrint may read only
the project's own static files (the print stylesheets and the vendored IBM Plex Sans); any other URL
in a document is refused, so text typed by users can never make the server fetch something.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

# WeasyPrint reports every rendering step (and its own stylesheets, parsed on import) at INFO;
# documents are rendered often, so only problems are logged. Set before WeasyPrint is imported.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # it reports each font it subsets

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

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


def static_file(relative: str) -> Path | None:
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    return Path(found).resolve() if found else None


@cache
def font_css() -> str:
    """@font-face rules for the vendored IBM Plex Sans, when it is there."""
    rules = []
    for name, style, weight in FONT_FACES:
        path = static_file(f"{FONT_DIR}/{name}")
        if path is not None:
            rules.append(
                f"@font-face {{ font-family: 'IBM Plex Sans'; src: url('{path.as_uri()}'); "
                f"font-style: {style}; font-weight: {weight}; }}"
            )
    return "\n".join(rules)


def static_roots() -> list[Path]:
    """The folders a document may read from: the project's and every app's static files."""
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    for config in apps.get_app_configs():
        folder = Path(config.path) / "static"
        if folder.is_dir():
            roots.append(folder.resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def render_pdf(template_name: str, context: dict[str, Any], *, stylesheet: str | None = None) -> bytes:
    """Render a document template to PDF bytes, in Danish, with the app's print stylesheet."""
    with translation.override("da"):
        html = render_to_string(template_name, {**context, "generated_at": timezone.localtime()})
    font_config = FontConfiguration()
    fetcher = StaticOnlyFetcher(static_roots())
    stylesheets = []
    fonts = font_css()
    if fonts:
        stylesheets.append(CSS(string=fonts, font_config=font_config, url_fetcher=fetcher))
    css_path = static_file(stylesheet) if stylesheet else None
    if css_path is not None:
        stylesheets.append(CSS(filename=str(css_path), font_config=font_config, url_fetcher=fetcher))
    document = HTML(string=html, base_url=str(css_path.parent) if css_path else None, url_fetcher=fetcher)
    result = document.write_pdf(stylesheets=stylesheets, font_config=font_config)
    assert result is not None  # write_pdf without a target returns the bytes
    return bytes(result)
