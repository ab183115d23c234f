"""The refusal every education and support service raises when an action cannot be done."""

from __future__ import annotations

from typing import Any


class EducationRefused(Exception):
    """An action that cannot be done, with a stable `code`, the translated `message` for the person, and the
    form field it concerns (None: the form as a whole)."""

    def __init__(self, code: str, message: Any, *, obj: Any = None, field: str | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.obj = obj
        self.field = field
