"""Sections of the peer's own page ("Min side") that other apps fill: agreements, education, meetings...

People shows the peer's profile, availability and pause; every other app adds its own section in
its AppConfig.ready():

    from people.peer_page import register_peer_page_section

    register_peer_page_section(
        "education",
        _("My education"),
        "education/peer_page_section.html",
        context=lambda peer: {"plan": education_plan_for(peer)},
        order=30,
    )

`context(peer)` returns the template's context, or None when the section has nothing to show for
this peer (then the section is left out: no empty placeholders). The template is rendered with the
request (so `{% url %}`, `{% csrf_token %}` and `user` work) plus `peer` and `section`; it should
start below the section heading, which people renders as an h2 with the section's title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from people.models import Peer

SectionContext = Callable[[Peer], dict[str, Any] | None]


@dataclass(frozen=True)
class PeerPageSection:
    key: str
    title: Any
    template_name: str
    context: SectionContext
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: Any
    html: SafeString


_SECTIONS: dict[str, PeerPageSection] = {}


def register_peer_page_section(
    key: str, title: Any, template_name: str, context: SectionContext, *, order: int = 100
) -> None:
    """Add (or replace) a section of the peer's own page. See the module docstring."""
    _SECTIONS[key] = PeerPageSection(key=key, title=title, template_name=template_name, context=context, order=order)


def peer_page_sections() -> list[PeerPageSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def render_sections(peer: Peer, request: HttpRequest) -> list[RenderedSection]:
    rendered = []
    for section in peer_page_sections():
        context = section.context(peer)
        if context is None:
            continue
        html = render_to_string(section.template_name, {**context, "peer": peer, "section": section}, request=request)
        rendered.append(RenderedSection(key=section.key, title=section.title, html=mark_safe(html)))  # noqa: S308
    return rendered
