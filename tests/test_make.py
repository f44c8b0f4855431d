"""The Makefile's UI link and README agree with the code location: one lineage link whose groups
are exactly the asset groups of pipelines/definitions.py."""
from __future__ import annotations

import re

from pipelines.settings import PROJECT_ROOT


def lineage_groups(text: str) -> list[str]:
    [link] = set(re.findall(r"http://127\.0\.0\.1:[^/\s]+/asset-groups\?expanded=\S+", text))
    return [part.split(":", 1)[1] for part in link.split("expanded=", 1)[1].strip("`)").split(",")]


def test_make_dev_and_readme_link_the_same_lineage_of_every_group():
    from pipelines.definitions import defs

    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    groups = lineage_groups(makefile.replace("$(PORT)", "3000"))
    assert lineage_groups(readme) == groups
    graph = defs.resolve_asset_graph()
    assert set(groups) == {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert len(groups) == len(set(groups))
