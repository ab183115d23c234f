"""Translation catalogues: one per app (`<app>/locale/`) plus the project's (`locale/`, for templates/ and config/).

    python scripts/i18n.py update [APP ...]   # regenerate catalogues (all, or the named apps; 'project' = locale/)
    python scripts/i18n.py check [APP ...]    # fail if a string in the code lacks a Danish or English translation
    python scripts/i18n.py compile            # compile every catalogue (.po -> .mo)
    python scripts/i18n.py clashes            # list English texts that two apps translate differently

Django merges the apps' catalogues and the app listed first in INSTALLED_APPS wins a text, so a text
two apps translate differently shows the first app's Danish everywhere. Give such a text a context
(`pgettext("courses", "Course")`, `{% translate "Change" context "verb" %}`) when the words differ in meaning.

Each app owns its catalogue, so work on different apps never touches the same .po file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("da", "en")
APPS = [
    "core",
    "people",
    "agreements",
    "education",
    "referrals",
    "support",
    "courses",
    "wards",
    "conversations",
    "feedback",
    "reports",
    "costs",
    "public",
]
COMMON_IGNORES = ["tests/*", "*/tests/*", "migrations/*", "*/migrations/*", "static/*", "*/static/*", "vendor/*"]
DJANGO_ADMIN = str(Path(sys.executable).with_name("django-admin"))


def components() -> list[tuple[Path, list[str]]]:
    """(directory to run makemessages in, extra ignore patterns)."""
    root_ignores = [".venv/*", "var/*", "bench/*", "scripts/*", "tests/*", "node_modules/*"] + [f"{a}/*" for a in APPS]
    result = [(ROOT, root_ignores)]
    for app in APPS:
        if (ROOT / app).is_dir():
            result.append((ROOT / app, []))
    return result


def makemessages(directory: Path, ignores: list[str]) -> None:
    (directory / "locale").mkdir(exist_ok=True)
    cmd = [DJANGO_ADMIN, "makemessages", "--no-location", "--no-obsolete", "--no-wrap"]
    for lang in LANGS:
        cmd += ["-l", lang]
    for pattern in COMMON_IGNORES + ignores:
        cmd += ["-i", pattern]
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    import os

    subprocess.run(cmd, cwd=directory, check=True, capture_output=True, env={**os.environ, **env})


def untranslated(po: Path) -> list[str]:
    if not po.exists():
        return []
    out = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", str(po)], capture_output=True, text=True, check=True
    ).stdout
    ids = [line for line in out.splitlines() if line.startswith("msgid ")][1:]
    ids += ["(fuzzy) " + line for line in fuzzy.splitlines() if line.startswith("msgid ")][1:]
    return ids


def selected(names: list[str]) -> list[tuple[Path, list[str]]]:
    """All components, or only those named ('project' is the root catalogue)."""
    if not names:
        return components()
    wanted = {ROOT if n == "project" else ROOT / n for n in names}
    return [c for c in components() if c[0] in wanted]


def update(names: list[str]) -> int:
    """Regenerate catalogues; English msgids are English, so the English catalogue copies them (msgen)."""
    for directory, ignores in selected(names):
        # English msgids are the English text: the English catalogue is made afresh each time, so no
        # fuzzy guess from an older text can survive in it.
        (directory / "locale" / "en" / "LC_MESSAGES" / "django.po").unlink(missing_ok=True)
        makemessages(directory, ignores)
        for lang in LANGS:
            po = directory / "locale" / lang / "LC_MESSAGES" / "django.po"
            if not po.exists():
                continue
            if lang == "en":
                filled = subprocess.run(
                    ["msgen", "--no-wrap", str(po)], capture_output=True, text=True, check=True
                ).stdout
                po.write_text(filled)
            subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    return 0


def compile_all() -> int:
    for directory, _ignores in components():
        for lang in LANGS:
            po = directory / "locale" / lang / "LC_MESSAGES" / "django.po"
            if po.exists():
                subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    return 0


def check(names: list[str]) -> int:
    failures = 0
    for directory, ignores in selected(names):
        locale = directory / "locale"
        with tempfile.TemporaryDirectory() as tmp:
            backup = Path(tmp) / "locale"
            had_locale = locale.exists()
            if had_locale:
                shutil.copytree(locale, backup)
            try:
                makemessages(directory, ignores)
                for lang in LANGS:
                    po = locale / lang / "LC_MESSAGES" / "django.po"
                    missing = untranslated(po)
                    if missing:
                        failures += len(missing)
                        rel = po.relative_to(ROOT)
                        print(f"ERROR: {len(missing)} strings lack a translation in {rel}:", file=sys.stderr)
                        for line in missing[:25]:
                            print("    " + line, file=sys.stderr)
            finally:
                shutil.rmtree(locale, ignore_errors=True)
                if had_locale:
                    shutil.copytree(backup, locale)
    if failures:
        print(
            "Run `make messages`, translate the new strings (Danish first), and commit the catalogues.", file=sys.stderr
        )
    return 1 if failures else 0


def _danish_entries(po: Path) -> dict[str, str]:
    """msgid -> Danish msgstr (first form), for entries without a context."""
    entries: dict[str, str] = {}
    for block in po.read_text().split("\n\n"):
        context = msgid = msgstr = None
        for line in block.split("\n"):
            if line.startswith("msgctxt "):
                context = line
            elif line.startswith("msgid "):
                msgid = line[6:]
            elif line.startswith(("msgstr ", "msgstr[0] ")):
                msgstr = line.split(" ", 1)[1]
        if msgid and msgid != '""' and context is None and msgstr:
            entries[msgid] = msgstr
    return entries


def clashes() -> int:
    seen: dict[str, dict[str, str]] = {}
    for directory, _ignores in components():
        po = directory / "locale" / "da" / "LC_MESSAGES" / "django.po"
        if po.exists():
            name = "project" if directory == ROOT else directory.name
            for msgid, msgstr in _danish_entries(po).items():
                seen.setdefault(msgid, {})[name] = msgstr
    for msgid, by_app in sorted(seen.items()):
        if len(set(by_app.values())) > 1:
            print(msgid + ": " + "; ".join(f"{app} {text}" for app, text in by_app.items()))
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    rest = sys.argv[2:]
    if command == "update":
        sys.exit(update(rest))
    if command == "compile":
        sys.exit(compile_all())
    if command == "clashes":
        sys.exit(clashes())
    sys.exit(check(rest))
