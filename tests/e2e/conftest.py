"""Browser tests: Playwright (sync API) driving the system Chromium against pytest-django's
live_server.

Fixtures:
- `browser`      one headless Chromium for the whole session (fails loudly when none is installed)
- `page`         a fresh browser context per test: Danish locale, Copenhagen time, desktop size
- `phone_page`   the same on a 390×844 touch phone
- `visit`        `visit(page, url)`: go to a page (a path is joined to live_server.url), fail on
                 Content-Security-Policy errors in the console, run the accessibility check, and
                 return the response; `check_page(page)` runs the same checks after a click
- `page` and `phone_page` also fail the test, at teardown, if any of its pages logged a
  Content-Security-Policy error that no `visit`/`check_page` reported already

Every test in tests/e2e/ is marked `e2e` (run only these with `-m e2e`, skip them with
`-m "not e2e"`). See tests/e2e/README.md.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.axe import check_accessibility

# Playwright's sync API runs an event loop in this thread; Django refuses database access from a
# thread with a running loop unless told it is safe (the tests never share connections with it).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Response, sync_playwright

E2E_DIR = Path(__file__).parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
CONTEXT_DEFAULTS: dict[str, Any] = {"locale": "da-DK", "timezone_id": "Europe/Copenhagen"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


def chromium_path() -> str:
    """The system Chromium. Browser tests never download a browser of their own."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    raise RuntimeError(
        "Browser tests need Chromium, and none was found (looked for `chromium` and "
        "`chromium-browser` on PATH and /usr/bin/chromium). Install the system package: "
        "`apt-get install chromium`. Do not run `playwright install`."
    )


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class ConsoleWatcher:
    """Collects the console errors of a page, so a test can fail on CSP violations."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def csp_errors(self) -> list[str]:
        return [text for text in self.errors if "Content Security Policy" in text]

    def clear(self) -> None:
        self.errors.clear()


def _new_page(browser: Browser, **options: Any) -> Iterator[Page]:
    context = browser.new_context(**CONTEXT_DEFAULTS, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    watcher = ConsoleWatcher(page)
    page.console_watcher = watcher  # type: ignore[attr-defined]
    yield page
    # Whatever the test did, a Content-Security-Policy error on its pages fails it.
    leftover = watcher.csp_errors()
    context.close()
    assert not leftover, "Content-Security-Policy violations during the test:\n" + "\n".join(leftover)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _new_page(browser, **DESKTOP)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    yield from _new_page(browser, **PHONE)


def assert_no_csp_errors(page: Page) -> None:
    watcher: ConsoleWatcher = page.console_watcher  # type: ignore[attr-defined]
    errors = watcher.csp_errors()
    watcher.clear()
    assert not errors, f"Content-Security-Policy violations on {page.url}:\n" + "\n".join(errors)


@pytest.fixture
def visit(live_server: Any) -> Callable[..., Response | None]:
    """`visit(page, "/path/")`: open the page, then check CSP errors and accessibility.

    `visit(page, url, accessibility=False)` skips the axe run (for a page a test only passes
    through); call `check_page(page)` after an interaction to check the page as it is then.
    """

    def _visit(page: Page, url: str, *, accessibility: bool = True) -> Response | None:
        target = url if url.startswith("http") else live_server.url + url
        response = page.goto(target)
        page.wait_for_load_state("load")
        check_page(page, accessibility=accessibility)
        return response

    return _visit


def check_page(page: Page, *, accessibility: bool = True) -> None:
    """The checks `visit` runs, for a page reached by clicking or submitting."""
    assert_no_csp_errors(page)
    if accessibility:
        check_accessibility(page)
