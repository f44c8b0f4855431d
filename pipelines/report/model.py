"""What a report is made of: sections holding charts, tables and notes, each with its SQL.

Plain data, no rendering: `sections.py` fills these from the warehouse, `render.py`
turns them into one HTML file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb


@dataclass
class Chart:
    """A Plotly figure and the SQL whose rows it draws."""

    key: str
    title: str
    sql: str
    figure: Any  # plotly.graph_objects.Figure; labels already escaped (see charts.label)
    caption: str = ""


@dataclass
class Table:
    """Rows shown as an HTML table (every cell escaped by the template)."""

    key: str
    title: str
    sql: str
    columns: list[str]
    rows: list[tuple]
    caption: str = ""


@dataclass
class Note:
    """A sentence instead of a chart: why a part is missing or empty."""

    text: str


@dataclass
class Section:
    key: str
    title: str
    intro: str
    items: list[Chart | Table | Note] = field(default_factory=list)


class Catalog:
    """The relations (tables and views) and their columns in the warehouse, read once.

    Sections ask it what exists so that each degrades to a note when a table or
    view of a later stage (stories, quote_reach, claim_comparisons, held_back) is
    not in this warehouse.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection):
        rows = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND schema_name = 'main' "
            "AND database_name = current_database() ORDER BY table_name, column_index").fetchall()
        self.columns: dict[str, list[str]] = {}
        for table, column in rows:
            self.columns.setdefault(table, []).append(column)
        kinds = con.execute(
            "SELECT table_name, 'table' FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' "
            "AND database_name = current_database() "
            "UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' "
            "AND database_name = current_database()"
        ).fetchall()
        self.kinds = dict(kinds)

    def has(self, *names: str) -> bool:
        return all(name in self.kinds for name in names)

    def pick(self, relation: str, *candidates: str) -> str | None:
        """The first of `candidates` that is a column of `relation`, else None."""
        present = self.columns.get(relation, [])
        return next((c for c in candidates if c in present), None)
