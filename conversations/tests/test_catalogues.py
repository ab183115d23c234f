"""The English catalogue says what the English msgids say (a fuzzy match must never stand in for one)."""

from __future__ import annotations

import json
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries() -> list[tuple[str, str]]:
    entries = []
    for block in CATALOGUE.read_text().split("\n\n"):
        lines = block.split("\n")
        if any(line.startswith(("#~", "msgid_plural", "msgctxt")) for line in lines):
            continue
        msgid = next((json.loads(line[6:]) for line in lines if line.startswith("msgid ")), "")
        msgstr = next((json.loads(line[7:]) for line in lines if line.startswith("msgstr ")), "")
        if msgid and all(line.startswith(('"', "#", "msg")) or not line for line in lines):
            entries.append((msgid, msgstr))
    return entries


def test_it_translates_every_english_msgid_to_itself() -> None:
    entries = _entries()
    assert len(entries) > 100
    wrong = [(msgid, msgstr) for msgid, msgstr in entries if msgstr not in ("", msgid)]
    assert wrong == []
