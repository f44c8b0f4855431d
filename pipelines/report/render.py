"""One HTML file (plotly.js beside it, or inlined), each chart a div, every text escaped.

Jinja2 with autoescape escapes every value from the warehouse; only two things are
inserted unescaped (`|safe`): plotly.js itself (when inlined) and the chart divs Plotly writes, whose
figure JSON escapes '<', '>' and '/' (so no string in it can close the script tag) and
whose labels were HTML-escaped by charts.label before Plotly saw them.
"""
from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache

import jinja2
import plotly.io as pio
from plotly.offline import get_plotlyjs

from pipelines.report.model import Chart, Note, Section, Table

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #1f3a5f; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; opacity: .85; }
nav { padding: 8px 32px; background: #e8edf3; position: sticky; top: 0; z-index: 10; }
nav a { margin-right: 16px; color: #1f3a5f; text-decoration: none; font-weight: 600; }
main { padding: 8px 32px 40px; max-width: 1200px; }
section { background: #fff; border: 1px solid #dde3ea; border-radius: 6px; padding: 12px 20px; margin: 18px 0; }
h2 { margin: 6px 0; color: #1f3a5f; }
h3 { margin: 14px 0 4px; font-size: 16px; }
.caption { color: #555; font-size: 13px; margin: 2px 0 6px; }
.note { color: #6b5800; background: #fff8db; padding: 6px 10px; border-radius: 4px; }
details { margin: 4px 0 14px; }
summary { cursor: pointer; color: #1f3a5f; font-size: 13px; }
pre { background: #f3f5f7; padding: 10px; overflow-x: auto; font-size: 12px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #e5e9ee; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.long { min-width: 280px; }
</style>
{% if plotly_js_file %}<script src="{{ plotly_js_file }}"></script>{% else %}<script>{{ plotly_js|safe }}</script>{% endif %}
</head>
<body>
<header>
<h1>{{ title }}</h1>
<p>Warehouse <code>{{ db_path }}</code>, report written {{ generated_at }}.</p>
</header>
<nav>{% for s in sections %}<a href="#{{ s.key }}">{{ s.title }}</a>{% endfor %}</nav>
<main>
{% for s in sections %}
<section id="{{ s.key }}">
<h2>{{ s.title }}</h2>
<p>{{ s.intro }}</p>
{% for item in s.parts %}
{% if item.kind == "note" %}
<p class="note">{{ item.text }}</p>
{% elif item.kind == "chart" %}
<h3>{{ item.title }}</h3>
{% if item.caption %}<p class="caption">{{ item.caption }}</p>{% endif %}
<div class="chart" data-chart="{{ item.key }}">{{ item.html|safe }}</div>
<details><summary>SQL behind this chart</summary><pre class="sql">{{ item.sql }}</pre></details>
{% else %}
<h3>{{ item.title }}</h3>
{% if item.caption %}<p class="caption">{{ item.caption }}</p>{% endif %}
<div class="table-wrap"><table data-table="{{ item.key }}">
<thead><tr>{% for c in item.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in item.rows %}<tr>{% for v in row %}<td{% if v is number %} class="num"{% elif v is string and v|length > 60 %} class="long"{% endif %}>{{ v|cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></div>
<details><summary>SQL behind this table</summary><pre class="sql">{{ item.sql }}</pre></details>
{% endif %}
{% endfor %}
</section>
{% endfor %}
</main>
</body>
</html>
"""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    text = str(value)
    return text if len(text) <= 400 else text[:399] + "…"


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    """The page template, compiled once per process."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["cell"] = _cell
    return env.from_string(TEMPLATE)


def _item(item: Chart | Table | Note) -> dict:
    if isinstance(item, Note):
        return {"kind": "note", "text": item.text}
    if isinstance(item, Chart):
        div = pio.to_html(item.figure, full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG,
                          div_id=f"chart-{item.key}")
        return {"kind": "chart", "key": item.key, "title": item.title, "caption": item.caption, "sql": item.sql,
                "html": div}
    return {"kind": "table", "key": item.key, "title": item.title, "caption": item.caption, "sql": item.sql,
            "columns": item.columns, "rows": item.rows}


def render_html(sections: list[Section], *, db_path: str, title: str = "newsetl report",
                generated_at: dt.datetime | None = None, plotly_js_file: str | None = None) -> str:
    """The report as an HTML document that needs no network: plotly.js is loaded from
    `plotly_js_file` (a file name beside the document) or, without one, inlined."""
    context = {
        "title": title,
        "db_path": db_path,
        "generated_at": (generated_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M"),
        "plotly_js_file": plotly_js_file,
        "plotly_js": "" if plotly_js_file else get_plotlyjs(),
        "sections": [{"key": s.key, "title": s.title, "intro": s.intro, "parts": [_item(i) for i in s.items]}
                     for s in sections],
    }
    return _template().render(context)


def plotly_js_name() -> str:
    """File name of the plotly.js the installed plotly package ships (versioned: a newer one is a new file)."""
    import plotly

    return f"plotly-{plotly.__version__}.min.js"


def write_plotly_js(folder) -> str:
    """Write plotly.js into `folder` unless it is there already (4.6 MB, once per folder and plotly
    version instead of inlined into every report); returns its file name."""
    from pathlib import Path

    name = plotly_js_name()
    path = Path(folder) / name
    if not path.exists():  # written then renamed: an existing file is whole
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(get_plotlyjs(), encoding="utf-8")
        tmp.replace(path)
    return name
