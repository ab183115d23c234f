"""Small template helpers for the DKFDS interface: icons, numbers, status badges, public menu.

Load with `{% load ui %}`.

- `{% icon "name" %}`: an icon from the DKFDS sprite, hidden from screen readers;
  `{% icon "name" label=_("Warning") %}` gives it an accessible name instead;
  `{% icon "name" css_class="icon-lg" %}` adds classes.
- `{{ value|dk_number }}`, `{{ value|dk_number:2 }}`: a number grouped and with the decimal sign
  of the active language (Danish: 12.345,50), whatever USE_THOUSAND_SEPARATOR says.
- `{{ status|status_variant }}`: the DKFDS badge variant (success, info, warning, error or "")
  for a status value; used by `includes/status_tag.html`.
- `{% public_nav_items as items %}`: the public site's main menu with the current page marked.

Django's built-in `{% querystring %}` (keeps the current query string, changes one key) covers
pagination and filter links, so there is no helper for that here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

register = template.Library()

ICON_SPRITE = "vendor/dkfds/img/all-svg-icons.svg"


@register.simple_tag
def icon(name: str, label: str = "", css_class: str = "") -> SafeString:
    classes = f"icon-svg {css_class}".strip()
    href = f"{static(ICON_SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="{}" focusable="false" role="img" aria-label="{}"><use href="{}"></use></svg>',
            classes,
            label,
            href,
        )
    return format_html(
        '<svg class="{}" focusable="false" aria-hidden="true"><use href="{}"></use></svg>', classes, href
    )


@register.filter
def dk_number(value: Any, decimals: int | str = 0) -> str:
    """Group thousands and use the active language's decimal sign; leave non-numbers as they are."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
        places = int(decimals)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


# Status values used across the apps, by the DKFDS badge colour that fits them. A status not in
# the table gets the neutral badge; a template can always pass `variant=` itself.
_STATUS_VARIANTS: dict[str, str] = {
    **dict.fromkeys(
        ["active", "approved", "completed", "confirmed", "done", "matched", "open", "qualified", "signed"],
        "success",
    ),
    **dict.fromkeys(["draft", "new", "planned", "received", "scheduled", "sent", "submitted", "invited"], "info"),
    **dict.fromkeys(
        ["awaiting", "due", "expiring", "on_hold", "paused", "pending", "waiting", "waitlisted"], "warning"
    ),
    **dict.fromkeys(
        ["cancelled", "declined", "expired", "no_show", "overdue", "rejected", "revoked", "withdrawn"], "error"
    ),
}


@register.filter
def status_variant(status: Any) -> str:
    return _STATUS_VARIANTS.get(str(status).lower(), "")


@dataclass(frozen=True)
class MenuItem:
    label: Any
    url: str
    active: bool


_PUBLIC_MENU: list[tuple[str, Any]] = [
    ("public:home", _("Home")),
    ("public:courses", _("Courses")),
    ("public:become_peer", _("Become a peer")),
    ("public:faq", _("Questions and answers")),
    ("public:contact", _("Contact")),
]


def path_is_under(path: str, url: str) -> bool:
    """True for the page itself and the pages beneath it (the home page only matches itself)."""
    if url == "/" or path == url:
        return path == url
    return path.startswith(url)


@register.simple_tag(takes_context=True)
def public_nav_items(context: template.Context) -> list[MenuItem]:
    request = context.get("request")
    path = request.path if request is not None else ""
    items = []
    for url_name, label in _PUBLIC_MENU:
        url = reverse(url_name)
        items.append(MenuItem(label=label, url=url, active=bool(path) and path_is_under(path, url)))
    return items


_ALERT_VARIANTS = {"success": "success", "warning": "warning", "error": "error"}


@register.filter
def alert_variant(level_tag: Any) -> str:
    """The DKFDS alert variant for a Django message level tag (debug and info show as info)."""
    return _ALERT_VARIANTS.get(str(level_tag), "info")


@register.filter
def elided_pages(paginator: Any, number: int) -> Any:
    """Page numbers around the current page, with Paginator.ELLIPSIS where pages are left out."""
    return paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)


@register.filter
def iso_week(value: Any) -> int | str:
    """The ISO week number of a date or datetime (weeks start on Monday), e.g. 48."""
    if value is None or value == "":
        return ""
    return int(value.isocalendar()[1])
