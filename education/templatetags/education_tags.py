"""Small template helpers for the education pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`{{ forms|get_item:module.pk }}`: a dict lookup by a variable key (None when missing)."""
    if not mapping:
        return None
    return mapping.get(key)
