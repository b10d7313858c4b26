"""Human preference pairs in the Draco 1 training format: load and check them, nothing else.

A pair says: for this data and task, people did better with `positive` than with `negative`.
Loading is strict so that a malformed file fails with one clear line instead of a silent skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from draco.errors import DracoError
from draco.tasks import TASKS

#: The pair files shipped in draco/data, in the order `draco learn` reads them by default (then the studies).
BUNDLED_PAIR_FILES: tuple[str, ...] = ("kim2018.json", "saket2018.json")
#: Sources of those files: always trained on, never left out in the leave-one-study-out check.
BASE_SOURCES: tuple[str, ...] = ("kim2018", "saket2018")
#: Sources that are a check only, never training data (the hand-written pairs): held-out runs drop them.
CHECK_SOURCES: tuple[str, ...] = ("handwritten",)
#: Our own pairs from outside Kim's design space: a check, never training data by default.
HANDWRITTEN_PAIR_FILE = "handwritten_pairs.json"



class PairsError(DracoError):
    """A preference-pair file that cannot be read or does not follow the Draco 1 training format."""


@dataclass(frozen=True)
class PairField:
    """One column of the pair's data, described as Draco 1 did (no values, only statistics)."""

    name: str
    type: str  # string, number, boolean, datetime
    cardinality: int | None = None
    entropy: float | None = None
    interesting: bool | None = None
    min: float | None = None  # data range, when the pair's finding depends on it (e.g. values crossing zero)
    max: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        if self.cardinality is not None:
            out["cardinality"] = self.cardinality
        if self.entropy is not None:
            out["entropy"] = self.entropy
        if self.interesting is not None:
            out["interesting"] = self.interesting
        return out


@dataclass(frozen=True)
class PreferencePair:
    """`positive` is the better chart, `negative` the worse one, for the same data and task."""

    source: str  # the file's `source`, e.g. kim2018
    index: int  # position in that file, to name a pair in reports
    task: str  # one of draco.tasks.TASKS
    num_rows: int
    fields: tuple[PairField, ...]
    negative: dict[str, Any]
    positive: dict[str, Any]
    pvalue: float | None = None

    @property
    def key(self) -> str:
        return f"{self.source}#{self.index}"

    def fields_as_dicts(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self.fields]


def bundled_path(name: str) -> Path:
    """Path of a file shipped in draco/data (works from a wheel or an editable install)."""
    return Path(str(resources.files("draco") / "data" / name))


def bundled_pair_paths() -> list[Path]:
    """Kim, Saket, then one file per graphical-perception study (draco/data/studies, draco.learn.studies)."""
    from draco.learn.studies import STUDIES

    base = [bundled_path(n) for n in BUNDLED_PAIR_FILES]
    return base + [bundled_path(f"studies/{s.source}.json") for s in STUDIES]


def load_pairs(paths: Iterable[str | Path]) -> list[PreferencePair]:
    """Every pair of every file, in file order. Raises PairsError naming the file and item at fault."""
    pairs: list[PreferencePair] = []
    for path in paths:
        pairs.extend(load_pair_file(path))
    return pairs


def load_pair_file(path: str | Path) -> list[PreferencePair]:
    p = Path(path)
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PairsError(f"{p}: no such pair file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PairsError(f"{p}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise PairsError(f"{p}: not JSON: {exc.msg} at line {exc.lineno}") from exc
    return parse_pairs(raw, origin=str(p))


def parse_pairs(raw: Any, origin: str = "<pairs>") -> list[PreferencePair]:
    """Pairs from an already-decoded document: {"source": str, "data": [item, ...]}."""
    if not isinstance(raw, dict) or not isinstance(raw.get("data"), list):
        raise PairsError(f"{origin}: expected an object with a 'data' list of pairs")
    source = raw.get("source")
    if not isinstance(source, str) or not source:
        raise PairsError(f"{origin}: missing the 'source' name")
    return [_parse_item(item, source, i, origin) for i, item in enumerate(raw["data"])]


def _parse_item(item: Any, source: str, index: int, origin: str) -> PreferencePair:
    where = f"{origin}: item {index}"
    if not isinstance(item, dict):
        raise PairsError(f"{where}: not an object")
    for key in ("fields", "negative", "positive"):
        if key not in item:
            raise PairsError(f"{where}: missing '{key}'")
    task = item.get("task", "summary")
    if task not in TASKS:
        raise PairsError(f"{where}: task {task!r} is not one of {', '.join(TASKS)}")
    fields = item["fields"]
    if not isinstance(fields, list) or not fields:
        raise PairsError(f"{where}: 'fields' must be a non-empty list")
    parsed_fields = tuple(_parse_field(f, f"{where}, field {j}") for j, f in enumerate(fields))
    num_rows = item.get("num_rows")
    if num_rows is None:
        cards = [f.cardinality for f in parsed_fields if f.cardinality is not None]
        num_rows = max(cards) if cards else 1
    if not isinstance(num_rows, int | float) or isinstance(num_rows, bool) or num_rows < 1:
        raise PairsError(f"{where}: 'num_rows' must be a positive number")
    names = {f.name for f in parsed_fields}
    for side in ("negative", "positive"):
        _check_spec(item[side], names, f"{where}, {side}")
    pvalue = item.get("pvalue")
    return PreferencePair(
        source=source,
        index=index,
        task=task,
        num_rows=int(num_rows),
        fields=parsed_fields,
        negative=item["negative"],
        positive=item["positive"],
        pvalue=float(pvalue) if isinstance(pvalue, int | float) else None,
    )


def _parse_field(raw: Any, where: str) -> PairField:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("name"), str)
        or not isinstance(raw.get("type"), str)
    ):
        raise PairsError(f"{where}: a field needs a string 'name' and 'type'")
    card = raw.get("cardinality")
    entropy = raw.get("entropy")
    interesting = raw.get("interesting")
    if card is not None and (not isinstance(card, int | float) or card < 0):
        raise PairsError(f"{where}: 'cardinality' must be a non-negative number")
    if entropy is not None and not isinstance(entropy, int | float):
        raise PairsError(f"{where}: 'entropy' must be a number")
    if interesting is not None and not isinstance(interesting, bool):
        raise PairsError(f"{where}: 'interesting' must be true or false")
    bounds = {k: raw.get(k) for k in ("min", "max")}
    for k, v in bounds.items():
        if v is not None and (not isinstance(v, int | float) or isinstance(v, bool)):
            raise PairsError(f"{where}: '{k}' must be a number")
    return PairField(
        name=raw["name"],
        type=raw["type"],
        cardinality=int(card) if card is not None else None,
        entropy=float(entropy) if entropy is not None else None,
        interesting=interesting,
        min=float(bounds["min"]) if bounds["min"] is not None else None,
        max=float(bounds["max"]) if bounds["max"] is not None else None,
    )


def _check_spec(spec: Any, names: set[str], where: str) -> None:
    if not isinstance(spec, dict) or not isinstance(spec.get("mark"), str | dict):
        raise PairsError(f"{where}: a spec needs a 'mark'")
    enc = spec.get("encoding", {})
    if not isinstance(enc, dict):
        raise PairsError(f"{where}: 'encoding' must be an object")
    for channel, e in enc.items():
        if not isinstance(e, dict):
            raise PairsError(f"{where}: encoding '{channel}' must be an object")
        fld = e.get("field")
        if fld is not None and fld not in names:
            raise PairsError(f"{where}: encoding '{channel}' uses unknown field {fld!r}")


def sources(pairs: Sequence[PreferencePair]) -> list[str]:
    """Distinct sources in first-seen order, for per-source reports."""
    return list(dict.fromkeys(p.source for p in pairs))
