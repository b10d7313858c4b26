"""The one way to split a Vega-Lite spec into the unit views it draws.

Cost (draco), ranking, validation and spec repair (lida.repair) and the large-data rewrite in the
sandbox all walk specs; they must agree on what a chart draws, or ranking and cost judge different
charts. The rules, once:

- `layer`: each layer is a unit; the layer node's `encoding` is inherited (a layer's own channel wins).
- `hconcat`, `vconcat`, `concat`: each part is walked on its own; nothing but data is inherited.
- `facet` with `spec`: the inner spec is walked; the facet's row/column definitions (a wrapped facet
  as channel `facet`) are recorded for every unit below.
- `repeat` with `spec`: one copy of the inner spec per repeated value (per combination for
  row/column/layer repeats), with every `{"repeat": "row"}` reference replaced by that value. With
  `expand_repeat=False` the inner spec is walked once, as written (for callers that edit in place).
- `data`: the nearest definition above (or on) the unit; a node with its own data starts over, so
  transforms of nodes above it do not apply to it.
- `transform`: every transform from the data's owner down to the unit, outermost first.

Pure: no imports from draco or lida beyond the error type, so every layer can use it.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from draco.errors import DracoError

COMPOSITES = ("layer", "hconcat", "vconcat", "concat")


class SpecShapeError(DracoError):
    """A spec the walker cannot read in strict mode (a composition that is not a list, a unit without mark)."""


@dataclass(frozen=True)
class Unit:
    """One unit view and what it inherits from the nodes above it."""

    node: dict[str, Any]  # the unit in the walked spec (a substituted copy inside an expanded repeat)
    path: tuple[str | int, ...]  # keys from the root to `node`
    parents: tuple[dict[str, Any], ...]  # the nodes above it, root first
    encoding: dict[str, Any]  # inherited layer encoding merged with its own (a new dict; the values are shared)
    data: Any = None  # the nearest data definition, None when no node on the way defines data
    data_owner: dict[str, Any] | None = None  # the node (a parent or the unit) that defines `data`
    transforms: tuple[dict[str, Any], ...] = ()  # from the data's owner down to the unit, outermost first
    facet: dict[str, Any] = field(default_factory=dict)  # row/column/facet -> field definition, from facets above
    repeat: dict[str, Any] = field(default_factory=dict)  # the repeated values substituted into this copy
    operators: tuple[str, ...] = ()  # the compositions above it, outermost first (layer, facet, repeat...)

    @property
    def mark(self) -> str:
        m = self.node.get("mark")
        return str(m.get("type")) if isinstance(m, dict) else str(m)

    @property
    def view(self) -> dict[str, Any]:
        """The unit as a standalone spec: its keys with the inherited encoding and the facet channels."""
        return {**self.node, "encoding": {**self.encoding, **self.facet}}

    @property
    def facet_fields(self) -> list[str]:
        return [d["field"] for d in self.facet.values() if isinstance(d, dict) and isinstance(d.get("field"), str)]


def walk(spec: dict[str, Any], *, expand_repeat: bool = True, strict: bool = False) -> Iterator[Unit]:
    """The unit views of `spec` in document order. Lenient by default: parts that are not specs are
    skipped; with `strict=True` they raise SpecShapeError (a DracoError) naming the problem."""
    if not isinstance(spec, dict):
        if strict:
            raise SpecShapeError("a spec must be an object")
        return
    yield from _walk(spec, _Context(), expand_repeat, strict)


@dataclass(frozen=True)
class _Context:
    path: tuple[str | int, ...] = ()
    parents: tuple[dict[str, Any], ...] = ()
    encoding: dict[str, Any] = field(default_factory=dict)
    data: Any = None
    data_owner: dict[str, Any] | None = None
    transforms: tuple[dict[str, Any], ...] = ()
    facet: dict[str, Any] = field(default_factory=dict)
    repeat: dict[str, Any] = field(default_factory=dict)
    operators: tuple[str, ...] = ()

    def below(self, node: dict[str, Any], keys: tuple[str | int, ...], operator: str, **changes: Any) -> _Context:
        """The context of a child of `node`, reached through `keys` (e.g. ("layer", 0))."""
        return replace(
            self, path=(*self.path, *keys), parents=(*self.parents, node), operators=(*self.operators, operator), **changes
        )


def _walk(node: dict[str, Any], ctx: _Context, expand_repeat: bool, strict: bool) -> Iterator[Unit]:
    if "data" in node:
        ctx = replace(ctx, data=node["data"], data_owner=node, transforms=())
    own = node.get("transform")
    if isinstance(own, list):
        ctx = replace(ctx, transforms=(*ctx.transforms, *(t for t in own if isinstance(t, dict))))
    inner = node.get("spec")
    if "repeat" in node and inner is not None:
        if not isinstance(inner, dict):
            if strict:
                raise SpecShapeError("repeat needs a spec object")
            return
        if not expand_repeat:
            yield from _walk(inner, ctx.below(node, ("spec",), "repeat"), expand_repeat, strict)
            return
        for binding in _repeat_bindings(node["repeat"], strict):
            copy_ = _substitute(copy.deepcopy(inner), binding)
            sub = ctx.below(node, ("spec",), "repeat", repeat={**ctx.repeat, **binding})
            yield from _walk(copy_, sub, expand_repeat, strict)
        return
    if "facet" in node and inner is not None:
        fac = node["facet"]
        if not isinstance(fac, dict) or not isinstance(inner, dict):
            if strict:
                raise SpecShapeError("facet must be an object" if not isinstance(fac, dict) else "facet needs a spec object")
            return
        defs = {k: v for k, v in fac.items() if k in ("row", "column")} if ("row" in fac or "column" in fac) else {"facet": fac}
        yield from _walk(inner, ctx.below(node, ("spec",), "facet", facet={**ctx.facet, **defs}), expand_repeat, strict)
        return
    keys = [k for k in COMPOSITES if k in node]
    if keys:
        for key in keys:
            parts = node[key]
            if not isinstance(parts, list):
                if strict:
                    raise SpecShapeError(f"{key} must be a list of specs")
                continue
            shared = node.get("encoding") if key == "layer" and isinstance(node.get("encoding"), dict) else {}
            encoding = {**ctx.encoding, **shared} if shared else ctx.encoding
            for i, part in enumerate(parts):
                if not isinstance(part, dict):
                    if strict:
                        raise SpecShapeError(f"{key} item must be an object")
                    continue
                yield from _walk(part, ctx.below(node, (key, i), key, encoding=encoding), expand_repeat, strict)
        return
    if isinstance(inner, dict):  # a `spec` without facet or repeat is not Vega-Lite; read it anyway
        yield from _walk(inner, ctx.below(node, ("spec",), "spec"), expand_repeat, strict)
        return
    if "mark" not in node:
        if strict:
            raise SpecShapeError("spec has no mark")
        return
    own_enc = node.get("encoding")
    encoding = {**ctx.encoding, **own_enc} if isinstance(own_enc, dict) else dict(ctx.encoding)
    yield Unit(
        node=node,
        path=ctx.path,
        parents=ctx.parents,
        encoding=encoding,
        data=ctx.data,
        data_owner=ctx.data_owner,
        transforms=ctx.transforms,
        facet=dict(ctx.facet),
        repeat=dict(ctx.repeat),
        operators=ctx.operators,
    )


def _repeat_bindings(rep: Any, strict: bool) -> Iterator[dict[str, Any]]:
    """{"repeat": v} per value of a list repeat; every row/column/layer combination of an object repeat."""
    if isinstance(rep, list):
        axes: dict[str, list[Any]] = {"repeat": rep}
    elif isinstance(rep, dict):
        axes = {k: v for k, v in rep.items() if isinstance(v, list)}
    else:
        if strict:
            raise SpecShapeError("repeat must be a list or an object")
        return
    keys = list(axes)
    for combo in itertools.product(*(axes[k] for k in keys)):
        yield dict(zip(keys, combo, strict=True))


def _substitute(node: Any, binding: dict[str, Any]) -> Any:
    """`{"repeat": "row"}` references replaced by the bound value, anywhere in the spec."""
    if isinstance(node, dict):
        if set(node) == {"repeat"} and node["repeat"] in binding:
            return binding[node["repeat"]]
        return {k: _substitute(v, binding) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute(v, binding) for v in node]
    return node
