"""Benchmark porreport on this machine (a script, not a timed test).

Measures, and compares with the targets (issue 7; issue 16 for the batch and the records):

- cold ``porreport build`` of the example, deck + PDF, as a subprocess (median of 5);
- warm in-process render of each format (median of 20, document built once);
- ``porreport batch`` throughput: 50 copies of the example, ``--jobs 2`` (median of 3), and
  how much of it is rendering (the reports' own durations) and how much the rest;
- ``porreport monitor --json`` on 10k / 100k / 1M generated application records, whole
  processes, rounds over the three sizes (median of 5);
- scaling with initiatives (10 / 100 / 1000) for both formats;
- scaling with application records (10k / 100k / 1M) in a report, when
  ``scripts/make_records.py`` and the example with records are present;
- peak memory (``ru_maxrss`` of every measured child process, from ``os.wait4``: the
  largest single process among the child and its waited-for descendants, not their sum, so
  for the batch it is the largest worker, not the pool's total) and CPU time (user + system
  of the child and its descendants: the figure to compare on a busy machine);
- the direct PDF against LibreOffice converting the same deck, side by side in one run;
- ``porreport update`` of the example's deck with the next semester's data (a later cut-off
  date, other figures, one more call) against a fresh ``porreport build`` of the same data,
  cold (subprocesses, interleaved) and warm (in process, deck only);
- what tagging costs: the warm PDF render tagged and untagged (CPU time, interleaved).

This script makes itself a child subreaper (Linux), so that processes orphaned by a measured
command (the batch's forkserver, and through it the workers) are waited for and counted.
Every measurement that needs the renderers runs in a child process of this script, so peak
memory is per measurement and nothing warms up by accident. Prints a table and writes
``output/benchmark.json``.

    python scripts/benchmark.py                        # everything (a few minutes on 2 cores)
    python scripts/benchmark.py --quick                # no 1M records, fewer repetitions
    python scripts/benchmark.py --only batch,monitor   # some steps only
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "por_fse_lombardia_2021.yaml"
LO_PROFILE = "file:///tmp/lo_bench"
LO_DECKS = 10  # decks converted by one soffice process, for the warm comparison
IT_ENV = {"LC_ALL": "it_IT.UTF-8", "LANG": "it_IT.UTF-8"}
TARGETS = {  # issue 16 where it set one, else issue 7's
    "cold_build_s": 0.8,
    "cold_build_mb": 120.0,
    "cold_vs_libreoffice_ratio": 0.5,
    "warm_both_s": 0.18,
    "warm_pptx_s": 0.15,
    "warm_pdf_s": 0.4,
    "batch_50_s": 5.0,
    "monitor_1m_s": 1.0,
    "monitor_1m_mb": 200.0,
    "initiatives_1000_s": 1.5,
    "initiatives_10x_ratio": 11.0,
    "peak_memory_mb": 300.0,
    "pdf_vs_libreoffice_ratio": 0.5,
    "tagging_share": 0.2,  # issue 14
}
STEPS = (
    "cold_build",
    "warm_render",
    "batch",
    "monitor",
    "initiatives",
    "records",
    "libreoffice",
    "update",
    "tagging",
)
PR_SET_CHILD_SUBREAPER = 36


# --- child mode: runs inside a fresh interpreter -----------------------------------------


def child_render(report: str, formats: Sequence[str], repeat: int) -> dict[str, Any]:
    """Load + build the document once, then render each format ``repeat`` times (after one
    untimed warm-up render when repeat > 1). Times in seconds."""
    started = time.perf_counter()
    from porreport import api
    from porreport.inputs import loading  # noqa: F401  (the model: imported on first use)

    imported = time.perf_counter()
    loaded = api.load(report)
    loaded_at = time.perf_counter()
    document = api.document_of(loaded)
    built = time.perf_counter()
    out: dict[str, Any] = {
        "import_s": imported - started,
        "load_s": loaded_at - imported,
        "document_s": built - loaded_at,
    }
    for fmt in formats:
        first_start = time.perf_counter()
        data = api.render(document, fmt)
        out[f"{fmt}_first_s"] = time.perf_counter() - first_start
        out[f"{fmt}_bytes"] = len(data)
        times = []
        for _ in range(repeat if repeat > 1 else 0):
            t = time.perf_counter()
            api.render(document, fmt)
            times.append(time.perf_counter() - t)
        out[f"{fmt}_s"] = times or [out[f"{fmt}_first_s"]]
    return out


def child_tagging(report: str, repeat: int) -> dict[str, Any]:
    """The warm PDF render tagged and untagged, interleaved (CPU seconds of this process:
    the two differ by a tenth, less than the noise of wall time on a shared machine).

    Untagged is the same pages on a plain ReportLab canvas (``_TAGGED``, a switch of the
    bulletin that exists for this measurement only)."""
    from porreport import api
    from porreport.bulletin import render as bulletin

    document = api.document_of(api.load(report))
    times: dict[str, list[float]] = {"tagged": [], "untagged": []}
    for tagged in (True, False):  # one untimed render of each first
        bulletin._TAGGED = tagged
        api.render(document, "pdf")
    for _ in range(repeat):
        for tagged in (True, False):
            bulletin._TAGGED = tagged
            start = time.process_time()
            api.render(document, "pdf")
            times["tagged" if tagged else "untagged"].append(time.process_time() - start)
    bulletin._TAGGED = True
    return times


# --- measuring child processes ------------------------------------------------------------


def run_child(
    cmd: Sequence[str], env: dict[str, str] | None = None, ok: Sequence[int] = (0,)
) -> dict[str, Any]:
    """Run a command; wall time, CPU time, peak RSS, output (``ok``: the exit codes that are
    not a failure).

    The peak (MB) is ``ru_maxrss``: the largest single process among the command and its
    waited-for descendants, not their total; the CPU time (s) is theirs together. Processes
    the command left orphaned (a forkserver) are waited for too (``reap_orphans``).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env or os.environ
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        orphans_cpu, orphans_peak = reap_orphans()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = {
            "seconds": wall,
            "cpu_s": usage.ru_utime + usage.ru_stime + orphans_cpu,
            "peak_mb": max(usage.ru_maxrss, orphans_peak) / 1024,  # KiB on Linux
            "rc": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }
    if result["rc"] not in ok:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result['rc']}):\n{result['stderr'][-2000:]}")
    return result


def become_subreaper() -> bool:
    """Orphaned descendants of our children become our children (Linux), to be waited for."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans(timeout: float = 10.0) -> tuple[float, int]:
    """Wait for children we did not start (orphans given to this subreaper, e.g. the batch's
    forkserver, which ends once its parent is gone); their CPU seconds and largest RSS (KiB)."""
    cpu, peak = 0.0, 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:  # no child left
            break
        if pid == 0:  # some still running
            time.sleep(0.01)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss)
    return cpu, peak


def render_in_child(report: Path, formats: Sequence[str], repeat: int) -> dict[str, Any]:
    """``child_render`` in a fresh interpreter; adds its peak memory."""
    cmd = [sys.executable, __file__, "--child", str(report), ",".join(formats), str(repeat)]
    result = run_child(cmd)
    data = json.loads(result["stdout"])
    data["peak_mb"] = result["peak_mb"]
    return data


def porreport_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "porreport", *args]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- report copies ------------------------------------------------------------------------


def copy_example(folder: Path, name: str = "rapporto", text: str | None = None) -> Path:
    """A copy of the example (and its tables) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in EXAMPLE.parent.glob("*.csv"):
        if not (folder / table.name).exists():
            shutil.copy(table, folder / table.name)
    target = folder / f"{name}.yaml"
    target.write_text(text if text is not None else EXAMPLE.read_text("utf-8"), "utf-8")
    return target


def with_initiatives(count: int) -> str:
    """The example's text with ``count`` initiatives spread over its four axes."""
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["iniziative"] = [
        {
            "asse": 1 + i % 4,
            "titolo": f"Iniziativa di prova n. {i + 1} per il sostegno all'occupazione",
            "testo": (
                f"Pubblicato l'Avviso n. {i + 1} per il finanziamento di percorsi di formazione "
                "e di servizi al lavoro; in corso l'istruttoria delle domande pervenute."
            ),
            "importo": "€ 10.000",
            "atti": [f"decreto n. {10000 + i}/2021"],
        }
        for i in range(count)
    ]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- the measurements ---------------------------------------------------------------------


def bench_cold(work: Path, runs: int) -> dict[str, Any]:
    times, peaks = [], []
    for i in range(runs):
        result = run_child(porreport_cmd("build", str(EXAMPLE), "-o", str(work / f"cold{i}")))
        times.append(result["seconds"])
        peaks.append(result["peak_mb"])
    return {"runs_s": times, "median_s": median(times), "peak_mb": max(peaks)}


def bench_warm(repeat: int) -> dict[str, Any]:
    data = render_in_child(EXAMPLE, ("pptx", "pdf"), repeat)
    return {
        "pptx_median_s": median(data["pptx_s"]),
        "pdf_median_s": median(data["pdf_s"]),
        "pptx_first_s": data["pptx_first_s"],
        "pdf_first_s": data["pdf_first_s"],
        "import_s": data["import_s"],
        "load_s": data["load_s"],
        "document_s": data["document_s"],
        "pptx_bytes": data["pptx_bytes"],
        "pdf_bytes": data["pdf_bytes"],
        "peak_mb": data["peak_mb"],
    }


def bench_tagging(repeat: int) -> dict[str, Any]:
    """What tagging costs in the warm PDF render (issue 14: at most 20%)."""
    cmd = [sys.executable, __file__, "--child-tagging", str(EXAMPLE), str(repeat)]
    data = json.loads(run_child(cmd)["stdout"])
    tagged, untagged = median(data["tagged"]), median(data["untagged"])
    return {
        "tagged_cpu_s": tagged,
        "untagged_cpu_s": untagged,
        "tagging_share": (tagged - untagged) / tagged,
        "runs": data,
    }


def bench_batch(work: Path, reports: int, jobs: int, runs: int) -> dict[str, Any]:
    """``porreport batch`` of ``reports`` copies of the example, ``runs`` times from scratch;
    then once more over unchanged inputs (everything skipped).

    Rendering is the reports' own durations (load, render, write; from the summary) divided
    by the jobs; overhead is the rest of the wall time: starting the batch and its workers,
    and the last worker's wait for the other.
    """
    src = work / "batch_in"
    for i in range(reports):
        copy_example(src, f"rapporto_{i + 1:03d}")
    out = work / "batch_out"
    cmd = porreport_cmd("batch", str(src), "-o", str(out), "--jobs", str(jobs))
    walls, cpus, peaks, rendering = [], [], [], []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        result = run_child(cmd)
        summary = json.loads((out / "porreport-batch.json").read_text("utf-8"))
        walls.append(result["seconds"])
        cpus.append(result["cpu_s"])
        peaks.append(result["peak_mb"])
        rendering.append(sum(r["duration_s"] for r in summary["reports"]) / jobs)
    again = run_child(cmd)  # unchanged inputs: everything skipped
    skipped = json.loads((out / "porreport-batch.json").read_text("utf-8"))["totals"]
    return {
        "reports": reports,
        "jobs": jobs,
        "runs_s": walls,
        "seconds": median(walls),
        "cpu_s": median(cpus),
        "rendering_s": median(rendering),
        "overhead_s": median([w - r for w, r in zip(walls, rendering, strict=True)]),
        "per_report_s": median(walls) / reports,
        "totals": summary["totals"],
        "peak_mb": max(peaks),
        "unchanged_rerun_s": again["seconds"],
        "unchanged_rerun_totals": skipped,
    }


def bench_monitor(work: Path, counts: Sequence[int], runs: int) -> dict[str, Any]:
    """``porreport monitor FILE --json`` on generated records (``scripts/make_records.py``,
    not timed), whole processes; rounds over the sizes, medians of ``runs``."""
    generator = ROOT / "scripts" / "make_records.py"
    if not generator.is_file():
        return {"available": False, "reason": "scripts/make_records.py assente"}
    files = {}
    for count in counts:
        files[count] = work / f"domande_{count}.csv"
        run_child([sys.executable, str(generator), "--rows", str(count), "-o", str(files[count])])
    measured: dict[int, list[dict[str, Any]]] = {count: [] for count in counts}
    for _ in range(runs):
        for count in counts:
            result = run_child(porreport_cmd("monitor", str(files[count]), "--json"))
            if json.loads(result["stdout"])["righe"] != count:
                raise RuntimeError(f"porreport monitor: attese {count} righe")
            measured[count].append(result)
    rows = []
    for count in counts:
        results = measured[count]
        rows.append(
            {
                "records": count,
                "csv_mb": files[count].stat().st_size / 1e6,
                "runs_s": [r["seconds"] for r in results],
                "seconds": median([r["seconds"] for r in results]),
                "cpu_s": median([r["cpu_s"] for r in results]),
                "peak_mb": median([r["peak_mb"] for r in results]),
            }
        )
    return {"available": True, "rows": rows}


def bench_initiatives(work: Path, counts: Sequence[int]) -> list[dict[str, Any]]:
    rows = []
    for count in counts:
        report = copy_example(work / f"ini{count}", "rapporto", with_initiatives(count))
        data = render_in_child(report, ("pptx", "pdf"), 3)
        rows.append(
            {
                "initiatives": count,
                "load_s": data["load_s"],
                "document_s": data["document_s"],
                "pptx_s": median(data["pptx_s"]),
                "pdf_s": median(data["pdf_s"]),
                "pptx_bytes": data["pptx_bytes"],
                "pdf_bytes": data["pdf_bytes"],
                "peak_mb": data["peak_mb"],
            }
        )
    return rows


def bench_records(work: Path, counts: Sequence[int]) -> dict[str, Any]:
    """Scaling with application records: the second example with N synthetic applications
    (``scripts/make_records.py --rows N``, not timed) as its ``monitoraggio.registri``."""
    generator = ROOT / "scripts" / "make_records.py"
    example = ROOT / "data" / "por_fse_lombardia_2021_registri.yaml"
    if not generator.is_file() or not example.is_file():
        return {"available": False, "reason": "scripts/make_records.py o l'esempio con registri assente"}  # fmt: skip
    rows = []
    for count in counts:
        report = copy_example(work / f"rec{count}", "rapporto", example.read_text("utf-8"))
        records = report.parent / "domande_smart_working.csv"
        run_child([sys.executable, str(generator), "--rows", str(count), "-o", str(records)])
        data = render_in_child(report, ("pptx", "pdf"), 3)
        rows.append(
            {
                "records": count,
                "csv_mb": records.stat().st_size / 1e6,
                "load_s": data["load_s"],
                "document_s": data["document_s"],
                "pptx_s": median(data["pptx_s"]),
                "pdf_s": median(data["pdf_s"]),
                "peak_mb": data["peak_mb"],
            }
        )
    return {"available": True, "rows": rows}


def changed_example(folder: Path) -> Path:
    """The example with the next semester's data: six months later, higher commitments and
    payments, one more call (a copy of the first)."""
    import copy

    import yaml

    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["rapporto"]["data_riferimento"] = "2022-03-31"
    data["panorama"].update(impegnate="888,1 M€", liquidate="790,2 M€", certificata="695,2 M€")
    extra = copy.deepcopy(data["avvisi"][0])
    extra["titolo"] = "Avviso pubblico per la formazione continua dei lavoratori"
    data["avvisi"].append(extra)
    return copy_example(
        folder, "rapporto", yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )


def child_update(deck: str, report: str, repeat: int) -> dict[str, Any]:
    """Warm, in process: the update of ``deck`` with ``report`` against rendering the
    report's deck afresh (the document built once; times in seconds)."""
    from porreport import api
    from porreport.deck.render import render_deck
    from porreport.deck.update import update_deck

    document = api.document_of(api.load(report))
    data = Path(deck).read_bytes()
    update_deck(data, document, "deck.pptx")  # warm-up
    render_deck(document)
    updates, renders = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        update_deck(data, document, "deck.pptx")
        updates.append(time.perf_counter() - t)
        t = time.perf_counter()
        render_deck(document)
        renders.append(time.perf_counter() - t)
    return {"update_s": updates, "render_s": renders}


def bench_update(work: Path, runs: int, repeat: int) -> dict[str, Any]:
    """``porreport update`` against ``porreport build`` of the same new data."""
    base = work / "update_base"
    run_child(porreport_cmd("build", str(EXAMPLE), "-o", str(base), "--format", "pptx"))
    deck = base / f"{EXAMPLE.stem}.pptx"
    report = changed_example(work / "update_new")
    updates, decks, builds = [], [], []
    for i in range(runs):
        out = work / f"update{i}.pptx"
        updates.append(run_child([*porreport_cmd("update", str(deck), str(report)), "-o", str(out)], ok=(0, 3))["seconds"])  # fmt: skip
        decks.append(run_child(porreport_cmd("build", str(report), "-o", str(work / f"ub{i}"), "--format", "pptx"))["seconds"])  # fmt: skip
        builds.append(run_child(porreport_cmd("build", str(report), "-o", str(work / f"uf{i}")))["seconds"])  # fmt: skip
    cmd = [sys.executable, __file__, "--child-update", str(deck), str(report), str(repeat)]
    warm = json.loads(run_child(cmd)["stdout"])
    return {
        "update_cold_s": updates,
        "build_deck_cold_s": decks,
        "build_cold_s": builds,
        "update_cold_median_s": median(updates),
        "build_deck_cold_median_s": median(decks),
        "build_cold_median_s": median(builds),
        "update_warm_median_s": median(warm["update_s"]),
        "render_deck_warm_median_s": median(warm["render_s"]),
    }


def bench_libreoffice(work: Path, runs: int) -> dict[str, Any]:
    """Cold direct PDF build vs LibreOffice converting the same deck, interleaved."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return {"available": False, "reason": "soffice non installato"}
    deck_dir = work / "lo_deck"
    run_child(porreport_cmd("build", str(EXAMPLE), "-o", str(deck_dir), "--format", "pptx"))
    deck = deck_dir / f"{EXAMPLE.stem}.pptx"
    env = {**os.environ, **IT_ENV}
    lo_cmd = [
        soffice,
        f"-env:UserInstallation={LO_PROFILE}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work / "lo_pdf"),
        str(deck),
    ]
    run_child(lo_cmd, env)  # warm-up: creates the profile, not counted
    direct, office = [], []
    for i in range(runs):
        pdf_cmd = porreport_cmd(
            "build", str(EXAMPLE), "-o", str(work / f"pdf{i}"), "--format", "pdf"
        )
        direct.append(run_child(pdf_cmd)["seconds"])
        office.append(run_child(lo_cmd, env)["seconds"])
    many = work / "lo_many"
    many.mkdir()
    decks = []
    for i in range(LO_DECKS):
        decks.append(many / f"deck_{i:02d}.pptx")
        shutil.copy(deck, decks[-1])
    office_many = run_child([*lo_cmd[:-3], "--outdir", str(many / "pdf"), *map(str, decks)], env)
    warm = render_in_child(EXAMPLE, ("pdf",), LO_DECKS)
    return {
        "available": True,
        "libreoffice_per_deck_in_one_process_s": office_many["seconds"] / LO_DECKS,
        "direct_pdf_warm_s": median(warm["pdf_s"]),
        "warm_ratio": median(warm["pdf_s"]) / (office_many["seconds"] / LO_DECKS),
        "direct_pdf_cold_s": direct,
        "libreoffice_s": office,
        "direct_median_s": median(direct),
        "libreoffice_median_s": median(office),
        "ratio": median(direct) / median(office),
    }


# --- report -------------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "missed"


Row = tuple[str, str, str, str]


def _row(name: str, value: float, unit: str, target: float | None = None) -> Row:
    shown = f"{value:.3f} {unit}" if unit == "s" else f"{value:.0f} {unit}"
    if unit == "x":
        shown = f"{value:.2f}"
    goal = "" if target is None else f"<= {target:g}{'' if unit == 'x' else ' ' + unit}"
    return (name, shown, goal, "" if target is None else verdict(value, target))


def table(results: dict[str, Any]) -> list[Row]:
    """Rows: measure, measured value, target, verdict (only for the steps that ran)."""
    rows: list[Row] = []
    for step, rows_of in (
        ("cold_build", _cold_rows),
        ("warm_render", _warm_rows),
        ("batch", _batch_rows),
        ("monitor", _monitor_rows),
        ("initiatives", _initiative_rows),
        ("records", _record_rows),
        ("libreoffice", _libreoffice_rows),
    ):
        if step in results:
            rows += rows_of(results[step])
    peaks = [results[s]["peak_mb"] for s in ("cold_build", "warm_render", "batch") if s in results]
    peaks += [r["peak_mb"] for r in results.get("initiatives", [])]
    peaks += [r["peak_mb"] for r in results.get("records", {}).get("rows", [])]
    lo = results.get("libreoffice", {})
    if "cold_build" in results and lo.get("available"):
        ratio = results["cold_build"]["median_s"] / lo["libreoffice_median_s"]
        name = "cold build deck+PDF / LibreOffice converting the deck"
        rows.append(_row(name, ratio, "x", TARGETS["cold_vs_libreoffice_ratio"]))
    rows += update_rows(results) + _tagging_rows(results.get("tagging"))
    if peaks:
        rows.append(_row("peak memory (largest process of all renders)", max(peaks), "MB", TARGETS["peak_memory_mb"]))  # fmt: skip
    return rows


def _cold_rows(cold: dict[str, Any]) -> list[Row]:
    return [
        _row("cold build deck+PDF (median)", cold["median_s"], "s", TARGETS["cold_build_s"]),
        _row(
            "peak memory (largest process), cold build",
            cold["peak_mb"],
            "MB",
            TARGETS["cold_build_mb"],
        ),
    ]


def _warm_rows(warm: dict[str, Any]) -> list[Row]:
    return [
        _row("warm render deck (median)", warm["pptx_median_s"], "s", TARGETS["warm_pptx_s"]),
        _row("warm render PDF (median)", warm["pdf_median_s"], "s", TARGETS["warm_pdf_s"]),
        _row(
            "warm render deck + PDF (sum of the medians)",
            warm["pptx_median_s"] + warm["pdf_median_s"],
            "s",
            TARGETS["warm_both_s"],
        ),
        _row("load + document (warm process)", warm["load_s"] + warm["document_s"], "s"),
    ]


def _batch_rows(bat: dict[str, Any]) -> list[Row]:
    name = f"batch {bat['reports']} reports, {bat['jobs']} jobs"
    return [
        _row(f"{name} (median)", bat["seconds"], "s", TARGETS["batch_50_s"]),
        _row(f"{name}: CPU time, all processes", bat["cpu_s"], "s"),
        _row(f"{name}: rendering (reports' durations / jobs)", bat["rendering_s"], "s"),
        _row(f"{name}: the rest (start, workers, last wait)", bat["overhead_s"], "s"),
        _row("batch re-run, all unchanged", bat["unchanged_rerun_s"], "s"),
        _row(
            "peak memory (largest process), batch", bat["peak_mb"], "MB", TARGETS["peak_memory_mb"]
        ),
    ]


def _monitor_rows(monitor: dict[str, Any]) -> list[Row]:
    if not monitor.get("available"):
        return [("porreport monitor 10k/100k/1M", "non disponibile", monitor["reason"], "")]
    rows = []
    for row in monitor["rows"]:
        million = row["records"] == 1_000_000
        name = f"porreport monitor --json, {row['records']} records"
        rows += [
            _row(
                f"{name} (median)",
                row["seconds"],
                "s",
                TARGETS["monitor_1m_s"] if million else None,
            ),
            _row(f"{name}: CPU time", row["cpu_s"], "s"),
            _row(
                f"{name}: peak memory",
                row["peak_mb"],
                "MB",
                TARGETS["monitor_1m_mb"] if million else None,
            ),
        ]
    return rows


def _initiative_rows(initiatives: list[dict[str, Any]]) -> list[Row]:
    rows = []
    for row in initiatives:
        rows.append(_row(f"{row['initiatives']} initiatives: load+document", row["load_s"] + row["document_s"], "s"))  # fmt: skip
        rows.append(_row(f"{row['initiatives']} initiatives: deck", row["pptx_s"], "s"))
        rows.append(_row(f"{row['initiatives']} initiatives: PDF", row["pdf_s"], "s"))
        both = row["pptx_s"] + row["pdf_s"]
        target = TARGETS["initiatives_1000_s"] if row["initiatives"] == 1000 else None
        rows.append(_row(f"{row['initiatives']} initiatives: deck + PDF", both, "s", target))
    by_count = {r["initiatives"]: r["pptx_s"] + r["pdf_s"] for r in initiatives}
    for low in sorted(by_count):
        if 10 * low in by_count:
            ratio = by_count[10 * low] / by_count[low]
            name = f"{10 * low} / {low} initiatives, deck + PDF time"
            rows.append(_row(name, ratio, "x", TARGETS["initiatives_10x_ratio"]))
    return rows


def _record_rows(records: dict[str, Any]) -> list[Row]:
    if not records.get("available"):
        return [("records 10k/100k/1M", "non disponibile", records["reason"], "")]
    rows = []
    for row in records["rows"]:
        rows.append(_row(f"{row['records']} records: load+document", row["load_s"] + row["document_s"], "s"))  # fmt: skip
        rows.append(_row(f"{row['records']} records: deck", row["pptx_s"], "s"))
        rows.append(_row(f"{row['records']} records: PDF", row["pdf_s"], "s"))
        rows.append(_row(f"peak memory (largest process), {row['records']} records", row["peak_mb"], "MB", TARGETS["peak_memory_mb"]))  # fmt: skip
    return rows


def _libreoffice_rows(lo: dict[str, Any]) -> list[Row]:
    if not lo.get("available"):
        return [("direct PDF vs LibreOffice", "non misurato", lo["reason"], "")]
    return [
        _row("direct PDF, cold build process (median)", lo["direct_median_s"], "s"),
        _row("LibreOffice deck -> PDF, one process (median)", lo["libreoffice_median_s"], "s"),
        _row("direct / LibreOffice, cold", lo["ratio"], "x", TARGETS["pdf_vs_libreoffice_ratio"]),
        _row(
            f"LibreOffice, {LO_DECKS} decks in one process, per deck",
            lo["libreoffice_per_deck_in_one_process_s"],
            "s",
        ),
        _row("direct PDF, warm render (median)", lo["direct_pdf_warm_s"], "s"),
        _row(
            "direct / LibreOffice, warm", lo["warm_ratio"], "x", TARGETS["pdf_vs_libreoffice_ratio"]
        ),
    ]


def _tagging_rows(tagging: dict[str, Any] | None) -> list[Row]:
    if not tagging:
        return []
    return [
        _row("warm PDF, tagged (CPU, median)", tagging["tagged_cpu_s"], "s"),
        _row("warm PDF, untagged (CPU, median)", tagging["untagged_cpu_s"], "s"),
        _row(
            "tagging's share of the warm PDF",
            tagging["tagging_share"],
            "x",
            TARGETS["tagging_share"],
        ),
    ]


def update_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The update's rows: its time against a fresh build of the same data (issue 15's
    target: no longer), cold, as the commands run. The warm figure, in one process with the
    document built once, compares the update with the deck's render alone; it has no
    target: the update also parses the edited deck, which a fresh render does not have."""
    upd = results.get("update")
    if not upd:
        return []
    ratio = upd["update_cold_median_s"] / upd["build_deck_cold_median_s"]
    warm = upd["update_warm_median_s"] / upd["render_deck_warm_median_s"]
    seconds = (
        ("update of the example's deck, new data (cold, median)", "update_cold_median_s"),
        ("build of the same data, deck only (cold, median)", "build_deck_cold_median_s"),
        ("build of the same data, deck + PDF (cold, median)", "build_cold_median_s"),
    )
    return [(name, f"{upd[key]:.3f} s", "", "") for name, key in seconds] + [
        ("update / build deck only, cold", f"{ratio:.2f}", "<= 1", verdict(ratio, 1.0)),
        ("update / render deck, warm in process", f"{warm:.2f}", "", ""),
    ]


def print_table(rows: list[Row]) -> None:
    header = ("measure", "measured", "target", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no 1M records, fewer repetitions")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip the LibreOffice run")
    parser.add_argument("--only", help=f"comma-separated steps among: {', '.join(STEPS)}")
    parser.add_argument("-o", "--output", default=str(ROOT / "output" / "benchmark.json"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-update", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-tagging", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--only-update", action="store_true", help="only the update measurement")
    args = parser.parse_args(argv)
    if args.child_update:
        deck, report, repeat = args.child_update
        print(json.dumps(child_update(deck, report, int(repeat))))
        return 0
    if args.child_tagging:
        report, repeat = args.child_tagging
        print(json.dumps(child_tagging(report, int(repeat))))
        return 0
    if args.child:
        report, formats, repeat = args.child
        print(json.dumps(child_render(report, formats.split(","), int(repeat))))
        return 0
    chosen = STEPS if not args.only else tuple(s.strip() for s in args.only.split(","))
    if args.only_update:
        chosen = ("update",)
    unknown = sorted(set(chosen) - set(STEPS))
    if unknown:
        parser.error(f"unknown steps: {', '.join(unknown)}; steps: {', '.join(STEPS)}")

    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_start": list(os.getloadavg()),
            "subreaper": become_subreaper(),
        },
        "quick": args.quick,
        "targets": TARGETS,
    }
    sizes = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    with tempfile.TemporaryDirectory(prefix="porreport-bench-") as tmp:
        work = Path(tmp)
        steps = {
            "cold_build": lambda: bench_cold(work, 3 if args.quick else 5),
            "warm_render": lambda: bench_warm(5 if args.quick else 20),
            "batch": lambda: bench_batch(work, 50, 2, 1 if args.quick else 3),
            "monitor": lambda: bench_monitor(work, sizes, 3 if args.quick else 5),
            "initiatives": lambda: bench_initiatives(work, (10, 100, 1000)),
            "records": lambda: bench_records(work, sizes),
            "libreoffice": lambda: (
                {"available": False, "reason": "--no-libreoffice"}
                if args.no_libreoffice
                else bench_libreoffice(work, 3)
            ),
            "tagging": lambda: bench_tagging(5 if args.quick else 20),
            "update": lambda: bench_update(work, 3 if args.quick else 5, 5 if args.quick else 10),
        }
        for name in STEPS:
            if name in chosen:
                print(f"... {name}", file=sys.stderr, flush=True)
                results[name] = steps[name]()
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    rows = table(results)
    start, end = results["machine"]["load_average_at_start"][0], os.getloadavg()[0]
    rows.append(("load average (1 min), start / end", f"{start:.2f} / {end:.2f}", f"{os.cpu_count()} CPU", ""))  # fmt: skip
    results["table"] = [dict(zip(("measure", "measured", "target", "verdict"), r, strict=True)) for r in rows]  # fmt: skip
    print_table(rows)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
