"""The HTML report for people who read the results (analysts, journalists).

`write_report(db_path)` reads the warehouse (read-only) and writes one HTML file, by
default `<warehouse dir>/report/<warehouse name>/index.html`, with plotly.js beside it (written once per
folder and plotly version, `plotly-<version>.min.js`; the report opens offline): stories, who is quoted and
mentioned most, quote reach, numbers the outlets disagree on and data quality, each
chart with the SQL behind it. Called by the `report` asset and `newsetl report`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.report.model import Catalog, Chart, Note, Section, Table
from pipelines.report.render import render_html, write_plotly_js
from pipelines.report.sections import ALL_SECTIONS

__all__ = ["ReportResult", "build_sections", "default_report_path", "render_html", "report_file", "write_report"]


@dataclass(frozen=True)
class ReportResult:
    path: Path
    bytes: int
    sections: list[str]
    charts: int
    tables: int
    notes: list[str]


def default_report_path(db_path: str | Path) -> Path:
    """Where the report lives: next to the warehouse file (a lake's: next to its catalog file), in a
    folder named after it, so several warehouses in one folder keep one report each:
    `<dir>/report/<warehouse file name without suffix>/index.html`."""
    from pipelines import lakehouse, warehouse

    if warehouse.is_lake(str(db_path)):
        catalog = lakehouse.parse_target(str(db_path)).catalog_file
        name = catalog.stem if catalog is not None else "lake"
    else:
        name = Path(db_path).stem
    return warehouse.warehouse_dir(str(db_path)) / "report" / (name or "warehouse") / "index.html"


def report_file(out_path: str | Path | None, db_path: str | Path) -> Path:
    """The file a report is written to: out_path, or index.html inside it when it is a folder
    (one that exists, or a path ending in a separator); by default default_report_path."""
    if not out_path:
        return default_report_path(db_path)
    out = Path(out_path)
    return out / "index.html" if out.is_dir() or str(out_path).endswith(("/", "\\")) else out


def build_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """Every section of the report from an open connection (each degrades to a note when its data is missing)."""
    catalog = Catalog(con)
    return [build(con, catalog) for build in ALL_SECTIONS]


def write_report(db_path: str | Path, out_path: str | Path | None = None, *, inline_plotly: bool = False) -> ReportResult:
    """Read the warehouse at `db_path` and write the report; returns what it contains. With
    `inline_plotly` the file is self-contained (plotly.js inside it, 4.6 MB more)."""
    from pipelines import warehouse

    out = report_file(out_path, db_path)
    with warehouse.connect(str(db_path), read_only=True) as con:
        con.execute("SET enable_progress_bar = false")  # a long query must not draw on the caller's terminal
        sections = build_sections(con)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = render_html(sections, db_path=warehouse.display_name(str(db_path)),
                           plotly_js_file=None if inline_plotly else write_plotly_js(out.parent))
    # Write then rename: a reader never sees half a report.
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(document, encoding="utf-8")
    tmp.replace(out)
    items = [i for s in sections for i in s.items]
    return ReportResult(
        path=out,
        bytes=out.stat().st_size,
        sections=[s.key for s in sections],
        charts=sum(isinstance(i, Chart) for i in items),
        tables=sum(isinstance(i, Table) for i in items),
        notes=[i.text for i in items if isinstance(i, Note)],
    )
