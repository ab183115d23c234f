#!/usr/bin/env python3
"""Fill Danish translations into an app's catalogue from a JSON file.

    python scripts/po_fill.py APP translations.json      # APP 'project' is the root catalogue

The JSON maps each English msgid to its Danish text, or to a list [singular, plural] for plural
entries. Only empty or fuzzy entries are filled; the catalogue is compiled afterwards. Catalogues
are written with --no-wrap, so every msgid and msgstr sits on one line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def unquote(line: str) -> str:
    value = line[line.index('"') + 1 : line.rindex('"')]
    return json.loads('"' + value + '"') if "\\" in value else value


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def fill(po: Path, translations: dict[str, str | list[str]]) -> int:
    blocks = po.read_text().split("\n\n")
    filled = 0
    out = []
    for block in blocks:
        lines = block.split("\n")
        msgid_line = next((ln for ln in lines if ln.startswith("msgid ")), None)
        if msgid_line is None:
            out.append(block)
            continue
        msgid = unquote(msgid_line)
        if msgid not in translations or msgid == "":
            out.append(block)
            continue
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        empty = all(unquote(ln) == "" for ln in lines if ln.startswith("msgstr"))
        if not (fuzzy or empty):
            out.append(block)
            continue
        value = translations[msgid]
        new: list[str] = []
        for ln in lines:
            if ln.startswith("#,") and "fuzzy" in ln:
                flags = [f.strip() for f in ln[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if flags:
                    new.append("#, " + ", ".join(flags))
                continue
            if ln.startswith("#| "):
                continue
            m = re.match(r"msgstr\[(\d)\] ", ln)
            if m:
                forms = value if isinstance(value, list) else [value, value]
                new.append(f"msgstr[{m.group(1)}] {quote(forms[min(int(m.group(1)), len(forms) - 1)])}")
            elif ln.startswith("msgstr "):
                new.append(f"msgstr {quote(value if isinstance(value, str) else value[0])}")
            else:
                new.append(ln)
        filled += 1
        out.append("\n".join(new))
    po.write_text("\n\n".join(out))
    subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    return filled


def main() -> int:
    app, source = sys.argv[1], Path(sys.argv[2])
    directory = ROOT if app == "project" else ROOT / app
    po = directory / "locale" / "da" / "LC_MESSAGES" / "django.po"
    count = fill(po, json.loads(source.read_text()))
    print(f"{po.relative_to(ROOT)}: {count} entries filled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
