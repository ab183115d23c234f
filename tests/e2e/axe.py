"""Accessibility check for browser tests: axe-core against WCAG 2.1 A and AA.

axe is injected with `page.evaluate(source)`, which the page's Content-Security-Policy does not
govern (an added <script> tag with inline content would be blocked). The check fails on every
violation whose impact is serious or critical and lists each with its rule, help text and the
elements it found.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}


class AccessibilityError(AssertionError):
    """A page has serious or critical WCAG 2.1 AA violations."""

    def __init__(self, url: str, violations: list[dict[str, Any]]) -> None:
        self.url = url
        self.violations = violations
        super().__init__(format_violations(url, violations))


@cache
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def run_axe(page: Page, *, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """All axe violations on the page as it is now, for the given rule tags (WCAG 2.1 AA)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result: dict[str, Any] = page.evaluate(
        """async (tags) => {
            return await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
        }""",
        tags or WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def serious_violations(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v.get("impact") in FAILING_IMPACTS]


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


def check_accessibility(page: Page) -> None:
    """Fail when the page has serious or critical WCAG 2.1 A/AA violations."""
    failing = serious_violations(run_axe(page))
    if failing:
        raise AccessibilityError(page.url, failing)
