"""Materialization metadata helpers shared by the stage assets."""

import duckdb
from dagster import MetadataValue

PREVIEW_ROWS = 10
PREVIEW_CELL_CHARS = 80


def markdown_preview(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> MetadataValue:
    """A Markdown table of the first rows of a query (new rows of this run)."""
    cursor = con.execute(f"SELECT * FROM ({sql}) LIMIT {PREVIEW_ROWS}", params or [])
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return MetadataValue.md("_no new rows_")

    def cell(value: object) -> str:
        text = "" if value is None else str(value).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return MetadataValue.md("\n".join(lines))


def count_for_run(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table} WHERE run_id = ?", [run_id]).fetchone()[0]


def table_total(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def run_ids(con: duckdb.DuckDBPyConnection, table: str, column: str, run_id: str) -> list[str]:
    """The distinct values of `column` in the rows a run wrote: the argument of the views' *_in(ids)
    macros, bound as a list (a subquery as a macro argument is planned badly by DuckDB)."""
    return [r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE run_id = ?", [run_id]).fetchall()]
