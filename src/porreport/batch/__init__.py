"""Many reports, unattended (``porreport batch DIR|MANIFEST -o OUTDIR``), for a scheduler
(cron, a systemd timer) that nobody watches.

- every report is built in a worker process (``pool``), so a report that crashes its worker
  (a signal, memory exhausted) fails alone and the others go on in a fresh pool; the
  workers are forked from a server that loaded and warmed the renderers once (``warm``);
- every format is rendered in memory first, then a report's outputs are written as one set
  (``worker``, with ``porreport.output``): both replaced or neither, a failed rebuild leaves
  the previous files untouched, and the temporary ``.<name>.*.part`` files a killed worker leaves behind are
  removed by the parent (those of a batch killed outright, by the next batch, under the
  folder lock: ``folder``);
- a report whose inputs did not change (report file, its tables and logos, the bundled
  layouts, fonts and reference data, porreport's version and code, and the validated report
  the loader made of them: ``fingerprint``) and whose outputs still have the recorded sha256
  (``state``, in ``OUTDIR/.porreport-state.json``) is *skipped* and nothing is rewritten; a
  rebuilt output whose bytes did not change is not rewritten either (same inode and mtime).
  A report edited while it is being built is rebuilt by the next run; a state file that is
  not one (another shape, truncated, too large) is ignored with a warning;
- a JSON summary ``OUTDIR/porreport-batch.json`` (``summary``: fixed key order, UTC times)
  says what happened to each report; logs go to stderr (``progress``: a bar on a terminal,
  plain lines otherwise); the exit code (``run``) is 0 when nothing failed, 1 when a report
  failed (the disk full, too) or the summary could not be written, 2 for bad usage, 75 when
  another batch holds the output folder (try again later), 128 + the signal number when
  interrupted (SIGINT, SIGTERM).

Nothing depends on the machine's timezone or locale: times are UTC and durations are written
with an Italian decimal comma by hand. The reports come from ``discover`` (a folder, a
manifest or one report); ``task`` holds what a worker receives and returns. The command line
(``porreport.cli.batch``) parses the arguments.

May import: ``porreport.api`` and everything below it.
"""

from porreport.batch.discover import MAX_MANIFEST_BYTES, discover, output_stems, read_manifest
from porreport.batch.fingerprint import environment_fingerprint, file_digest, input_fingerprint
from porreport.batch.folder import FolderBusy
from porreport.batch.progress import Progress, seconds_it
from porreport.batch.run import EXIT_BUSY, EXIT_FAILED, EXIT_OK, EXIT_USAGE, BatchOutcome, run_batch
from porreport.batch.state import MAX_STATE_BYTES, STATE_NAME, UnusableState, read_state
from porreport.batch.summary import SUMMARY_NAME
from porreport.batch.task import CRASH_MESSAGE, INTERRUPTED_MESSAGE, Task, Worker
from porreport.batch.worker import build_one

__all__ = [
    "CRASH_MESSAGE",
    "EXIT_BUSY",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "INTERRUPTED_MESSAGE",
    "MAX_MANIFEST_BYTES",
    "MAX_STATE_BYTES",
    "STATE_NAME",
    "SUMMARY_NAME",
    "BatchOutcome",
    "FolderBusy",
    "Progress",
    "Task",
    "UnusableState",
    "Worker",
    "build_one",
    "discover",
    "environment_fingerprint",
    "file_digest",
    "input_fingerprint",
    "output_stems",
    "read_manifest",
    "read_state",
    "run_batch",
    "seconds_it",
]
