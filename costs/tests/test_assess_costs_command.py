"""`manage.py assess_costs`: a scenario file in, the assessment out (table or JSON)."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    out = StringIO()
    call_command("assess_costs", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, data: object, name: str = "scenario.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def scenario() -> dict[str, object]:
    return {
        "name": "Peer-støtte i kommunen",
        "unit": "peer-støttegiver",
        "units": 3,
        "years": 3,
        "discount_rate": 0.04,
        "totals_convention": "present_value",
        "sensitivity_years": [1, 3, 5],
        "categories": [
            {
                "name": "Uddannelse",
                "items": [{"label": "Peer-uddannelse", "profile": "retrain", "amount": 90_000, "share": 0.2}],
                "not_quantified": ["Evt. udvikling af peer-uddannelse"],
            },
            {
                "name": "Drift – Løn til peer-støtte medarbejdere",
                "items": [{"label": "Løn", "profile": "annual", "hours": 1_040, "hourly_rate": 221, "units": 3}],
            },
            {
                "name": "Drift – Andre omkostninger",
                "items": [
                    {"label": "Nyt hold", "profile": "every", "amount": 10_000, "every": 2},
                    {"label": "Projektleder", "profile": "years", "amount": 50_000, "from_year": 0, "to_year": 1},
                ],
            },
        ],
    }


def test_it_prints_every_figure_unrounded_as_json(tmp_path):
    output = json.loads(run(write(tmp_path, scenario()), "--json"))

    education, salaries, other = output["categories"]
    assert education["name"] == "Uddannelse"
    assert education["total"] == pytest.approx(90_000 + 18_000 * (1 / 1.04 + 1 / 1.04**2))
    assert salaries["per_unit_year"] == pytest.approx(1_040 * 221)  # hours × rate × 3 peers, per peer
    assert other["total"] == pytest.approx(10_000 + 10_000 / 1.04**2 + 50_000)
    assert output["total"] == pytest.approx(sum(c["total"] for c in output["categories"]))
    assert output["per_unit_year"] == pytest.approx(output["total"] / (3 * 2.8860946745562))
    assert set(output["sensitivity"]) == {"1", "3", "5"}
    assert output["sensitivity"]["1"] == pytest.approx((90_000 + 689_520 + 60_000) / 3)


def test_it_prints_the_assessment_as_a_table_without_json(tmp_path):
    output = run(write(tmp_path, scenario()))

    assert "Per peer-støttegiver per year (kr.)" in output
    assert "Uddannelse" in output
    assert "I alt" in output
    assert "689.520" in output  # the yearly salaries in the year breakdown, Danish thousands separator
    assert "Evt. udvikling af peer-uddannelse" in output
    assert "5 years" in output


def test_it_prints_a_preset_scenario_to_start_from_that_it_can_assess(tmp_path):
    data = json.loads(run("--preset", "peer_guide"))
    assert data["units"] == 47
    assert [c["name"] for c in data["categories"]][2] == "Uddannelse"

    output = json.loads(run(write(tmp_path, data), "--json"))

    assert round(output["total"]) == 5_399_316
    assert round(output["sensitivity"]["1"]) == 46_098


def test_it_compares_a_preset_with_its_published_table():
    output = run("--compare", "individual_group")

    assert "10 of 11 published figures reproduced to the krone." in output
    assert "published 2.471.077, computed 2.471.007, difference +70 kr." in output


def test_it_compares_as_json():
    output = json.loads(run("--compare", "bridge_builders", "--json"))

    assert {d["figure"] for d in output["discrepancies"]} == {"sensitivity:3", "sensitivity:5"}
    assert len(output["figures"]) == 11


def test_it_lists_the_presets():
    output = run("--list-presets")

    for key in ("individual_group", "bridge_everyday", "peer_guide", "recovery_school", "bridge_builders", "ark"):
        assert key in output


def _edited(path: tuple[object, ...], value: object) -> dict[str, object]:
    data = scenario()
    target: object = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return data


EDUCATION_ITEM = 'categories[0] ("Uddannelse") items[0] ("Peer-uddannelse")'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _edited(("categories", 0, "items", 0, "amount"), -90_000),
            f'{EDUCATION_ITEM}: field "amount" must not be negative (got -90000.0) [negative_amount]',
        ),
        (
            _edited(("categories", 0, "items", 0, "share"), 1.2),
            f'{EDUCATION_ITEM}: field "share" must be between 0 and 1 (got 1.2) [share_out_of_range]',
        ),
        (_edited(("years",), 0), 'scenario: field "years" must be at least 1 year (got 0) [too_few_years]'),
        (
            _edited(("categories", 0, "items", 0, "profile"), "quarterly"),
            f'{EDUCATION_ITEM}: field "profile" "quarterly" is not one of: annual, once, retrain, every, years',
        ),
        (_edited(("categories", 0, "items", 0, "cost"), 1), f'{EDUCATION_ITEM}: field "cost" is not a known field'),
        (
            _edited(("units",), "three"),
            'scenario: field "units" must be a number (got text "three") [wrong_type]',
        ),
        (
            _edited(("categories", 1, "items", 0, "every"), 2),
            'items[0] ("Løn"): field "every" is not used by the profile "annual" [field_not_allowed]',
        ),
    ],
    ids=["negative-amount", "share-above-1", "no-years", "unknown-profile", "unknown-field", "wrong-type", "stray"],
)
def test_it_rejects_an_invalid_scenario_naming_the_category_item_and_field(tmp_path, data, message):
    path = write(tmp_path, data)

    with pytest.raises(CommandError) as caught:
        run(path)

    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_it_rejects_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "scenario.json"
    path.write_text('{"name": "x",', encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON"):
        run(str(path))


def test_it_names_an_unknown_preset():
    with pytest.raises(CommandError, match='no preset "region_x"'):
        run("--preset", "region_x")


def test_it_exits_non_zero_with_the_error_on_stderr(tmp_path):
    path = write(tmp_path, _edited(("categories", 0, "items", 0, "share"), 1.5))

    finished = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "assess_costs", path, "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )

    assert finished.returncode != 0
    assert finished.stdout == ""
    assert 'items[0] ("Peer-uddannelse"): field "share" must be between 0 and 1 (got 1.5)' in finished.stderr
