"""Each stage's code version, derived from what determines its output.

A stage's version is a short hash of a manifest: the hashes of what the source
files that decide its rows do (whole package directories under pipelines/core, so a
module split into a package stays covered; Python files by their syntax tree without
docstrings, so editing a comment, a docstring or the layout re-parses nothing; data
files such as the speaker ranker's weights byte for byte), the versions
of the libraries and model it calls, and its settings that change rows. The
Dagster assets show it as their code_version; the ingest stage stores it per raw record and per
ingest rejection (raw_articles.ingest_version, rejected_inputs.code_version) and reads the stored
records again when it differs, writing what changed; the NLP stage stores it per
article (nlp_processed.extractor_version) and re-processes articles whose
version differs; the entities stage stores it per entity (entities.code_version) and
re-resolves every name when it differs; the cleaning stage stores it per article and per
cleaning rejection (articles.cleaning_version, rejected_inputs.code_version) and cleans every raw
record again when one differs, writing what changed; the stories stage stores the quote-clustering
version per clustered quote (quote_clusters.code_version) and recomputes the clusters
when it differs, and the date-claims version per article (story_processed.code_version) and
makes that article's date claims again when it differs. The manifest of every version seen is kept in the code_versions table,
so a re-processing run can say what changed.

Nothing here imports spaCy, Dagster or DuckDB (the code server computes these
at import): library and model versions come from the installed package metadata.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

CORE_DIR = Path(__file__).resolve().parent / "core"
STAGES_DIR = Path(__file__).resolve().parent / "stages"

# Modules (or packages) of pipelines/core owned by the stages before NLP; every other
# module there is part of the extraction (mentions, quotes, claims, their resources).
INGEST_MODULES = ("ingest", "records", "reading_again", "decoding", "language")
CLEANING_MODULES = ("cleaning", "company_marks", "published", "dedup", "versions")
ENTITY_MODULES = ("entities",)
# The stories stage's own modules: they read the NLP rows, they do not make them. (dates.py is the
# NLP pass's: its date candidates come from the one parse; the stories stage only resolves them.)
STORIES_MODULES = ("stories", "quote_clusters")
# How the parse is run (worker processes), not what it yields: a change there re-parses nothing.
PLUMBING_MODULES = ("parse_workers",)
_SOURCE_SUFFIXES = (".py", ".json")


@dataclass(frozen=True)
class CodeVersion:
    stage: str
    version: str  # 12 hex characters
    manifest: dict = field(hash=False, compare=False)

    def describe_change(self, old_manifest: dict | None) -> str:
        """What differs from an older manifest, in a few words ('quotes/attribution.py changed; spacy 3.8.2 -> 3.8.3')."""
        if not old_manifest:
            return "processed before code versions were recorded"
        parts = []
        old_files, new_files = old_manifest.get("files", {}), self.manifest.get("files", {})
        changed = sorted(f for f in set(old_files) | set(new_files) if old_files.get(f) != new_files.get(f))
        if changed:
            shown = ", ".join(changed[:4]) + (f" and {len(changed) - 4} more" if len(changed) > 4 else "")
            parts.append(f"{shown} changed")
        for key in sorted(set(self.manifest) | set(old_manifest)):
            if key != "files" and self.manifest.get(key) != old_manifest.get(key):
                parts.append(f"{key} {old_manifest.get(key)} -> {self.manifest.get(key)}")
        return "; ".join(parts) or "code version changed"


def _module_files(names: tuple[str, ...] | None, exclude: tuple[str, ...] = ()) -> list[Path]:
    """Source files of the given core modules/packages (None: every one not excluded)."""
    files = []
    for path in sorted(CORE_DIR.rglob("*")):
        if path.suffix not in _SOURCE_SUFFIXES or not path.is_file() or "__pycache__" in path.parts:
            continue
        top = path.relative_to(CORE_DIR).parts[0].split(".")[0]
        if (names is None or top in names) and top not in exclude:
            files.append(path)
    return files


def behaviour(source: bytes, filename: str = "<source>") -> bytes:
    """What Python source does, without what only a reader sees: the code unparsed from its syntax
    tree (comments and layout gone) with the docstrings of the module, its classes and functions removed."""
    tree = ast.parse(source, filename=filename)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(tree).encode()


# Behaviour hashes already computed, by the sha256 of the source they were computed from. Parsing and
# unparsing every extractor module costs about a third of a second per process, paid by every run and
# by the nothing-pending check; the source's own hash costs nothing. The file's name covers what else
# decides the result (this module's source, the Python version whose ast.unparse made it), so an
# entry is never out of date; a missing, unreadable or unwritable file only costs the computation.
_BEHAVIOUR_CACHE_ENTRIES = 2000  # beyond this many (edits accumulate) the file starts afresh
_known_behaviour: dict[str, str] | None = None


def _behaviour_cache_file() -> Path:
    from pipelines.settings import cache_dir

    key = hashlib.sha256(Path(__file__).read_bytes() + sys.version.encode()).hexdigest()[:16]
    return cache_dir() / "code_behaviour" / f"{key}.json"


def _behaviour_hashes(sources: list[tuple[bytes, str]]) -> list[str]:
    """hashlib.sha256(behaviour(source)) (16 hex digits) of each (source, filename)."""
    global _known_behaviour
    if _known_behaviour is None:
        try:
            loaded = json.loads(_behaviour_cache_file().read_text(encoding="utf-8"))
            _known_behaviour = {k: v for k, v in loaded.items() if isinstance(v, str)} \
                if isinstance(loaded, dict) and len(loaded) <= _BEHAVIOUR_CACHE_ENTRIES else {}
        except (OSError, ValueError):
            _known_behaviour = {}
    digests, new = [], False
    for source, filename in sources:
        key = hashlib.sha256(source).hexdigest()
        if key not in _known_behaviour:
            _known_behaviour[key] = hashlib.sha256(behaviour(source, filename)).hexdigest()[:16]
            new = True
        digests.append(_known_behaviour[key])
    if new:
        path = _behaviour_cache_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(_known_behaviour), encoding="utf-8")
            os.replace(partial, path)  # whole or not at all, whoever else writes it at the same time
        except OSError:
            pass
    return digests


def _file_hashes(files: list[Path]) -> dict[str, str]:
    """Per file (relative to pipelines/core): a hash of its behaviour (Python) or of its bytes (data)."""
    python = [p for p in files if p.suffix == ".py"]
    hashes = dict(zip(python, _behaviour_hashes([(p.read_bytes(), str(p)) for p in python])))
    return {str(p.relative_to(CORE_DIR)): hashes[p] if p in hashes else hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            for p in files}


def _stage_hashes(*stages: str) -> dict[str, str]:
    """Per stage module (pipelines/stages/<name>.py, keyed 'stages/<name>.py'): a hash of its behaviour."""
    digests = _behaviour_hashes([((STAGES_DIR / f"{name}.py").read_bytes(), f"{name}.py") for name in stages])
    return {f"stages/{name}.py": digest for name, digest in zip(stages, digests)}


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        # spaCy model packages register with dashes or underscores.
        try:
            return metadata.version(name.replace("_", "-"))
        except metadata.PackageNotFoundError:
            return "not installed"


def _version(stage: str, manifest: dict) -> CodeVersion:
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()[:12]
    return CodeVersion(stage, digest, manifest)


@lru_cache(maxsize=8)
def nlp_version(model_name: str, max_chars: int | None = None) -> CodeVersion:
    """Version of the NLP pass: extractor sources (every core module but ingest/cleaning/dedup),
    the speaker ranker weights (a .json among them), the spaCy model and spaCy itself."""
    files = _module_files(None, exclude=INGEST_MODULES + CLEANING_MODULES + STORIES_MODULES + PLUMBING_MODULES)
    manifest = {"files": _file_hashes(files), "model": f"{model_name} {_package_version(model_name)}",
                "spacy": _package_version("spacy")}
    if max_chars is not None:
        manifest["piece_chars"] = max_chars  # long articles are parsed in pieces of this size
    return _version("nlp", manifest)


@lru_cache(maxsize=1)
def cleaning_version() -> CodeVersion:
    """Version of cleaning: the cleaning rules, dedup, version matching, published times, the stage
    modules that apply them in order (repeated lines, versions, duplicates) and the libraries they call."""
    manifest = {"files": _file_hashes(_module_files(CLEANING_MODULES)) | _stage_hashes("cleaning", "cleaning_batch"),
                "trafilatura": _package_version("trafilatura")}
    return _version("cleaning", manifest)


@lru_cache(maxsize=1)
def ingest_version() -> CodeVersion:
    """Version of ingest: decoding and record reading."""
    manifest = {"files": _file_hashes(_module_files(INGEST_MODULES)),
                "charset-normalizer": _package_version("charset-normalizer"), "py3langid": _package_version("py3langid")}
    return _version("ingest", manifest)


@lru_cache(maxsize=1)
def entities_version() -> CodeVersion:
    """Version of entity resolution: pipelines/core/entities and the entities stage (its vote on
    labels, its candidate lookup, the names it takes as a body's: stages/entity_names.py, a father and son
    of one name told apart per article: stages/entity_generations.py) and rapidfuzz."""
    manifest = {"files": _file_hashes(_module_files(ENTITY_MODULES)) | _stage_hashes("entities", "entity_names",
                                                                                   "entity_generations"),
                "rapidfuzz": _package_version("rapidfuzz")}
    return _version("entities", manifest)


@lru_cache(maxsize=1)
def analysis_version() -> CodeVersion:
    """Version of the analysis views (sql/views.sql)."""
    views = CORE_DIR.parent.parent / "sql" / "views.sql"
    return _version("analysis", {"files": {"views.sql": hashlib.sha256(views.read_bytes()).hexdigest()[:16]}})


@lru_cache(maxsize=1)
def stories_version() -> CodeVersion:
    """Version of the stories stage: story assignment, quote clustering and the stage module (date
    claims are resolved from the NLP pass's date candidates, so dates.py is in the NLP version)."""
    manifest = {"files": _file_hashes(_module_files(STORIES_MODULES)) | _stage_hashes("stories")}
    return _version("stories", manifest)


@lru_cache(maxsize=1)
def date_claims_version() -> CodeVersion:
    """Version of the date claims made from the NLP pass's date candidates: core/dates.py (how a
    candidate is resolved), the stage module that picks the reference day, and entity resolution (a
    claim's places and participants are entity ids)."""
    manifest = {"files": _file_hashes(_module_files(("dates",))) | _stage_hashes("date_claims"),
                "entities": entities_version().version}
    return _version("date_claims", manifest)


@lru_cache(maxsize=1)
def quote_clusters_version() -> CodeVersion:
    """Version of quote clustering: the matching rules, the stage module that picks the candidates
    and the words around each quote, and entity resolution (a speaker's key is their entity id)."""
    manifest = {"files": _file_hashes(_module_files(("quote_clusters",))) | _stage_hashes("stories"),
                "entities": entities_version().version}
    return _version("quote_clusters", manifest)
