# nbconvert configuration used by tools/runNotebooks.ts (passed with --config).
# It records every code cell as it starts and finishes to the JSON-lines file named by the
# environment variable NOTEBOOK_CELL_LOG. tslab reports errors only on stderr, and nbconvert
# writes no notebook when a cell fails, so this log is how the runner learns which cell failed
# and why. It needs nbclient >= 0.6 (hooks); with an older one the log stays empty and the
# runner falls back to nbconvert's exit code. (The runner writes the executed notebook in its
# normal form itself: tools/notebookNormalForm.ts.)
import json
import os
import time

_LOG = os.environ.get("NOTEBOOK_CELL_LOG")
_started = {}


def _write(record):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")


def _on_start(cell=None, cell_index=None, **_):
    if cell is None or cell.get("cell_type") != "code":
        return
    _started[cell_index] = time.monotonic()
    _write({"event": "start", "index": cell_index})


def _on_executed(cell=None, cell_index=None, execute_reply=None, **_):
    content = (execute_reply or {}).get("content", {})
    seconds = time.monotonic() - _started.get(cell_index, time.monotonic())
    _write({
        "event": "done",
        "index": cell_index,
        "status": content.get("status"),
        "seconds": round(seconds, 3),
        "outputs": cell.get("outputs", []) if cell is not None else [],
    })


c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
c.ExecutePreprocessor.on_cell_start = _on_start
c.ExecutePreprocessor.on_cell_executed = _on_executed
# No wall-clock timestamps in the cells: a regenerated notebook differs only where outputs do.
c.ExecutePreprocessor.record_timing = False
