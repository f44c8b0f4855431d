"""Work a run will need later, done while it waits for the GX helper.

A check hands its rows to the GX helper process (pipelines/gx_process.py) and waits for
the verdict: a fraction of a second per suite and, at the run's first check, until GX's
import there is done. The run's own process is idle meanwhile, so it does the fixed costs
that later steps would pay anyway, in the order the run needs them: cleaning's imports
(the stage modules and their libraries), spaCy and the extractors (their patterns compile at import), the
model load, the place and given-name lists the mention extractor reads, Plotly and its
template for the report. Each task runs once per process and whole, so a check may wait
up to one task longer than its verdict; it is planned only when its step will have work
(no model load for a run that ingested nothing new). A task that fails is left to its step,
which meets the same error and reports it.
"""
from __future__ import annotations

import importlib
import time
from collections.abc import Callable

_planned: list[tuple[str, Callable[[], object]]] = []
_done: dict[str, float] = {}
_reported_from = [0]  # timings() reports the tasks done from this index of _done on


def plan(name: str, task: Callable[[], object]) -> None:
    """Queue a task (once per process: a name already planned or done is ignored)."""
    if name not in _done and all(name != planned for planned, _ in _planned):
        _planned.append((name, task))


def run_while(waiting: Callable[[], bool]) -> None:
    """Run planned tasks, in order, for as long as `waiting()` says the caller would be idle."""
    while _planned and waiting():
        name, task = _planned.pop(0)
        started = time.perf_counter()
        try:
            task()
        except Exception:  # noqa: BLE001 - the step that needs it reports the error
            pass
        _done[name] = round(time.perf_counter() - started, 3)


def timings() -> dict[str, float]:
    """Seconds each task took, in the order they ran (since reset_timings)."""
    return dict(list(_done.items())[_reported_from[0]:])


def reset_timings() -> None:
    """Time the next run on its own: a warm runner did its tasks before serving (they stay done)."""
    _reported_from[0] = len(_done)


def _report_libraries() -> None:
    importlib.import_module("pipelines.report")
    importlib.import_module("pipelines.report.charts").new_figure()  # loads the template the report's charts use


def plan_for_run(*, new_articles: bool, model_name: str) -> None:
    """The warm-up of a run: cleaning and the report always run; the NLP stage's imports,
    model and lists only when the run brought new articles."""
    def knowledge():
        return importlib.import_module("pipelines.core.entities.knowledge")

    plan("import cleaning", lambda: importlib.import_module("pipelines.stages.cleaning"))
    if new_articles:
        plan("import spaCy and the extractors", lambda: importlib.import_module("pipelines.core.extraction"))
        plan("load the spaCy model with the extractors",
             lambda: importlib.import_module("pipelines.core.extraction").load_extraction_pipeline(model_name))
        plan("place names", lambda: knowledge().places())
        plan("given names", lambda: knowledge().given_names())
        plan("common and dictionary words", lambda: (knowledge().common_words(), knowledge().dictionary_words()))
    plan("import Plotly and its template", _report_libraries)
