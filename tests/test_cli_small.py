"""What an operator meets at the command line: reports per warehouse, --out a folder, exit codes."""
from __future__ import annotations

from pipelines import cli, warehouse
from pipelines.report import default_report_path, write_report
from pipelines.settings import SEEDS_DIR


def empty_warehouse(path):
    with warehouse.connect(str(path)):
        pass
    return path


def test_two_warehouses_in_one_folder_keep_one_report_each(tmp_path):
    first, second = empty_warehouse(tmp_path / "news.duckdb"), empty_warehouse(tmp_path / "wires.duckdb")
    one, two = write_report(first), write_report(second)
    assert one.path == tmp_path / "report" / "news" / "index.html"
    assert two.path == tmp_path / "report" / "wires" / "index.html"
    assert f"{first}" in one.path.read_text(encoding="utf-8") and f"{second}" in two.path.read_text(encoding="utf-8")
    assert default_report_path("ducklake:" + str(tmp_path / "lake.sqlite")) == tmp_path / "report" / "lake" / "index.html"


def test_report_out_an_existing_folder_writes_index_html_in_it(tmp_path, capsys):
    db = empty_warehouse(tmp_path / "news.duckdb")
    folder = tmp_path / "site"
    folder.mkdir()
    assert cli.main(["report", "--db", str(db), "--out", str(folder)]) == 0
    assert (folder / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"report: {folder / 'index.html'}" in capsys.readouterr().out
    assert cli.main(["report", "--db", str(db), "--out", str(tmp_path / "new") + "/"]) == 0
    assert (tmp_path / "new" / "index.html").exists()


def test_run_that_fails_without_a_step_failure_exits_non_zero(tmp_path, monkeypatch, capsys):
    # A run can fail outside every step (the run worker, the instance): no step failure event.
    from dagster import JobDefinition

    real = JobDefinition.execute_in_process

    class FailedOutsideSteps:
        def __init__(self, result):
            self._result = result

        def __getattr__(self, name):
            return getattr(self._result, name)

        success = False

    monkeypatch.setattr(JobDefinition, "execute_in_process",
                        lambda self, *a, **k: FailedOutsideSteps(real(self, *a, **k)))
    db = tmp_path / "w.duckdb"
    code = cli.main(["run", "--db", str(db), "--input", str(SEEDS_DIR / "000_139efbd0edb5e04c.txt")])
    assert code == 1
    assert "failed without a step failure" in capsys.readouterr().err
