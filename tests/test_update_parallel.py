"""``update`` with ``parallel`` (what the CLI runs): the report is read in a forked process
while the deck is opened; the deck, the update's report, the warnings and the errors are
those of the update done in one process. And ``porreport.forked`` itself: results,
exceptions and a child that dies.

The parallel runs are in fresh processes: this one may run numpy's threads, and a process
with threads does not fork (``forked.can_fork``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import update_helpers as H
from porreport import api
from porreport.errors import InputError
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
MOLISE = ROOT / "data" / "examples" / "por_fesr_fse_molise_2021.yaml"


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}


def _python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=_env(), check=True, timeout=120
    )
    return done.stdout.decode()


def _parallel_update(edited: Path, report: Path, output: Path) -> dict[str, object]:
    """``api.update(..., parallel=True)`` in a fresh process: whether it forked, and what
    it returned or raised."""
    code = (
        "import json, os; from porreport import api, InputError\n"
        "forked = []\n"
        "fork = os.fork\n"
        "os.fork = lambda: forked.append(1) or fork()\n"
        "try:\n"
        f"    r = api.update({str(edited)!r}, {str(report)!r}, {str(output)!r}, parallel=True)\n"
        "    out = {'report': r.report.as_json(), 'warnings': [str(w) for w in r.warnings]}\n"
        "except InputError as exc:\n"
        "    out = {'error': str(exc)}\n"
        "out['forked'] = len(forked)\n"
        "print(json.dumps(out))\n"
    )
    result: dict[str, object] = json.loads(_python(code))
    return result


@pytest.mark.parametrize("report", [example_report(), MOLISE], ids=lambda p: p.stem)
def test_the_parallel_update_equals_the_serial_one(report: Path, tmp_path: Path) -> None:
    base = api.build(report, tmp_path / "base", ["pptx"]).outputs[0]
    edited = tmp_path / "modificato.pptx"
    edited.write_bytes(
        H.edit_like_staff(
            base.read_bytes(),
            H.plan_of(report),
            H.plan_of(H.changed_report(report, tmp_path / "nuovo")),
        )[0]
    )
    new = tmp_path / "nuovo" / f"{report.stem}.yaml"
    serial = api.update(edited, new, tmp_path / "serial.pptx")
    parallel = _parallel_update(edited, new, tmp_path / "parallel.pptx")
    assert parallel["forked"] == 1
    assert (tmp_path / "parallel.pptx").read_bytes() == (tmp_path / "serial.pptx").read_bytes()
    assert parallel["report"] == json.loads(json.dumps(serial.report.as_json()))
    assert parallel["warnings"] == [str(w) for w in serial.warnings]
    assert serial.report.as_json()["conflicts"], "the edits were not reported"


def test_the_report_s_error_comes_first_as_in_one_process(tmp_path: Path) -> None:
    # a deck porreport did not make and a report with an error: the report's error is told
    from pptx import Presentation

    foreign = tmp_path / "altro.pptx"
    Presentation().save(foreign)
    broken = tmp_path / "rapporto.yaml"
    broken.write_text(
        example_report()
        .read_text("utf-8")
        .replace("data_riferimento: 2021-09-30", "data_riferimento: ieri", 1),
        "utf-8",
    )
    with pytest.raises(InputError) as serial:
        api.update(foreign, broken, tmp_path / "serial.pptx")
    parallel = _parallel_update(foreign, broken, tmp_path / "parallel.pptx")
    assert parallel["forked"] == 1
    assert parallel["error"] == str(serial.value)
    assert "rapporto.yaml" in str(serial.value)
    # with a valid report, the deck's own error
    valid = _parallel_update(foreign, example_report(), tmp_path / "parallel.pptx")
    with pytest.raises(InputError) as alone:
        api.update(foreign, example_report(), tmp_path / "serial.pptx")
    assert valid["error"] == str(alone.value)
    assert "altro.pptx" in str(alone.value)
    assert not (tmp_path / "parallel.pptx").exists()
    assert not (tmp_path / "serial.pptx").exists()


def test_a_forked_child_returns_its_result_or_its_exception() -> None:
    out = _python(
        "import os, signal\n"
        "from porreport.forked import Forked\n"
        "from porreport.errors import InputError, RenderError\n"
        "crashed = lambda detail: RenderError(detail or 'il figlio si è interrotto')\n"
        "def fail():\n"
        "    raise InputError('valore non valido')\n"
        "def unpicklable():\n"
        "    exc = ValueError('non spedibile')\n"
        "    exc.callback = lambda: None  # a lambda cannot be pickled\n"
        "    raise exc\n"
        "print(Forked(lambda: {'somma': 40 + 2}, crashed).wait())\n"
        "for work in (fail, lambda: os._exit(3), unpicklable):\n"
        "    child = Forked(work, crashed)\n"
        "    try:\n"
        "        child.wait()\n"
        "    except Exception as exc:\n"
        "        print(type(exc).__name__, exc)\n"
        "    child.cancel()  # nothing to do once reaped\n"
        "child = Forked(lambda: signal.pause(), crashed)\n"
        "child.cancel()  # killed and reaped: no child is left\n"
        "try:\n"
        "    os.waitpid(-1, os.WNOHANG)\n"
        "except ChildProcessError:\n"
        "    print('nessun figlio')\n"
    )
    assert out.splitlines() == [
        "{'somma': 42}",
        "InputError valore non valido",
        "RenderError il figlio si è interrotto",
        "RenderError ValueError: non spedibile",
        "nessun figlio",
    ]


def test_a_refused_fork_leaves_the_work_to_this_process(tmp_path: Path) -> None:
    # a limit on processes (EAGAIN from fork): build, render_all and update do the work
    # themselves, with the same bytes, and leave no descriptor open
    base = api.build(example_report(), tmp_path / "base", ["pptx"]).outputs[0]
    serial = api.update(base, example_report(), tmp_path / "serial.pptx")
    out = _python(
        "import errno, json, os\n"
        "os.environ['OPENBLAS_NUM_THREADS'] = '1'  # one thread: a process with more won't fork\n"
        "from pathlib import Path\n"
        "from porreport import api\n"
        "refused = []\n"
        "def refuse():\n"
        "    refused.append(1)\n"
        "    raise BlockingIOError(errno.EAGAIN, 'Resource temporarily unavailable')\n"
        "document = api.document_of(api.load(api.example_report()))\n"
        "both = api.render_all(document, ['pptx', 'pdf'])  # what stays open (fonts) opens\n"
        f"api.update({str(base)!r}, None, {str(tmp_path / 'first.pptx')!r})\n"
        "os.fork = refuse\n"
        "fds = len(os.listdir('/proc/self/fd'))\n"
        f"built = api.build(None, {str(tmp_path / 'built')!r}, parallel=True).outputs\n"
        "assert api.render_all(document, ['pptx', 'pdf'], parallel=True) == both\n"
        f"r = api.update({str(base)!r}, None, {str(tmp_path / 'parallel.pptx')!r}, parallel=True)\n"
        "same = [p.read_bytes() == both[p.suffix[1:]] for p in built]\n"
        "print(json.dumps({'same': same, 'report': r.report.as_json(), 'refused': len(refused),\n"
        "                  'fds': len(os.listdir('/proc/self/fd')) - fds}))\n"
    )
    result = json.loads(out)
    assert result["refused"] == 3  # build, render_all and update each tried
    assert result["same"] == [True, True]
    assert result["fds"] == 0
    assert result["report"] == json.loads(json.dumps(serial.report.as_json()))
    assert (tmp_path / "parallel.pptx").read_bytes() == (tmp_path / "serial.pptx").read_bytes()
