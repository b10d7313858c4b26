"""Readable Altair code from a completed Vega-Lite spec: the code a person would write for that chart.

The spec decides *what* is drawn (mark, fields, types, aggregates, bins, time units); this module adds
what a careful person adds by hand: titles, tooltips, sorting, sizes, a top-N filter for long category
lists, integer years turned into dates, and pre-aggregation in pandas for tables too big to embed.
"""

from __future__ import annotations

import keyword
import math
import re
from dataclasses import dataclass
from typing import Any

from lida.errors import LidaError
from lida.model import Goal
from lida.offline.fields import MAX_CATEGORIES, TOP_N, humanize, is_year_int
from summarizer.model import Summary

#: Above this many rows plot() reduces the table in pandas first (Altair refuses to embed more by default).
MAX_EMBED_ROWS = 5000
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*$")
_CHANNEL_CLASS = {
    "x": "X", "y": "Y", "x2": "X2", "y2": "Y2", "color": "Color", "size": "Size", "shape": "Shape",
    "opacity": "Opacity", "theta": "Theta", "text": "Text", "row": "Row", "column": "Column",
    "detail": "Detail", "radius": "Radius", "strokeDash": "StrokeDash",
}
_TYPE_CODE = {"quantitative": "Q", "nominal": "N", "ordinal": "O", "temporal": "T"}
_AGG_WORD = {
    "mean": "Average", "average": "Average", "sum": "Total", "median": "Median", "min": "Minimum",
    "max": "Maximum", "stdev": "Std. dev. of", "distinct": "Distinct", "variance": "Variance of",
}
_PANDAS_AGG = {"mean": "mean", "average": "mean", "sum": "sum", "median": "median", "min": "min", "max": "max"}
_MARKS = ("point", "circle", "square", "tick", "bar", "line", "area", "rect", "text", "rule", "arc", "boxplot",
          "trail")
_FLOOR = {  # time units whose values pandas can floor in place, keeping the Vega-Lite timeUnit valid
    "year": 'dt.to_period("Y").dt.to_timestamp()',
    "yearmonth": 'dt.to_period("M").dt.to_timestamp()',
    "yearmonthdate": 'dt.floor("D")',
    "yearmonthdatehours": 'dt.floor("h")',
}
_CYCLIC = {  # cyclic units: pandas maps every value onto one reference year, Vega-Lite extracts the part
    "month": 'dt.month.map(lambda m: pd.Timestamp(2000, m, 1))',
    "hours": 'dt.hour.map(lambda h: pd.Timestamp(2000, 1, 1, h))',
    "day": 'dt.dayofweek.map(lambda d: pd.Timestamp(2000, 1, 3 + d))',
}
_TIME_FORMAT = {
    "year": "%Y", "yearmonth": "%b %Y", "month": "%b", "yearmonthdate": "%b %d, %Y", "date": "%d",
    "hours": "%H:00", "yearmonthdatehours": "%b %d %H:00", "day": "%a",
}


def escape_field(name: str) -> str:
    """A Vega-Lite field reference for a flat column name: '.', '[', ']', quotes and backslashes escaped."""
    return re.sub(r"([.\[\]\\'\"])", r"\\\1", name)


def _channel_fields(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    enc = spec.get("encoding") or {}
    return [(ch, e) for ch, e in enc.items() if isinstance(e, dict)]


def mark_of(spec: dict[str, Any]) -> str:
    m = spec.get("mark")
    if isinstance(m, dict):
        m = m.get("type")
    if not isinstance(m, str) or m not in _MARKS:
        raise LidaError(f"cannot write code for mark {m!r}")
    return m


@dataclass
class _Enc:
    channel: str
    field: str | None
    type: str
    aggregate: str | None = None
    bin: Any = None
    time_unit: str | None = None
    scale: dict[str, Any] | None = None
    sort: Any = None
    stack: Any = None
    legend_off: bool = False

    @property
    def discrete(self) -> bool:
        return self.type in ("nominal", "ordinal") or (bool(self.bin) and self.channel not in ("x", "y"))


def _parse(spec: dict[str, Any]) -> list[_Enc]:
    out = []
    for ch, e in _channel_fields(spec):
        if ch == "tooltip":
            continue
        agg = e.get("aggregate")
        field = e.get("field")
        if field is None and agg is None:
            continue
        out.append(_Enc(ch, field, e.get("type", "quantitative" if agg == "count" else "nominal"), agg,
                        e.get("bin"), e.get("timeUnit"), e.get("scale"), e.get("sort"), e.get("stack"),
                        "legend" in e and e["legend"] is None))
    return out


def _title(e: _Enc, count_title: str) -> str:
    if e.aggregate == "count" or e.field is None:
        return count_title
    name = humanize(e.field)
    if e.aggregate in _AGG_WORD:
        return f"{_AGG_WORD[e.aggregate]} {name}"
    if e.aggregate:
        return f"{e.aggregate.capitalize()} of {name}"
    if e.time_unit in ("month", "hours", "day"):
        return {"month": "Month", "hours": "Hour of day", "day": "Day of week"}[e.time_unit]
    return name


def _py(value: Any) -> str:
    """A Python literal, double-quoted strings (ruff/black style)."""
    if isinstance(value, str):
        r = repr(value)
        if r.startswith("'") and '"' not in value:
            r = '"' + r[1:-1].replace("\\'", "'") + '"'
        return r
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    return repr(value)


def _num_str(v: Any) -> Any:
    """A filter value for a text column: 4.0 read from the words is the text "4"."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v if isinstance(v, str) else str(v)


def _nice_step(lo: float, hi: float, maxbins: int) -> float:
    """Vega-Lite's bin step rule in short: a 1, 2 or 5 times a power of ten, at most `maxbins` bins."""
    span = hi - lo
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / maxbins
    p = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * p >= raw:
            return float(m * p)
    return float(10 * p)


class _Writer:
    """Builds plot()'s body for one spec."""

    def __init__(self, spec: dict[str, Any], summary: Summary, goal: Goal | None, title: str | None):
        self.spec = spec
        self.summary = summary
        self.goal = goal
        self.mark = mark_of(spec)
        self.encs = _parse(spec)
        if not self.encs:
            raise LidaError("cannot write code for a chart without encodings")
        names = set(summary.field_names)
        for e in self.encs:
            if e.field is not None and e.field not in names:
                raise LidaError(f"chart uses field {e.field!r}, which is not in {summary.name or 'the data'}")
        self.title = title if title is not None else (goal.question if goal is not None else None)
        self.prep: list[str] = []
        self.count_field: str | None = None  # set when counts were computed in pandas
        self.binned: dict[str, float] = {}  # field -> bin step applied in pandas
        self.renamed: dict[str, str] = {}  # derived column -> the data column it comes from
        self.year_numbers: set[str] = set()  # integer years plotted as numbers

    # ---- data preparation --------------------------------------------------------------------
    def _used_fields(self) -> list[str]:
        seen: list[str] = []
        for e in self.encs:
            if e.field is not None and e.field not in seen:
                seen.append(e.field)
        return seen

    def _prepare_types(self) -> None:
        for name in self._used_fields():
            f = self.summary.field(name)
            temporal_use = any(e.field == name and (e.type == "temporal" or e.time_unit) for e in self.encs)
            if not temporal_use:
                continue
            if is_year_int(f) and f.numeric is not None and f.numeric.min < 1678:
                # before pandas' datetime range: plot years as plain numbers without thousands separators
                for e in self.encs:
                    if e.field == name:
                        e.type, e.time_unit = "quantitative", None
                        self.year_numbers.add(name)
            elif is_year_int(f):
                self.prep.append(f"data[{_py(name)}] = pd.to_datetime(data[{_py(name)}], format=\"%Y\")"
                                 "  # integer years -> dates")
            elif "datetime" not in f.dtype:
                self.prep.append(f"data[{_py(name)}] = pd.to_datetime(data[{_py(name)}], errors=\"coerce\")")

    def _filters(self) -> None:
        """The goal's row filters ("only AAPL", "in 2008", "4 cylinders") as pandas lines, before anything else."""
        filters = self.goal.intent.filters if self.goal is not None else ()
        ops = {"eq": "==", "neq": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
        for f in filters:
            name, op, value = f.get("field"), f.get("op"), f.get("value")
            if name not in self.summary.field_names:
                raise LidaError(f"filter on {name!r}, which is not in {self.summary.name or 'the data'}")
            fs = self.summary.field(str(name))
            col = f"data[{_py(name)}]"
            values = value if isinstance(value, list) else [value]
            if "datetime" in fs.dtype and all(isinstance(v, (int, float)) for v in values):
                col += ".dt.year"  # a bare number on a date column is a year
                values = [int(v) for v in values if isinstance(v, (int, float))]
            elif fs.numeric is not None:
                values = [int(v) if isinstance(v, float) and v.is_integer() and fs.dtype.startswith("int") else v
                          for v in values]
            elif "datetime" not in fs.dtype:
                values = [_num_str(v) for v in values]
            if op == "in" or (op == "eq" and len(values) > 1):
                cond = f"{col}.isin({_py(values)})"
            elif op == "neq" and len(values) > 1:
                cond = f"~{col}.isin({_py(values)})"
            elif op == "range" and len(values) == 2:
                cond = f"{col}.between({_py(values[0])}, {_py(values[1])})"
            elif op in ops and len(values) == 1:
                cond = f"{col} {ops[str(op)]} {_py(values[0])}"
            else:
                raise LidaError(f"cannot write the filter {f!r}")
            self.prep.append(f"data = data[{cond}]")

    def _paints(self, e: _Enc) -> bool:
        """A colour channel whose field holds colours: the marks take them as they are (scale null)."""
        from lida.explore.stats import colour_field  # lida.explore.stats imports lida.offline: not at the top

        return e.channel == "color" and e.field is not None and e.field in self.summary.field_names \
            and e.type == "nominal" and colour_field(self.summary.field(e.field))

    def _css_colours(self, name: str) -> None:
        """Colour names with shade numbers (R's gray47, tan3) are no CSS colours: greys become their level's
        hex code, other names their base colour, so the browser can paint every mark."""
        f = self.summary.field(name)
        if not any(re.search(r"\d$", str(v).strip()) for v in [*f.samples, *(t.value for t in f.top_values)]):
            return
        col = _py(name)
        self.prep.append(f"data[{col}] = data[{col}].astype(str).str.strip().str.lower()"
                         f".str.replace(r\"^gr[ae]y(\\d+)$\", lambda m: \"#\" + f\"{{round(int(m.group(1)) * 2.55):02x}}\" * 3, regex=True)"
                         f".str.replace(r\"(?<=[a-z])\\s*\\d+$\", \"\", regex=True)  # shade numbers: base colours")

    def _top_n(self) -> None:
        limit = self.goal.intent.top_n if self.goal is not None else None
        for e in self.encs:
            if e.field is None or e.type not in ("nominal", "ordinal") or e.channel not in ("x", "y", "color"):
                continue
            if self._paints(e):  # every colour is drawn: they are not categories to keep the largest of
                self._css_colours(e.field or "")
                continue
            if e.time_unit or e.bin:
                continue
            card = self.summary.field(e.field).unique
            n = limit or (TOP_N if card > MAX_CATEGORIES else None)
            if n is None or card <= n:
                continue
            measure = next((o for o in self.encs if o.aggregate and o.aggregate != "count" and o.field), None)
            # raw bars (one row per label) stack their values: the largest labels are those with the longest bars
            raw = next((o for o in self.encs if self.mark == "bar" and o.channel in ("x", "y") and o.field
                        and o.field != e.field and o.type == "quantitative" and not o.aggregate and not o.bin), None)
            col = _py(e.field)
            if measure is not None and measure.aggregate in _PANDAS_AGG:
                how = _PANDAS_AGG[measure.aggregate]
                self.prep.append(
                    f"top = data.groupby({col})[{_py(measure.field)}].{how}().nlargest({n}).index"
                    f"  # keep the {n} largest {e.field}"
                )
            elif measure is None and raw is not None:
                self.prep.append(f"top = data.groupby({col})[{_py(raw.field)}].sum().nlargest({n}).index"
                                 f"  # keep the {n} largest {e.field}")
            else:
                self.prep.append(f"top = data[{col}].value_counts().nlargest({n}).index"
                                 f"  # keep the {n} most common {e.field}")
            self.prep.append(f"data = data[data[{col}].isin(top)]")
            if self.title and "top" not in self.title.lower():
                self.title = f"{self.title} (top {n})"
            return

    def _reduce(self) -> None:
        """Big tables: aggregate (or sample) in pandas so the chart embeds few rows."""
        if self.summary.rows <= MAX_EMBED_ROWS:
            return
        aggs = [e for e in self.encs if e.aggregate]
        keys = [e for e in self.encs if not e.aggregate]
        reducible = aggs and all(
            e.field is not None and e.aggregate in (*_PANDAS_AGG, "count") for e in aggs
        ) and all(
            e.field is not None and (e.time_unit is None or e.time_unit in _FLOOR or e.time_unit in _CYCLIC)
            for e in keys
        )
        if not reducible or self.mark == "boxplot":
            self.prep.append(f"if len(data) > {MAX_EMBED_ROWS}:  # a sample keeps the chart light")
            self.prep.append(f"    data = data.sample({MAX_EMBED_ROWS}, random_state=0)")
            return
        names = set(self.summary.field_names)
        for e in keys:
            assert e.field is not None
            src = _py(e.field)
            if sum(1 for k in keys if k.field == e.field) > 1 and e.time_unit:
                # one column used twice (month x hour): each use gets its own derived column
                new = f"{e.field}_{e.time_unit}"
                while new in names:
                    new += "_"
                names.add(new)
                self.renamed[new] = e.field
                e.field = new
            col = _py(e.field)
            if e.time_unit in _FLOOR:
                self.prep.append(f"data[{col}] = data[{src}].{_FLOOR[e.time_unit]}")
            elif e.time_unit in _CYCLIC:
                self.prep.append(f"data[{col}] = data[{src}].{_CYCLIC[e.time_unit]}")
            elif e.bin:
                f = self.summary.field(e.field)
                maxbins = e.bin.get("maxbins", 10) if isinstance(e.bin, dict) else 10
                lo, hi = (f.numeric.min, f.numeric.max) if f.numeric else (0.0, 1.0)
                given = e.bin.get("step") if isinstance(e.bin, dict) else None
                step = float(given) if given else _nice_step(lo, hi, int(maxbins))
                step_txt = repr(int(step)) if float(step).is_integer() else repr(step)
                self.prep.append(f"data[{col}] = (data[{col}] // {step_txt}) * {step_txt}  # bin in pandas")
                self.binned[e.field] = step
        group = _py([e.field for e in keys])
        measures = [e for e in aggs if e.aggregate != "count"]
        counts = [e for e in aggs if e.aggregate == "count"]
        named: dict[str, tuple[str, str]] = {}
        for e in measures:
            assert e.field is not None
            named[e.field] = (e.field, _PANDAS_AGG[e.aggregate or "mean"])
        if counts:
            self.count_field = "records"
            while self.count_field in names:
                self.count_field = "_" + self.count_field
            named[self.count_field] = (str(keys[0].field), "size")
        if all(k.isidentifier() and not keyword.iskeyword(k) for k in named):
            parts = ", ".join(f"{k}=({_py(a)}, {_py(b)})" for k, (a, b) in named.items())
        else:
            parts = "**{" + ", ".join(f"{_py(k)}: ({_py(a)}, {_py(b)})" for k, (a, b) in named.items()) + "}"
        self.prep.append(f"data = data.groupby({group}, as_index=False).agg({parts})")

    # ---- encodings ---------------------------------------------------------------------------
    def _sort_for(self, e: _Enc) -> str | None:
        """Bars of nominal categories read best sorted by their value; ordinal and time keep their order."""
        if e.sort is not None:
            if isinstance(e.sort, str):
                return _py(e.sort)
            return None
        if self.mark not in ("bar", "point", "circle", "tick", "square") or e.type != "nominal":
            return None
        if e.channel not in ("x", "y"):
            return None
        other = "x" if e.channel == "y" else "y"
        o = next((x for x in self.encs if x.channel == other), None)
        if o is None or not o.aggregate:
            return None
        return _py(f"-{other}")

    def _bin_arg(self, e: _Enc) -> str:
        """The bin= argument of a binned encoding; the axis and the tooltip must bin alike."""
        if e.field in self.binned:
            return f"bin=alt.Bin(step={self.binned[e.field]!r})"
        if isinstance(e.bin, dict) and e.bin.get("maxbins"):
            return f"bin=alt.Bin(maxbins={int(e.bin['maxbins'])})"
        return "bin=True"

    def _enc_code(self, e: _Enc) -> str:
        cls = _CHANNEL_CLASS.get(e.channel)
        if cls is None:
            raise LidaError(f"cannot write code for channel {e.channel!r}")
        count_title = "Number of records"
        field, agg, typ = e.field, e.aggregate, e.type
        if agg == "count" and self.count_field is not None:
            field, agg = self.count_field, "sum"
        title = _title(e, count_title)
        kwargs: list[str] = []
        if agg == "count" and field is None:
            head = '"count()"'
        elif field is not None and _PLAIN.match(field) and not field.endswith(" "):
            inner = f"{agg}({field})" if agg else field
            head = _py(f"{inner}:{_TYPE_CODE[typ]}")
        else:
            head = ""
            kwargs.append(f"field={_py(escape_field(field or ''))}")
            if agg:
                kwargs.append(f"aggregate={_py(agg)}")
        if not head:
            kwargs.append(f"type={_py(typ)}")
        if head == '"count()"':
            head = '"count():Q"'
        if e.time_unit:
            kwargs.append(f"timeUnit={_py(e.time_unit)}")
        if e.bin:
            kwargs.append(self._bin_arg(e))
        scale = dict(e.scale or {})
        # raw values, and lines of any measure, fit the axis to the data so changes stay visible
        raw_axis = e.channel in ("x", "y") and typ == "quantitative" and not e.bin and (
            not agg or (self.mark == "line" and agg != "count"))
        if raw_axis and "zero" not in scale and self.mark in ("point", "circle", "square", "line", "tick", "boxplot"):
            scale["zero"] = False
        scale_args = []
        if scale.get("type") and scale["type"] != "linear":
            scale_args.append(f"type={_py(scale['type'])}")
        if "zero" in scale and scale["zero"] is not None:
            scale_args.append(f"zero={scale['zero']!r}")
        if scale_args:
            kwargs.append(f"scale=alt.Scale({', '.join(scale_args)})")
        sort = self._sort_for(e)
        if sort:
            kwargs.append(f"sort={sort}")
        if e.stack is not None and e.channel in ("x", "y", "theta"):
            kwargs.append(f"stack={_py(e.stack)}")
        if self._paints(e):
            kwargs.append("scale=None")
        if (e.legend_off or self._paints(e)) and e.channel in ("color", "size", "shape", "opacity"):
            kwargs.append("legend=None")
        if e.channel in ("row", "column"):
            kwargs.append(f"header=alt.Header(title={_py(title)})")
        else:
            kwargs.append(f"title={_py(title)}")
        fmt = self._axis_format(e)
        if fmt:
            kwargs.append(fmt)
        if e.channel == "color" and typ == "quantitative":
            kwargs.append('scale=alt.Scale(scheme="viridis")' if not scale_args else "")
        args = ", ".join(a for a in [head, *kwargs] if a)
        return f"alt.{cls}({args})"

    def _axis_format(self, e: _Enc) -> str:
        if e.channel in ("x", "y") and e.field in self.year_numbers:
            return 'axis=alt.Axis(format="d")'
        if e.channel not in ("x", "y") or not e.time_unit:
            return ""
        fmt = _TIME_FORMAT.get(e.time_unit)
        if fmt is None:
            return ""
        extra = ", labelAngle=0" if e.channel == "x" and e.type == "ordinal" else ""
        return f"axis=alt.Axis(format={_py(fmt)}{extra})"

    def _tooltip(self) -> list[str]:
        tips = []
        for e in self.encs:
            if e.channel in ("row", "column") and e.type != "quantitative":
                continue
            field, agg = e.field, e.aggregate
            if agg == "count" and self.count_field is not None:
                field, agg = self.count_field, "sum"
            title = _title(e, "Number of records")
            args: list[str] = []
            if agg == "count" and field is None:
                args.append('"count():Q"')
            else:
                args.append(f"field={_py(escape_field(field or ''))}")
                if agg:
                    args.append(f"aggregate={_py(agg)}")
                args.append(f"type={_py(e.type)}")
            if e.time_unit:
                args.append(f"timeUnit={_py(e.time_unit)}")
            if e.bin:
                args.append(self._bin_arg(e))
            args.append(f"title={_py(title)}")
            if e.field in self.year_numbers:
                args.append('format="d"')
            elif e.type == "quantitative" and not e.bin:
                src = self.renamed.get(e.field or "", e.field)
                f = self.summary.field(src) if src and src in self.summary.field_names else None
                integral = f is not None and f.numeric is not None and f.numeric.max.is_integer() and \
                    f.numeric.min.is_integer() and agg not in ("mean", "median", "stdev")
                counted = agg == "count" or (field is not None and field == self.count_field)
                args.append('format=",d"' if (counted or integral) else 'format=",.2f"')
            if e.type == "temporal" and e.time_unit in _TIME_FORMAT:
                args.append(f"format={_py(_TIME_FORMAT[e.time_unit])}")
            tips.append(f"alt.Tooltip({', '.join(args)})")
        return tips

    # ---- the whole function ------------------------------------------------------------------
    def _mark_code(self) -> str:
        props: dict[str, Any] = {}
        raw = self.spec.get("mark")
        if isinstance(raw, dict):
            props = {k: v for k, v in raw.items() if k not in ("type", "tooltip")}
        if self.mark == "arc" and self.goal is not None and self.goal.intent.donut and "innerRadius" not in props:
            props["innerRadius"] = 60
        if self.mark in ("line",) and "point" not in props and self._x_points() <= 60:
            props["point"] = True
        if self.mark in ("point", "circle") and "opacity" not in props and self.summary.rows > 300:
            props["opacity"] = 0.6
        if self.mark == "boxplot" and "extent" not in props:
            props["extent"] = 1.5
        args = ", ".join(f"{k}={_py(v)}" for k, v in props.items())
        return f".mark_{self.mark}({args})"

    def _x_points(self) -> int:
        x = next((e for e in self.encs if e.channel == "x"), None)
        if x is None or x.field is None:
            return 0
        f = self.summary.field(self.renamed.get(x.field, x.field))
        if x.time_unit == "year" and f.temporal is not None:
            return int(f.temporal.max[:4]) - int(f.temporal.min[:4]) + 1 if f.temporal.max[:4].isdigit() else 100
        if x.time_unit in ("month", "hours", "day"):
            return {"month": 12, "hours": 24, "day": 7}[x.time_unit]
        return f.unique if not x.time_unit else 100

    def _size(self) -> str:
        x = next((e for e in self.encs if e.channel == "x"), None)
        y = next((e for e in self.encs if e.channel == "y"), None)
        facet = any(e.channel in ("row", "column") for e in self.encs)
        props = []
        if self.mark == "arc":
            return ".properties(width=300, height=300)"
        if x is None or not x.discrete or x.bin:
            props.append(f"width={220 if facet else 480}")
        if y is None or not y.discrete or y.bin:
            props.append(f"height={200 if facet else 300}")
        return f".properties({', '.join(props)})" if props else ""

    def write(self) -> str:
        self._filters()
        self._prepare_types()
        self._top_n()
        self._reduce()
        body: list[str] = []
        if self.prep:
            body.append("data = data.copy()")
            body.extend(self.prep)
        enc_lines = [f"{e.channel}={self._enc_code(e)}," for e in self.encs]
        tips = self._tooltip()
        if self.mark != "boxplot" and tips:
            enc_lines.append("tooltip=[")
            enc_lines.extend(f"    {t}," for t in tips)
            enc_lines.append("],")
        title = f", title={_py(self.title)}" if self.title else ""
        chain = [f"alt.Chart(data{title})", self._mark_code(), ".encode("]
        chain.extend(f"    {line}" for line in enc_lines)
        chain.append(")")
        size = self._size()
        if size:
            chain.append(size)
        body.append("chart = (")
        body.extend(f"    {c}" for c in chain)
        body.append(")")
        body.append("return chart")
        lines = ["import altair as alt", "import pandas as pd", "", "", "def plot(data: pd.DataFrame) -> alt.Chart:"]
        lines.extend(f"    {b}" for b in body)
        return "\n".join(lines) + "\n"


def short_title(question: str, limit: int = 70) -> str:
    """Chart titles stay on one line: long questions are cut at a word boundary."""
    q = question.strip()
    if len(q) <= limit:
        return q
    cut = q[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def write_code(spec: dict[str, Any], summary: Summary, goal: Goal | None = None, title: str | None = None) -> str:
    """plot() source for a Vega-Lite spec (without data) over the summarized table."""
    if title is None and isinstance(spec.get("title"), str):
        title = spec["title"]
    if title is None and goal is not None:
        title = short_title(goal.question)
    return _Writer(spec, summary, goal, title).write()
