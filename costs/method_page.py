"""The Danish explanation of the method (costs/method_da.md) as HTML for the method page.

The file uses a small part of Markdown: `## ` headings, paragraphs, `- ` lists (continued by indented
lines), `**bold**` and `*italic*`. Every text is HTML-escaped before the markup is added, so nothing in
the file can inject HTML. No Markdown library is needed for this much.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

METHOD_FILE = Path(__file__).with_name("method_da.md")


@dataclass(frozen=True)
class MethodPage:
    title: str
    body: SafeString


def inline(text: str) -> str:
    """Escape, then turn **bold** and *italic* into <strong> and <em>."""
    html: str = escape(text)
    html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", html)


def markdown_to_html(text: str, *, heading_level: int = 2) -> tuple[str, SafeString]:
    """(the first heading, the rest as HTML); headings become <h{heading_level}>."""
    title = ""
    parts: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if lines and lines[0].startswith("## "):
            heading = lines[0][3:].strip()
            if not title and not parts:
                title = heading
            else:
                parts.append(f"<h{heading_level}>{inline(heading)}</h{heading_level}>")
            lines = lines[1:]
            if not lines:
                continue
        paragraph_lines: list[str] = []
        list_items: list[str] = []
        for line in lines:
            if line.lstrip().startswith("- "):
                list_items.append(line.lstrip()[2:].strip())
            elif list_items:
                list_items[-1] += " " + line.strip()
            else:
                paragraph_lines.append(line.strip())
        if paragraph_lines:
            parts.append(f"<p>{inline(' '.join(paragraph_lines))}</p>")
        if list_items:
            parts.append("<ul>" + "".join(f"<li>{inline(item)}</li>" for item in list_items) + "</ul>")
    return title, mark_safe("\n".join(parts))  # noqa: S308 – every text above went through escape()


@functools.cache
def method_html() -> MethodPage:
    title, body = markdown_to_html(METHOD_FILE.read_text(encoding="utf-8"))
    return MethodPage(title=title, body=body)
