"""Benchmark of the referral matching engine (`match_batch`) on generated instances.

For each size it generates a seeded instance (bench/generate_matching.py) and measures, each run in a
fresh process pinned to one core:

* engine: `referrals.matching.match_batch` on the parsed problem — wall and CPU time, peak memory
  (the process's maximum resident set, which includes Python, numpy, OR-Tools and the parsed problem),
  matches, total score, rounds of the optimality proof and edges given to the solver;
* command: the `match_batch` JSON path without Django start-up (read, validate, match, write JSON);
* `manage.py match_batch INPUT --json` as a user runs it, including Django start-up (once);
* greedy: referrals in queue order (longest waiting first) each take their best compatible peer with
  a free place — the baseline a coordinator's spreadsheet gives;
* optimum: the same engine with pruning switched off (every compatible pair given to the solver at
  once), to confirm the pruned solve is optimal.

Usage:
    python bench/bench_matching.py                    # both sizes, markdown table on stdout
    python bench/bench_matching.py --sizes 5000x1000 --repeat 5
    python bench/bench_matching.py --optimum-up-to 20000   # also the unpruned solve of the large size
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SEEDS = {"5000x1000": 1, "20000x5000": 2, "5000x2000": 3}


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _greedy(problem: Any) -> tuple[int, int]:
    """Queue order, each referral takes its best compatible peer with a free place (load included)."""
    import numpy as np

    from referrals.matching import score_pairs

    scores = score_pairs(problem)
    taken = np.zeros(len(problem.peers), dtype=np.int64)
    waiting = np.asarray([r.waiting_days for r in problem.referrals])
    order = np.lexsort((np.arange(len(waiting)), -waiting))
    matched, total = 0, 0
    for i in order:
        open_peers = scores.compatible[i] & (taken < scores.free)
        if not open_peers.any():
            continue
        place = np.minimum(taken, scores.slot_points.shape[1] - 1)
        next_place = scores.slot_points[np.arange(len(taken)), place]
        value = np.where(open_peers, scores.points[i] + next_place, -1)
        best = int(np.argmax(value))
        taken[best] += 1
        matched += 1
        total += int(value[best])
    return matched, total


def child(task: str, path: str) -> dict[str, Any]:
    """One measurement in this (fresh) process."""
    _pin_to_one_core()
    from referrals.management.commands.match_batch import parse_problem, run_match_batch
    from referrals.matching import match_batch

    text = Path(path).read_text(encoding="utf-8")
    if task == "command":
        wall, cpu = time.perf_counter(), time.process_time()
        output = run_match_batch(text, as_json=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        data = json.loads(output)
        return {"wall": wall, "cpu": cpu, "matched": len(data["assignments"]), "total": data["total_score"]}
    problem = parse_problem(text)
    before = _peak_mb()
    if task == "greedy":
        wall = time.perf_counter()
        matched, points = _greedy(problem)
        return {"wall": time.perf_counter() - wall, "matched": matched, "total": points / 1000}
    wall, cpu = time.perf_counter(), time.process_time()
    result = match_batch(problem, candidates_per_referral=None if task == "optimum" else 12)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "rss_before_mb": before,
        "matched": len(result.assignments),
        "total": result.total_score,
        "rounds": result.stats.rounds,
        "candidate_pairs": result.stats.candidate_pairs,
        "compatible_pairs": result.stats.compatible_pairs,
    }


def _run_child(task: str, path: str) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", task, path], capture_output=True, text=True, env=env, check=True
    )
    return dict(json.loads(done.stdout))


def _manage_py(path: str) -> float:
    wall = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "match_batch", path, "--json"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - wall


def bench(size: str, repeat: int, with_optimum: bool) -> dict[str, Any]:
    from generate_matching import generate_instance

    n_referrals, n_peers = (int(n) for n in size.split("x"))
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / f"matching-{size}.json")
        instance = generate_instance(n_referrals, n_peers, SEEDS.get(size, 1))
        Path(path).write_text(json.dumps(instance), encoding="utf-8")
        load_before = os.getloadavg()[0]
        engine = [_run_child("engine", path) for _ in range(repeat)]
        command = [_run_child("command", path) for _ in range(repeat)]
        row: dict[str, Any] = {
            "size": size,
            "engine_wall": statistics.median(r["wall"] for r in engine),
            "engine_wall_max": max(r["wall"] for r in engine),
            "engine_cpu": statistics.median(r["cpu"] for r in engine),
            "peak_mb": max(r["peak_mb"] for r in engine),
            "rss_before_mb": engine[0]["rss_before_mb"],
            "command_wall": statistics.median(r["wall"] for r in command),
            "command_cpu": statistics.median(r["cpu"] for r in command),
            "manage_py_wall": _manage_py(path),
            **{k: engine[0][k] for k in ("matched", "total", "rounds", "candidate_pairs")},
            "compatible_pairs": engine[0]["compatible_pairs"],
            "greedy": _run_child("greedy", path),
            "load_average": (load_before, os.getloadavg()[0]),
        }
        assert len({(r["matched"], r["total"]) for r in engine + command}) == 1, "runs disagree"
        if with_optimum:
            row["optimum"] = _run_child("optimum", path)
    return row


def _optimum_cell(optimum: dict[str, Any] | None) -> str:
    if not optimum:
        return "not run"
    return (
        f"{optimum['matched']:,} / {optimum['total']:,.3f} / {optimum['wall']:.1f} s / "
        f"{optimum['cpu']:.1f} s / {optimum['peak_mb']:,.0f} MB"
    )


def _row(r: dict[str, Any]) -> str:
    greedy = r["greedy"]
    cells = [
        r["size"].replace("x", " × "),
        f"{r['compatible_pairs']:,}",
        f"{r['engine_wall']:.2f} s / {r['engine_wall_max']:.2f} s",
        f"{r['engine_cpu']:.2f} s",
        f"{r['peak_mb']:,.0f} MB ({r['rss_before_mb']:,.0f} MB before matching)",
        f"{r['command_wall']:.2f} s / {r['command_cpu']:.2f} s",
        f"{r['manage_py_wall']:.2f} s",
        f"{r['matched']:,}",
        f"{r['total']:,.3f}",
        str(r["rounds"]),
        f"{r['candidate_pairs']:,}",
        f"{greedy['matched']:,} / {greedy['total']:,.3f}",
        _optimum_cell(r.get("optimum")),
        f"{r['load_average'][0]:.1f} → {r['load_average'][1]:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _table(rows: list[dict[str, Any]]) -> str:
    header = [
        "instance (referrals × peers)",
        "compatible pairs",
        "engine wall (median / max)",
        "engine CPU (median)",
        "peak memory",
        "JSON command wall / CPU",
        "manage.py incl. start-up",
        "matched",
        "total score",
        "rounds",
        "solver edges",
        "greedy matched / score",
        "unpruned optimum matched / score / wall / CPU / peak",
        "load average",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + [_row(r) for r in rows])


def main(argv: list[str] | None = None) -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sizes", nargs="+", default=["5000x1000", "20000x5000"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--optimum-up-to", type=int, default=5000, help="most referrals to solve unpruned")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    rows = []
    for size in args.sizes:
        row = bench(size, args.repeat, int(size.split("x")[0]) <= args.optimum_up_to)
        print(json.dumps(row), file=sys.stderr)
        rows.append(row)
    print(_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
