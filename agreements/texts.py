"""Document texts: a small markup that coordinators can edit, with fields filled locally and data filled in.

Pure: no Django imports. The markup is what a person writes in a plain text box:

    ## Heading                a section heading
    - item                    a bullet (consecutive bullets form one list)
    blank line                ends a paragraph
    [udfyldes lokalt: Leder]  a field the organisation fills in locally (named "Leder")
    [udfyldes lokalt]         an unnamed local field (named "Felt 1", "Felt 2", … in order)
    {organisation}            a value filled in from the data (organisation, peer, start date, …)

Unknown `{tokens}` are left as they are, so a brace typed in the text never breaks it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

LOCAL_FIELD = re.compile(r"\[\s*udfyldes\s+lokalt(?:\s*:\s*(?P<name>[^\]]*?))?\s*\]", re.IGNORECASE)
DATA_TOKEN = re.compile(r"\{(?P<key>[a-z_]+)\}")
UNNAMED_PREFIX = "Felt"


@dataclass(frozen=True)
class Segment:
    """A piece of text; a local field carries its name and, once filled, its value."""

    text: str
    field_name: str | None = None

    @property
    def is_unfilled(self) -> bool:
        return self.field_name is not None and not self.text


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph (lines kept as line breaks) or a bullet list (one line per item)."""

    kind: str  # "heading", "paragraph" or "bullets"
    lines: list[list[Segment]] = field(default_factory=list)


def _field_names(body: str) -> list[str | None]:
    return [(m.group("name") or "").strip() or None for m in LOCAL_FIELD.finditer(body)]


def local_fields(body: str) -> list[str]:
    """The names of the local fields in a text, in order of first appearance, without repeats."""
    names: list[str] = []
    unnamed = 0
    for name in _field_names(body):
        if name is None:
            unnamed += 1
            name = f"{UNNAMED_PREFIX} {unnamed}"
        if name not in names:
            names.append(name)
    return names


def unfilled_fields(body: str, values: Mapping[str, str]) -> list[str]:
    return [name for name in local_fields(body) if not values.get(name, "").strip()]


def fill_data(text: str, data: Mapping[str, str]) -> str:
    """Replace the known `{tokens}` with their values; leave unknown ones as typed."""

    def replace(match: re.Match[str]) -> str:
        key = match.group("key")
        return data[key] if key in data else match.group(0)

    return DATA_TOKEN.sub(replace, text)


class _LineSplitter:
    """Splits lines into segments, numbering unnamed local fields across the whole text."""

    def __init__(self, values: Mapping[str, str], data: Mapping[str, str]) -> None:
        self.values = values
        self.data = data
        self.unnamed = 0

    def segments(self, line: str) -> list[Segment]:
        result: list[Segment] = []
        position = 0
        for match in LOCAL_FIELD.finditer(line):
            if match.start() > position:
                result.append(Segment(fill_data(line[position : match.start()], self.data)))
            name = (match.group("name") or "").strip()
            if not name:
                self.unnamed += 1
                name = f"{UNNAMED_PREFIX} {self.unnamed}"
            result.append(Segment(self.values.get(name, "").strip(), field_name=name))
            position = match.end()
        if position < len(line):
            result.append(Segment(fill_data(line[position:], self.data)))
        return result


def render(body: str, values: Mapping[str, str] | None = None, data: Mapping[str, str] | None = None) -> list[Block]:
    """Turn a text into blocks, with local fields filled from `values` and `{tokens}` from `data`."""
    splitter = _LineSplitter(values or {}, data or {})
    blocks: list[Block] = []
    current: Block | None = None
    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line.startswith("#"):
            blocks.append(Block("heading", [splitter.segments(line.lstrip("#").strip())]))
            current = None
            continue
        if line.startswith(("- ", "* ", "• ")):
            item = splitter.segments(line[2:].strip())
            if current is None or current.kind != "bullets":
                current = Block("bullets")
                blocks.append(current)
            current.lines.append(item)
            continue
        if current is None or current.kind != "paragraph":
            current = Block("paragraph")
            blocks.append(current)
        current.lines.append(splitter.segments(line))
    return blocks


def _marker(name: str) -> str:
    return "[udfyldes lokalt]" if re.fullmatch(rf"{UNNAMED_PREFIX} \d+", name) else f"[udfyldes lokalt: {name}]"


def _plain(segment: Segment) -> str:
    if segment.field_name is not None and not segment.text:
        return _marker(segment.field_name)
    return segment.text


def plain_text(blocks: list[Block]) -> str:
    """The blocks in the same markup (for e-mails, and for a snapshot of a text as it was filled in)."""
    parts: list[str] = []
    for block in blocks:
        lines = ["".join(_plain(s) for s in line) for line in block.lines]
        if block.kind == "heading":
            parts.append("## " + lines[0])
        elif block.kind == "bullets":
            parts.append("\n".join("- " + line for line in lines))
        else:
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def filled(body: str, values: Mapping[str, str] | None = None, data: Mapping[str, str] | None = None) -> str:
    """The text in the same markup with local fields and data filled in; unfilled fields keep their marker."""
    return plain_text(render(body, values, data))
