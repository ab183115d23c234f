"""`manage.py assess_costs SCENARIO.json [--json]`: assess a cost scenario from the command line.

manage.py assess_costs scenario.json           a table: categories, I alt, sensitivity, years
manage.py assess_costs scenario.json --json    every figure unrounded, as JSON
manage.py assess_costs --preset peer_guide     a published assessment's scenario to start from
manage.py assess_costs --compare peer_guide    published vs computed figures, with discrepancies
manage.py assess_costs --list-presets
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from costs.engine import (
    Assessment,
    FigureCheck,
    Scenario,
    ScenarioError,
    TotalsConvention,
    assess,
    assessment_to_dict,
    round_kr,
    scenario_from_dict,
    scenario_to_dict,
)
from costs.presets import PUBLISHED, Preset, UnknownPresetError, get_preset, preset_keys


class Command(BaseCommand):
    help = "Assess the costs of a peer-support scenario (JSON), or print one of the six published assessments."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("scenario", nargs="?", help="scenario JSON file ('-' reads standard input)")
        parser.add_argument("--json", action="store_true", help="print every figure unrounded as JSON")
        parser.add_argument("--preset", metavar="NAME", help="print a published assessment's scenario JSON")
        parser.add_argument("--compare", metavar="NAME", help="published vs computed figures of a preset")
        parser.add_argument("--list-presets", action="store_true", help="list the presets")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json: bool = options["json"]
        if options["list_presets"]:
            self.stdout.write(render_preset_list())
        elif options["preset"]:
            self.stdout.write(
                json.dumps(scenario_to_dict(_preset(options["preset"]).scenario), indent=2, ensure_ascii=False)
            )
        elif options["compare"]:
            preset = _preset(options["compare"])
            self.stdout.write(
                json.dumps(comparison_to_dict(preset), indent=2, ensure_ascii=False)
                if as_json
                else render_comparison(preset)
            )
        elif options["scenario"]:
            assessment = assess(load_scenario(options["scenario"]))
            self.stdout.write(
                json.dumps(assessment_to_dict(assessment), indent=2, ensure_ascii=False)
                if as_json
                else render_assessment(assessment)
            )
        else:
            raise CommandError("give a scenario JSON file, --preset NAME, --compare NAME or --list-presets")


def _preset(key: str) -> Preset:
    try:
        return get_preset(key)
    except UnknownPresetError as error:
        raise CommandError(str(error.args[0])) from None


def load_scenario(path: str) -> Scenario:
    """Read and check a scenario file; every problem becomes a CommandError naming the file and field."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    try:
        return scenario_from_dict(data)
    except ScenarioError as error:
        raise CommandError(f"{path}: {error} [{error.code}]") from None


def kr(value: float) -> str:
    """Whole kroner with Danish thousands separators, as the publication prints them."""
    return f"{round_kr(value):,d}".replace(",", ".")


def signed_kr(value: int) -> str:
    return ("+" if value > 0 else "") + kr(value)


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _plural(years: int) -> str:
    return f"{years} year" if years == 1 else f"{years} years"


def render_assessment(assessment: Assessment) -> str:
    """The assessment as the publication's table, whole kroner, plus the years behind it."""
    scenario = assessment.scenario
    convention = (
        f"totals printed as {1 + scenario.discount_rate:g} × present value"
        if scenario.totals_convention == TotalsConvention.SCALED
        else "totals are present values"
    )
    lines = [
        scenario.name,
        f"{scenario.units:g} × {scenario.unit}, {_plural(scenario.years)}, "
        f"discount rate {scenario.discount_rate * 100:g} %, {convention}",
        "",
    ]
    rows = [["Category", "Total (kr.)", f"Per {scenario.unit} per year (kr.)"]]
    for result in assessment.categories:
        if result.quantified:
            rows.append([result.name, kr(result.total), kr(result.per_unit_year)])
        else:
            rows.append([result.name, "-", "-"])
    rows.append(["I alt", kr(assessment.total), kr(assessment.per_unit_year_as_published)])
    lines += _table(rows, {1, 2})
    not_quantified = [(r.name, r.not_quantified) for r in assessment.categories if r.not_quantified]
    if not_quantified:
        lines += ["", "Not quantified:"]
        lines += [f"  {name}: {'; '.join(texts)}" for name, texts in not_quantified]
    lines += ["", f"Sensitivity: cost per {scenario.unit} per year"]
    lines += _table([[f"  {_plural(years)}", kr(value)] for years, value in assessment.sensitivity.items()], {1})
    lines += ["", "By year (kr., not discounted)"]
    header = ["", *(f"Year {row.year}" for row in assessment.years)]
    rows = [header]
    for index, result in enumerate(assessment.categories):
        if result.quantified:
            rows.append([result.name, *(kr(row.costs[index]) for row in assessment.years)])
    rows.append(["Total", *(kr(row.total) for row in assessment.years)])
    rows.append(["Discount factor", *(f"{row.discount_factor:.6f}" for row in assessment.years)])
    rows.append(["Present value", *(kr(row.present_value) for row in assessment.years)])
    lines += _table(rows, set(range(1, len(header))))
    return "\n".join(lines)


def render_comparison(preset: Preset) -> str:
    """Each published figure next to the computed one, and the discrepancies explained."""
    rows = [["Figure", "Published", "Computed", ""]]
    for check in preset.checks():
        rows.append([check.description, kr(check.published), kr(check.computed), "" if check.matches else "differs"])
    lines = [preset.table.title, preset.table.source, "", *_table(rows, {1, 2})]
    discrepancies = preset.discrepancies()
    checks = preset.checks()
    lines += ["", f"{len(checks) - len(discrepancies)} of {len(checks)} published figures reproduced to the krone."]
    for discrepancy in discrepancies:
        lines += [
            "",
            f"{discrepancy.figure}: published {kr(discrepancy.published)}, "
            f"computed {kr(discrepancy.computed)}, difference {signed_kr(discrepancy.difference)} kr.",
            f"  {discrepancy.explanation}",
        ]
    return "\n".join(lines)


def comparison_to_dict(preset: Preset) -> dict[str, object]:
    def check(c: FigureCheck) -> dict[str, object]:
        return {"figure": c.figure, "published": c.published, "computed": c.computed, "matches": c.matches}

    return {
        "preset": preset.key,
        "title": preset.table.title,
        "figures": [check(c) for c in preset.checks()],
        "discrepancies": [
            {
                "assessment": d.assessment,
                "figure": d.figure,
                "published": d.published,
                "computed": d.computed,
                "difference": d.difference,
                "explanation": d.explanation,
            }
            for d in preset.discrepancies()
        ],
    }


def render_preset_list() -> str:
    rows = [["Preset", "Assessment"]] + [[key, PUBLISHED[key].title] for key in preset_keys()]
    return "\n".join(_table(rows, set()))
