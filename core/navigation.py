"""A registry through which domain apps add navigation entries and start-page cards per role.

`core` knows no domain app: each app registers its entries in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Any  # a lazy translation
    url_name: str
    roles: frozenset[str]
    description: Any = ""
    order: int = 100
    in_menu: bool = True
    # Optional: a number to show on the start-page card ("3 waiting"), computed for the request.
    count: Callable[[HttpRequest], int | None] | None = field(default=None, compare=False)
    count_label: Any = ""


_REGISTRY: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> None:
    _REGISTRY[entry.key] = entry


def entries_for(roles: Iterable[str]) -> list[NavEntry]:
    wanted = set(roles)
    return sorted((e for e in _REGISTRY.values() if e.roles & wanted), key=lambda e: (e.order, e.key))


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    active: bool
    description: Any
    count: int | None
    count_label: Any


def items_for(request: HttpRequest, *, with_counts: bool = False, menu_only: bool = True) -> list[NavItem]:
    items: list[NavItem] = []
    for entry in entries_for(getattr(request, "roles", set())):
        if menu_only and not entry.in_menu:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        count = entry.count(request) if (with_counts and entry.count is not None) else None
        active = request.path.startswith(url) and url != "/"
        items.append(NavItem(entry.label, url, active, entry.description, count, entry.count_label))
    return items
