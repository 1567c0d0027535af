"""Provenance of every number in a scenario file and its includes (`khasan sources`).

A number is tagged by the nearest `source:` string of a mapping above it, or by the entry for
its field in that mapping's `sources:` map. A tag cites keys of the bibliography
(`scenarios/common/sources.yaml`) as `[KEY]` or `[KEY, locator]`, or begins with `est:` and a
reason. See docs/sources.md. Headless: reads YAML only, never builds the game.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.core.errors import ScenarioError
from game.engine.checker import got
from game.engine.scenario import MAX_INCLUDE_DEPTH, load_raw
from game.engine.yamlio import read_yaml

BIBLIOGRAPHY = Path("common") / "sources.yaml"
CITATION_RE = re.compile(r"\[([A-Za-z][A-Za-z0-9_]*)(?:,[^\]]*)?\]")
# Numbers that are file structure, not data: the format version at the top of every file.
EXEMPT_PATHS = frozenset({"format"})
STATUSES = ("cited", "estimated", "untagged", "unresolved")


@dataclass(frozen=True, slots=True)
class Number:
    file: str
    path: str
    value: int | float
    tag: str | None
    status: str


@dataclass(frozen=True, slots=True)
class Provenance:
    scenario: str
    bibliography: str
    sources: dict[str, str]  # key -> full reference
    numbers: tuple[Number, ...]

    def count(self, status: str) -> int:
        return sum(1 for n in self.numbers if n.status == status)

    def unresolved_tags(self) -> list[str]:
        return sorted({str(n.tag) for n in self.numbers if n.status == "unresolved"})

    def ok(self) -> bool:
        return not any(n.status in ("untagged", "unresolved") for n in self.numbers)

    def summary(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "numbers": len(self.numbers),
            "cited": self.count("cited"),
            "estimated": self.count("estimated"),
            "untagged": self.count("untagged"),
            "unresolved": self.unresolved_tags(),
            "untagged_at": [f"{n.file}: {n.path}" for n in self.numbers if n.status == "untagged"],
            "sources": [{"key": k, "reference": v} for k, v in sorted(self.sources.items())],
            "provenance": [{"file": n.file, "path": n.path, "value": n.value, "tag": n.tag, "status": n.status}
                           for n in self.numbers],
        }


def find_bibliography(scenario: Path) -> Path:
    """`common/sources.yaml` beside the scenario or in the nearest folder above it, else the shipped one."""
    from game.paths import scenarios_dir

    for folder in (scenario.resolve().parent, *scenario.resolve().parents):
        for candidate in (folder / BIBLIOGRAPHY, folder / "sources.yaml"):
            if candidate.is_file() and candidate.resolve() != scenario.resolve():
                return candidate
    shipped = scenarios_dir() / BIBLIOGRAPHY
    if shipped.is_file():
        return shipped
    raise ScenarioError([f"{scenario}: sources: no bibliography ({BIBLIOGRAPHY}) beside or above the file"])


def read_bibliography(path: Path) -> dict[str, str]:
    data, problems = read_yaml(path, str(path))
    if problems:
        raise ScenarioError(problems)
    entries = data.get("bibliography") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ScenarioError([f"{path}: bibliography: expected a mapping of KEY: {{reference: ...}}"])
    out: dict[str, str] = {}
    bad = []
    for key, entry in entries.items():
        ref = entry.get("reference") if isinstance(entry, dict) else None
        if not (isinstance(key, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", key)):
            bad.append(f"{path}: bibliography.{key}: a key is letters, digits and _")
        elif not isinstance(ref, str) or not ref.strip():
            bad.append(f"{path}: bibliography.{key}.reference: expected the full reference as text")
        else:
            out[key] = ref.strip()
    if bad:
        raise ScenarioError(bad)
    return out


def classify(tag: str | None, keys: dict[str, str]) -> str:
    if tag is None:
        return "untagged"
    cited = CITATION_RE.findall(tag)
    if any(k not in keys for k in cited):
        return "unresolved"
    if cited:
        return "cited"
    return "estimated" if tag.strip().lower().startswith("est:") else "unresolved"


def scenario_files(path: Path) -> list[Path]:
    """The file and its includes, depth first, each once (the loader has already checked them)."""
    out: list[Path] = []

    def visit(p: Path, depth: int) -> None:
        if p in out or depth > MAX_INCLUDE_DEPTH:
            return
        out.append(p)
        data, _ = read_yaml(p, str(p))
        for inc in (data or {}).get("include", []) if isinstance(data, dict) else []:
            visit((p.parent / str(inc)).resolve(), depth + 1)

    visit(path.resolve(), 0)
    return out


def _join(path: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def walk(node: Any, path: str, tag: str | None, found: list[tuple[str, int | float, str | None]],
         bad: list[tuple[str, str]] | None = None) -> None:
    """Collect (path, number, nearest tag) for every number under `node`, and into `bad` (path,
    what) every tag that is not one: a `source:` that is not a string, a `sources:` that is not a
    mapping of strings (such a tag tags nothing; a number in it is no figure)."""
    if isinstance(node, dict):
        if bad is not None:
            _bad_tags(node, path, bad)
        here = node["source"] if isinstance(node.get("source"), str) else tag
        fields = node["sources"] if isinstance(node.get("sources"), dict) else {}
        for k, v in node.items():
            if k in ("source", "sources"):
                continue
            own = fields.get(k)
            walk(v, _join(path, k), own if isinstance(own, str) else here, found, bad)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, _join(path, i), tag, found, bad)
    elif isinstance(node, int | float) and not isinstance(node, bool) and path not in EXEMPT_PATHS:
        found.append((path, node, tag))


def _bad_tags(node: dict[Any, Any], path: str, bad: list[tuple[str, str]]) -> None:
    expected = "expected a tag string ('[KEY, locator]' or 'est: reason'), got"
    if "source" in node and not isinstance(node["source"], str):
        bad.append((_join(path, "source"), f"{expected} {got(node['source'])}"))
    fields = node.get("sources")
    if "sources" in node and not isinstance(fields, dict):
        bad.append((_join(path, "sources"), f"expected a mapping of field: tag string, got {got(fields)}"))
    for k, v in fields.items() if isinstance(fields, dict) else ():
        if not isinstance(v, str):
            bad.append((f"{_join(path, 'sources')}.{k}", f"{expected} {got(v)}"))


def provenance(scenario: str | Path, bibliography: str | Path | None = None) -> Provenance:
    """Every number of a scenario and its includes with its tag; raises ScenarioError on bad input."""
    path = Path(scenario)
    load_raw(path)  # bad YAML, bad includes: one line each, exit 2 upstream
    bib = Path(bibliography) if bibliography is not None else find_bibliography(path)
    keys = read_bibliography(bib)
    numbers: list[Number] = []
    not_tags: list[str] = []
    base = path.resolve().parent
    for f in scenario_files(path):
        data, problems = read_yaml(f, str(f))
        if problems:
            raise ScenarioError(problems)
        label = str(f.relative_to(base)) if f.is_relative_to(base) else str(f)
        found: list[tuple[str, int | float, str | None]] = []
        bad: list[tuple[str, str]] = []
        walk(data, "", None, found, bad)
        named = str(path.parent / label) if f.is_relative_to(base) else str(f)  # as `khasan validate` names it
        not_tags.extend(f"{named}: {where}: {what}" for where, what in bad)
        numbers.extend(Number(label, p, v, t, classify(t, keys)) for p, v, t in found)
    if not_tags:
        raise ScenarioError(not_tags)
    return Provenance(str(scenario), str(bib), keys, tuple(numbers))


def render(prov: Provenance, show_all: bool = False) -> str:
    """A readable report: counts per file, citations per key, then every problem."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    buf = StringIO()
    console = Console(file=buf, width=120, highlight=False, markup=False)
    files = Table(title=f"Provenance of the numbers in {prov.scenario}")
    for col in ("file", "numbers", *STATUSES):
        files.add_column(col, justify="left" if col == "file" else "right")
    for f in dict.fromkeys(n.file for n in prov.numbers):
        mine = [n for n in prov.numbers if n.file == f]
        files.add_row(f, str(len(mine)), *(str(sum(1 for n in mine if n.status == s)) for s in STATUSES))
    files.add_row("all", str(len(prov.numbers)), *(str(prov.count(s)) for s in STATUSES))
    console.print(files)
    used: dict[str, int] = {}
    for n in prov.numbers:
        for key in CITATION_RE.findall(n.tag or ""):
            used[key] = used.get(key, 0) + 1
    keys = Table(title=f"Sources cited ({prov.bibliography})")
    keys.add_column("key")
    keys.add_column("numbers", justify="right")
    keys.add_column("reference")
    for key, ref in sorted(prov.sources.items()):
        keys.add_row(key, str(used.get(key, 0)), ref)
    console.print(keys)
    if show_all:
        for n in prov.numbers:
            console.print(f"{n.file}: {n.path} = {n.value}  [{n.status}] {n.tag or ''}")
    for n in prov.numbers:
        if n.status == "untagged":
            console.print(f"{n.file}: {n.path}: {n.value} has no source tag")
        elif n.status == "unresolved":
            console.print(f"{n.file}: {n.path}: tag does not resolve: {n.tag}")
    console.print("ok: every number is cited or estimated" if prov.ok() else
                  f"{prov.count('untagged')} untagged numbers, {len(prov.unresolved_tags())} unresolved tags")
    return buf.getvalue()


def run(scenario: str, as_json: bool = False, show_all: bool = False) -> int:
    """`khasan sources`: 0 if every number is tagged and every tag resolves, 1 otherwise."""
    import json

    prov = provenance(scenario)
    if as_json:
        print(json.dumps(prov.summary(), sort_keys=True, ensure_ascii=False))
    else:
        print(render(prov, show_all), end="")
    return 0 if prov.ok() else 1
