"""Regenerate each collection's references.json, datasets.json and excluded.json from its spec.py.

Why a script: the chart keys are translated by hand, but written in a short text form
(`point x=wt:Q y=mpg:Q color=cyl:N`) that is easy to check against the expert's code; this
expands them into the JSON format of gallery-dev and records rows, columns and sha256 of each
CSV as it sits in `data/`. It never downloads anything: the CSVs were copied from the source
repositories once (see each collection's README) and are read from disk here.

Usage: python bench/galleries/build.py [collection ...]   (default: every collection)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import runpy
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent

MARKS = ("bar", "line", "point", "tick", "rect", "arc", "boxplot", "text")
CHANNELS = ("x", "y", "color", "size", "shape", "theta", "row", "column")
TYPES = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal"}
AGGREGATES = ("count", "sum", "mean", "median", "min", "max")
TIME_UNITS = ("year", "quarter", "month", "yearmonth", "date", "day", "hours", "yearquarter")
MAX_BYTES = 5_000_000

_CALL = re.compile(r"^(?P<fn>[a-z]+)\((?P<arg>[^()]*)\)$")


class SpecError(ValueError):
    """A chart key in a spec does not parse or names a column the CSV lacks."""


@dataclass(frozen=True)
class Channel:
    """One encoding channel of a chart key, in gallery-dev's shape."""

    field: str | None
    type: str
    aggregate: str | None = None
    bin: bool = False
    time_unit: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "type": self.type,
            "aggregate": self.aggregate,
            "bin": self.bin,
            "timeUnit": self.time_unit,
        }


@dataclass(frozen=True)
class Key:
    """A normalized chart key: mark family, channels, fields on other visual channels."""

    mark: str
    encoding: dict[str, Channel]
    other_fields: list[str] = field(default_factory=list)
    filtered: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "mark": self.mark,
            "encoding": {ch: enc.as_json() for ch, enc in self.encoding.items()},
            "other_fields": list(self.other_fields),
            "filtered": self.filtered,
            "transforms": [],
        }

    def fields(self) -> list[str]:
        out = [c.field for c in self.encoding.values() if c.field is not None]
        return out + list(self.other_fields)


def parse_channel(text: str) -> Channel:
    """`count()`, `mean(pulse):Q`, `bin(price):Q`, `year(date):T` or `name:T`."""
    if text == "count()":
        return Channel(field=None, type="quantitative", aggregate="count")
    body, sep, code = text.rpartition(":")
    if not sep or code not in TYPES:
        raise SpecError(f"channel {text!r}: expected FIELD:TYPE with TYPE one of {sorted(TYPES)}")
    typ = TYPES[code]
    m = _CALL.match(body)
    if m is None:
        return Channel(field=body, type=typ)
    fn, arg = m.group("fn"), m.group("arg")
    if fn == "bin":
        return Channel(field=arg, type=typ, bin=True)
    if fn in AGGREGATES:
        return Channel(field=arg, type=typ, aggregate=fn)
    if fn in TIME_UNITS:
        return Channel(field=arg, type=typ, time_unit=fn)
    raise SpecError(f"channel {text!r}: unknown function {fn!r}")


def parse_key(text: str, *, filtered: bool = False) -> Key:
    """`MARK ch=SPEC ... [other=f1,f2]` -> Key; a channel whose field has spaces is quoted whole
    (`"y=10 Min Sampled Avg:Q"`), so that column names stay exactly as in the CSV."""
    try:
        parts = shlex.split(text)
    except ValueError as exc:
        raise SpecError(f"key {text!r}: {exc}") from exc
    if not parts or parts[0] not in MARKS:
        raise SpecError(f"key {text!r}: mark must be one of {MARKS}")
    encoding: dict[str, Channel] = {}
    other: list[str] = []
    for part in parts[1:]:
        name, sep, spec = part.partition("=")
        if not sep:
            raise SpecError(f"key {text!r}: {part!r} is not CHANNEL=SPEC")
        if name == "other":
            other = spec.split(",")
            continue
        if name not in CHANNELS:
            raise SpecError(f"key {text!r}: unknown channel {name!r}")
        encoding[name] = parse_channel(spec)
    return Key(mark=parts[0], encoding=encoding, other_fields=other, filtered=filtered)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reference(
    example: str, dataset: str, key: str, source: str, commit: str, description: str, notes: str, **extra: Any
) -> dict[str, Any]:
    """One expert chart as a spec.py lists it; build() parses its key. Given to every spec.py as `reference`."""
    return {"example": example, "dataset": dataset, "key": key, "source": source, "commit": commit,
            "description": description, "notes": notes, **extra}


def build(collection: str) -> tuple[int, int]:
    """Write the three JSON files of one collection; return (charts, tables)."""
    folder = ROOT / collection
    spec = runpy.run_path(str(folder / "spec.py"), init_globals={"reference": reference})
    datasets: dict[str, dict[str, Any]] = spec["DATASETS"]
    charts: list[dict[str, Any]] = spec["CHARTS"]
    columns: dict[str, list[str]] = {}
    files: dict[str, dict[str, Any]] = {}
    for name, meta in datasets.items():
        path = folder / "data" / f"{name}.csv"
        if path.stat().st_size > MAX_BYTES:
            raise SpecError(f"{path}: {path.stat().st_size} bytes is over {MAX_BYTES}")
        frame = pd.read_csv(path)
        columns[name] = [str(c) for c in frame.columns]
        files[f"{name}.csv"] = {
            "dataset": name,
            "references": sum(1 for c in charts if c["dataset"] == name),
            "source_bytes": path.stat().st_size,
            "source_sha256": sha256(path),
            "rows": len(frame),
            "columns": columns[name],
            "sampled": None,
            **meta,
        }
    references = []
    for chart in charts:
        name = chart["dataset"]
        if name not in columns:
            raise SpecError(f"{chart['example']}: dataset {name!r} is not in DATASETS")
        key = parse_key(chart["key"], filtered=chart.get("filtered", False))
        missing = [f for f in key.fields() if f not in columns[name]]
        if missing:
            raise SpecError(f"{chart['example']}: {missing} not columns of {name}.csv")
        references.append(
            {
                "example": chart["example"],
                "dataset": name,
                "key": key.as_json(),
                "description": chart["description"],
                "filtered": chart.get("filtered", False),
                "in_gallery": chart.get("in_gallery", True),
                "source": chart["source"],
                "source_commit": chart["commit"],
                "notes": chart["notes"],
            }
        )
    unused = sorted(set(datasets) - {c["dataset"] for c in charts})
    if unused:
        raise SpecError(f"{collection}: tables without a chart: {unused}")
    header = {k: v for k, v in spec.get("PROVENANCE", {}).items()}
    header["max_bytes"] = MAX_BYTES
    header["files"] = files
    _write(folder / "references.json", references)
    _write(folder / "datasets.json", header)
    _write(folder / "excluded.json", spec.get("EXCLUDED", {}))
    readme = folder / "README.md"
    if readme.exists():
        readme.write_text(_with_table(readme.read_text(encoding="utf-8"), references, files), encoding="utf-8")
    return len(references), len(files)


def key_text(key: dict[str, Any]) -> str:
    """Short form of a key for tables, as gallery-dev's README writes it."""
    parts = []
    for ch, enc in key["encoding"].items():
        name = enc["field"] or ""
        if enc["aggregate"]:
            name = f"{enc['aggregate']}({name})"
        elif enc["bin"]:
            name = f"bin({name})"
        elif enc["timeUnit"]:
            name = f"{enc['timeUnit']}({name})"
        parts.append(f"{ch}={name}")
    text = f"{key['mark']}[{', '.join(parts)}]"
    if key["other_fields"]:
        text += f" (other: {', '.join(key['other_fields'])})"
    return text


START, END = "<!-- charts -->", "<!-- /charts -->"


def _with_table(text: str, references: list[dict[str, Any]], files: dict[str, dict[str, Any]]) -> str:
    """Replace the block between the chart markers with a table of every chart."""
    if START not in text or END not in text:
        return text
    lines = [START, "", "| table | rows | example | chart key |", "|---|---|---|---|"]
    for ref in sorted(references, key=lambda r: (r["dataset"], r["example"])):
        rows = files[f"{ref['dataset']}.csv"]["rows"]
        lines.append(f"| {ref['dataset']} | {rows} | {ref['example']} | `{key_text(ref['key'])}` |")
    lines += ["", END]
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + "\n".join(lines) + tail


def _write(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("collections", nargs="*")
    args = parser.parse_args(argv)
    names = args.collections or sorted(p.parent.name for p in ROOT.glob("*/spec.py"))
    for name in names:
        try:
            n_charts, n_tables = build(name)
        except (SpecError, OSError) as exc:
            sys.stderr.write(f"{name}: {exc}\n")
            return 1
        sys.stdout.write(f"{name}: {n_charts} charts over {n_tables} tables\n")
    index = ROOT / "README.md"
    if index.exists():
        index.write_text(_with_summary(index.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


SUMMARY_START, SUMMARY_END = "<!-- tables -->", "<!-- /tables -->"


def _with_summary(text: str) -> str:
    """Replace the block between the table markers with every table and its charts per collection."""
    if SUMMARY_START not in text or SUMMARY_END not in text:
        return text
    per_table: dict[str, dict[str, int]] = {}
    rows: dict[str, int] = {}
    for refs_path in sorted(ROOT.glob("*/references.json")):
        collection = refs_path.parent.name
        files = json.loads((refs_path.parent / "datasets.json").read_text(encoding="utf-8"))["files"]
        for ref in json.loads(refs_path.read_text(encoding="utf-8")):
            counts = per_table.setdefault(ref["dataset"], {})
            counts[collection] = counts.get(collection, 0) + 1
            rows[ref["dataset"]] = files[f"{ref['dataset']}.csv"]["rows"]
    total = sum(sum(c.values()) for c in per_table.values())
    lines = [
        SUMMARY_START,
        "",
        f"{total} charts over {len(per_table)} distinct tables.",
        "",
        "| table | rows | charts by collection |",
        "|---|---|---|",
    ]
    for name in sorted(per_table):
        by = ", ".join(f"{c} {n}" for c, n in sorted(per_table[name].items()))
        lines.append(f"| {name} | {rows[name]} | {by} |")
    lines += ["", SUMMARY_END]
    head, _, rest = text.partition(SUMMARY_START)
    _, _, tail = rest.partition(SUMMARY_END)
    return head + "\n".join(lines) + tail


if __name__ == "__main__":
    raise SystemExit(main())
