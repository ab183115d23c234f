"""The one exception the courses services raise when they refuse a request."""

from __future__ import annotations

from typing import Any


class CourseRefused(Exception):
    """A request the courses app refuses. `code` is stable (tests and callers match on it), `field` names the
    form field it concerns ("" for the whole form), `record` the offending object's code; the message is
    already translated for the person who asked."""

    def __init__(self, code: str, message: Any, *, field: str = "", record: str = "") -> None:
        self.code = code
        self.field = field
        self.record = record
        self.message = str(message)
        super().__init__(self.message)
