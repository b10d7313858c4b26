"""Statistics that say whether a chart has something to show, measured once per table.

Computed on a fixed-seed sample of the cleaned frame (at most SAMPLE_ROWS rows), over the fields
lida.offline.fields deems chartable: relation strength of measure pairs, effect size of a category on
a measure, trend strength over time, distribution shape, share concentration, uniform counts
(designed experiments), and whether a category splits a measure into separate levels.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lida.offline.fields import Role, Roles, roles
from summarizer.model import FieldSummary, Summary
from summarizer.semantics import name_tokens

SAMPLE_ROWS = 5000
SEED = 0
#: A category whose groups explain this share of a measure's variance holds separate levels of it.
SPLIT_ETA2 = 0.5
#: Coefficient of variation of group counts under which counts are "uniform" (a designed table).
UNIFORM_CV = 0.1
MAX_PAIR_MEASURES = 8
MAX_GROUP_CATEGORIES = 8
MAX_GROUP_CARDINALITY = 60
#: An evenly spaced axis with at most this many steps also groups rows (a grid's rows and columns).
MAX_STEPS = 200
#: An unsorted evenly spaced field is a grid axis only with this many steps (run 1..20 is a factor).
MIN_GRID_STEPS = 25
#: Measures ranked together this tightly are twins (carat and the diamond's x, y, z): charting price
#: against one or the other asks the same question. Not in tables with a time axis, where any two
#: measures that grow over time rank together without being copies (population and spending).
TWIN_RELATION = 0.95
#: Effect sizes (eta squared) are measured on this many measures, beyond the pairs' MAX_PAIR_MEASURES.
MAX_EFFECT_MEASURES = 30
#: Integer measures with this many steps may be a value grid's axes (season x episode).
MIN_GRID_AXIS = 3
MAX_GRID_AXIS = 40
#: Distinct times a table of events needs, and the spread of the gaps between them (std over mean) above
#: which the times are irregular events rather than a series' regular steps.
MIN_EVENTS = 20
IRREGULAR_CV = 1.0
#: A series whose most common gap makes up this share of all gaps steps regularly, whatever its breaks.
REGULAR_STEP_SHARE = 0.5


@dataclass(frozen=True)
class FieldStats:
    """One chartable field's shape. Unused numbers stay at their neutral value (0)."""

    name: str
    role: str  # measure, category, time, geo
    cardinality: int
    order: float  # position among the table's columns, 0 (first) to 1 (last)
    quality: float  # lida.offline.fields score
    skew: float = 0.0
    outliers: float = 0.0  # share beyond 1.5 IQR
    bimodal: float = 0.0  # bimodality coefficient above the uniform's 5/9, clipped to [0, 1]
    max_share: float = 0.0  # the largest category's share of the rows
    evenness: float = 0.0  # entropy of the counts over its maximum (1: all equally common)
    uniform: bool = False  # every category has (about) the same number of rows
    label: bool = False  # one row per value: bar labels, not groups
    ordered: bool = False  # a numeric field with few steps (time points, doses): a line's x
    tally: bool = False  # a measure of non-negative whole numbers (people, vehicles): its totals mean something


@dataclass
class TableStats:
    """Per-field and per-pair statistics of one table; lookups return 0 for pairs never measured."""

    rows: int
    roles: Roles
    fields: dict[str, FieldStats]
    corr: dict[frozenset[str], tuple[float, float]] = field(default_factory=dict)  # pearson, spearman
    eta2: dict[tuple[str, str], float] = field(default_factory=dict)  # (category, measure)
    trend: dict[tuple[str, str], float] = field(default_factory=dict)  # (time, measure): R^2 of a smooth fit
    cross_uniform: dict[frozenset[str], bool] = field(default_factory=dict)  # two categories' cells
    series: dict[tuple[str, str], bool] = field(default_factory=dict)  # (time, category): one value per cell
    twins: dict[str, str] = field(default_factory=dict)  # measure -> the first measure it is a twin of
    keyed: dict[frozenset[str], bool] = field(default_factory=dict)  # fields with one row per value combination
    ids: frozenset[str] = frozenset()  # integer keys of units or rows (subject, PID): never measures
    time_key: str | None = None  # a time field with about one row per value (or per value and series)
    derived: frozenset[tuple[str, str]] = frozenset()  # (fine, coarse): coarse is a rounding of fine (decade of year)
    binary: frozenset[str] = frozenset()  # 0/1 outcomes (survived): a measure's relation to them is a strip
    grid_axes: tuple[str, ...] = ()  # small integer measures (season, episode): a value grid's rows and columns
    palette: str | None = None  # a column whose values are colours ("#a1b2c3", "steelblue"): the colour itself
    events: bool = False  # the first time field marks irregular events, not a series: points, not a line
    cycles: dict[tuple[str, str, str], float] = field(default_factory=dict)  # (time, unit, measure): eta^2 of
    # the month of the year ("month"), the hour of the day ("hours") or the weekday and hour ("dayhours") on
    # the measure: a season, a daily cycle, a weekly rhythm

    def role(self, name: str | None) -> str:
        f = self.fields.get(name or "")
        return f.role if f is not None else ("count" if name is None else "other")

    def relation(self, a: str, b: str) -> float:
        """Strength of the monotone relation: the larger of |pearson| and |spearman|."""
        p, s = self.corr.get(frozenset((a, b)), (0.0, 0.0))
        return max(abs(p), abs(s))

    def rho(self, a: str, b: str) -> float:
        return self.corr.get(frozenset((a, b)), (0.0, 0.0))[1]

    def effect(self, category: str, measure: str) -> float:
        return self.eta2.get((category, measure), 0.0)

    def trend_strength(self, time: str, measure: str) -> float:
        return self.trend.get((time, measure), 0.0)

    def twin(self, name: str) -> str:
        """The representative of the measure's twins (itself when it has none)."""
        return self.twins.get(name, name)

    def one_per(self, names: tuple[str, ...]) -> bool:
        """Whether these fields together key the rows (one row per value combination): a line along
        them draws the values themselves, with nothing to average."""
        return self.keyed.get(frozenset(names), False)

    def splits(self, measure: str) -> list[str]:
        """Categories that hold separate levels of `measure`: pooling them mixes different things."""
        return [c for (c, m), v in self.eta2.items() if m == measure and v >= SPLIT_ETA2
                and self.fields[c].cardinality <= 12 and not self.fields[c].label]


def _numeric(s: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(s):
        out = s.astype("int64").to_numpy(dtype=float)
        out[s.isna().to_numpy()] = np.nan
        return out
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _shape(x: np.ndarray) -> tuple[float, float, float]:
    """Skewness, outlier share (beyond 1.5 IQR) and a 0-1 bimodality score."""
    x = x[np.isfinite(x)]
    n = x.size
    if n < 8 or float(np.std(x)) == 0.0:
        return 0.0, 0.0, 0.0
    z = (x - x.mean()) / x.std()
    skew = float(np.mean(z**3))
    kurt = float(np.mean(z**4)) - 3.0
    q1, q3 = np.percentile(x, [25, 75])
    iqr = q3 - q1
    outliers = float(np.mean((x < q1 - 1.5 * iqr) | (x > q3 + 1.5 * iqr))) if iqr > 0 else 0.0
    bc = (skew**2 + 1) / (kurt + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
    return skew, outliers, float(np.clip((bc - 5 / 9) / (4 / 9), 0.0, 1.0))


def _eta2(codes: np.ndarray, y: np.ndarray) -> float:
    ok = np.isfinite(y) & (codes >= 0)
    if ok.sum() < 4:
        return 0.0
    c, v = codes[ok], y[ok]
    total = float(np.sum((v - v.mean()) ** 2))
    if total == 0.0:
        return 0.0
    counts = np.bincount(c)
    sums = np.bincount(c, weights=v)
    nz = counts > 0
    means = sums[nz] / counts[nz]
    between = float(np.sum(counts[nz] * (means - v.mean()) ** 2))
    # small groups explain variance by chance: adjust like omega^2 (k-1 degrees of freedom)
    k = int(nz.sum())
    n = v.size
    if n > k:
        between -= (k - 1) * (total - between) / (n - k)
    return float(np.clip(between / total, 0.0, 1.0))


def _trend(t: np.ndarray, y: np.ndarray) -> float:
    """How much of a measure's movement over time a smooth curve explains (R^2), on per-time means."""
    ok = np.isfinite(t) & np.isfinite(y)
    if ok.sum() < 6:
        return 0.0
    frame = pd.DataFrame({"t": t[ok], "y": y[ok]}).groupby("t", sort=True)["y"].mean()
    if frame.size > 200:  # bin time into 200 steps so noise per step averages out like a chart's
        bins = pd.cut(frame.index.to_numpy(), 200, labels=False)
        frame = frame.groupby(bins).mean()
    v = frame.to_numpy(dtype=float)
    if v.size < 4 or float(np.var(v)) == 0.0:
        return 0.0
    window = max(3, v.size // 8) | 1
    smooth = pd.Series(v).rolling(window, center=True, min_periods=1).mean().to_numpy()
    r2 = 1.0 - float(np.var(v - smooth)) / float(np.var(v))
    # a smooth fit of few points always looks good: shrink toward 0 with the number of points
    return float(np.clip(r2, 0.0, 1.0)) * (1.0 - 1.0 / math.sqrt(v.size))


def _steps(full: pd.Series, cardinality: int) -> bool:
    """A numeric axis the rows are measured along: evenly spaced values that are either sorted in the
    table's own order (distance along a route) or repeat equally often (a grid). Such a field is a
    line's or a grid's x, not a quantity to average or compare."""
    if cardinality < 5 or not pd.api.types.is_numeric_dtype(full):
        return False
    v = full.dropna()
    if v.size < 8:
        return False
    values = np.unique(v.to_numpy(dtype=float))
    if values.size < 5:
        return False
    gaps = np.diff(values)
    step = float(np.median(gaps))
    if step <= 0 or float(np.mean(np.abs(gaps - step) <= 0.02 * step)) < 0.9:
        return False
    if v.is_monotonic_increasing or v.is_monotonic_decreasing:
        return True
    counts = v.value_counts().to_numpy()  # a grid fine enough to stand for a continuous axis, not a factor's levels
    return counts.size >= MIN_GRID_STEPS and float(np.std(counts) / np.mean(counts)) < UNIFORM_CV and counts.min() >= 2


def _counts_cv(codes: np.ndarray) -> float:
    counts = np.bincount(codes[codes >= 0])
    counts = counts[counts > 0]
    return float(np.std(counts) / np.mean(counts)) if counts.size > 1 else 1.0


ORDERED_NAME = re.compile(r"time|step|point|dose|age|hour|day|week|month|lag|trial|epoch|session|iter", re.I)


#: Tables up to this many rows with nothing but an id to tell rows apart get bars labelled by the id.
MAX_ID_LABEL_ROWS = 30
_INDEX_NAME = re.compile(r"^(unnamed: ?\d+|index|id|row|rownum|row_id|idx)$", re.I)
#: Name words of a key that identifies a unit (a subject, a participant) rather than measuring it.
ID_WORDS = frozenset({"id", "pid", "uid", "key", "index", "idx", "subject", "subj", "participant", "respondent",
                      "patient", "serial", "case"})
#: Name words that identify a row only when every row has its own value ("number_in_series").
ROW_WORDS = frozenset({"number", "num", "no", "nr", "seq", "sequence"})


def is_id(f: FieldSummary, rows: int) -> bool:
    """An integer column that names units instead of measuring them: a key word in its name and unique
    or consecutive values (subject 1..20, PID), or a row number (unique, consecutive from 0 or 1).
    Its mean, histogram or relation to anything says nothing."""
    num = f.numeric
    if num is None or not (float(num.min).is_integer() and float(num.max).is_integer()):
        return False
    present = rows - f.missing
    if present < 8 or f.unique < 3:
        return False
    consecutive = int(num.max - num.min) + 1 == f.unique
    toks = name_tokens(f.name)
    if toks & ID_WORDS and (f.unique >= 0.9 * present or consecutive):
        return True
    return f.unique >= present and bool(toks & ROW_WORDS or (consecutive and num.min in (0, 1) and present >= 20))


def _derived(names: list[str], num: dict[str, np.ndarray], fields: dict[str, FieldStats]
             ) -> frozenset[tuple[str, str]]:
    """Pairs (fine, coarse) where coarse is a monotone rounding of fine (decade of year): plotting one
    against the other shows nothing but the rounding."""
    out = set()
    for a in names:
        for b in names:
            if a == b or not 2 <= fields[b].cardinality <= fields[a].cardinality / 2:
                continue
            x, y = num[a], num[b]
            ok = np.isfinite(x) & np.isfinite(y)
            if ok.sum() < 8:
                continue
            pair = pd.DataFrame({"a": x[ok], "b": y[ok]})
            if int(pair.groupby("a")["b"].nunique().max()) <= 1 and abs(pair["a"].corr(pair["b"], method="spearman")) >= 0.95:
                out.add((a, b))
    return frozenset(out)


def _binary(sample: pd.DataFrame, rs: Roles, num: dict[str, np.ndarray]) -> list[str]:
    """Two-valued fields coded 0/1 (survived, inmetro): outcomes whose rate a category or a measure moves.
    Their numeric values join `num` so effect sizes can be measured on them."""
    out = []
    for r in [*rs.categories, *rs.measures]:
        if r.cardinality != 2 or r.name not in sample.columns:
            continue
        v = pd.to_numeric(sample[r.name], errors="coerce") if not pd.api.types.is_bool_dtype(sample[r.name]) \
            else None
        if v is None or v.isna().mean() > 0.5 or set(v.dropna().unique().tolist()) != {0, 1}:
            continue
        num.setdefault(r.name, v.to_numpy(dtype=float))
        out.append(r.name)
    return out


def _grid_axes(sample: pd.DataFrame, rs: Roles, fields: dict[str, FieldStats]) -> list[str]:
    """Small integer measures with a few dozen steps (season, episode number, row and column of a plate):
    two of them that key the rows lay the table out as a grid of values."""
    out = []
    for r in rs.measures:
        f = fields.get(r.name)
        if f is None or not MIN_GRID_AXIS <= r.cardinality <= MAX_GRID_AXIS or r.name not in sample.columns:
            continue
        v = pd.to_numeric(sample[r.name], errors="coerce").dropna().to_numpy(dtype=float)
        if v.size and bool(np.all(v == np.round(v))) and float(v.max() - v.min()) + 1 <= 2 * r.cardinality:
            out.append(r.name)
    return out[:4]


_HEX = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$")
#: The CSS/X11 colour names (the R and matplotlib palettes add digits and "grey"): written out once here.
_COLOUR_WORDS = """
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood
cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray
darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue
firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray grey green greenyellow honeydew
hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrod lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue
lightslateblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon
mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen
mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy navyblue oldlace olive
olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink
plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna
silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet
violetred wheat white whitesmoke yellow yellowgreen
"""
COLOUR_NAMES = frozenset(_COLOUR_WORDS.split())


def colour_values(values: Iterable[object]) -> bool:
    """Whether nearly all (90%) of these distinct values are colours: hex codes ("#a1b2c3") or colour
    names with an optional shade number ("steelblue", "gray47")."""
    seen = {str(v).strip().lower() for v in values if v is not None and str(v).strip()}
    if len(seen) < 2:
        return False
    ok = sum(1 for v in seen if _HEX.match(v) or re.sub(r"[\s\d]+$", "", v).replace(" ", "") in COLOUR_NAMES)
    return ok >= 0.9 * len(seen)


def colour_field(f: FieldSummary) -> bool:
    """A text field of colours, judged from its summary's sample and most common values: a chart paints
    the marks with them (scale null) instead of treating hundreds of colours as categories."""
    return f.numeric is None and colour_values([*f.samples, *(t.value for t in f.top_values)])


def _palette(sample: pd.DataFrame, summary: Summary) -> str | None:
    """The first text column whose values are nearly all colours."""
    for f in summary.fields:
        if f.numeric is not None or f.name not in sample.columns or f.unique < 2:
            continue
        if colour_values(sample[f.name].dropna().drop_duplicates().head(300).tolist()):
            return f.name
    return None


def _irregular(rs: Roles, num: dict[str, np.ndarray]) -> bool:
    """Whether the first time field marks events at irregular moments (IPOs, quakes) rather than a
    series: the gaps between distinct times vary as much as they average, and no regular step makes up
    most of them (a weekly show with summer breaks is a series with gaps, not events)."""
    if not rs.times or rs.times[0].name not in num:
        return False
    t = np.unique(num[rs.times[0].name][np.isfinite(num[rs.times[0].name])])
    if t.size < MIN_EVENTS:
        return False
    gaps = np.diff(t)
    if float(np.mean(gaps)) <= 0 or float(np.std(gaps) / np.mean(gaps)) <= IRREGULAR_CV:
        return False
    _, counts = np.unique(np.round(gaps / float(np.min(gaps[gaps > 0])), 3), return_counts=True)
    return float(counts.max()) / gaps.size < REGULAR_STEP_SHARE


def _cycles(sample: pd.DataFrame, rs: Roles, measures: list[str], num: dict[str, np.ndarray]
            ) -> dict[tuple[str, str, str], float]:
    """How much of each measure the month of the year (over at least two years) or the hour of the day
    (over at least two days) explains: a seasonal or daily cycle is a question of its own."""
    out: dict[tuple[str, str, str], float] = {}
    for t in rs.times[:1]:
        if t.name not in sample.columns or not pd.api.types.is_datetime64_any_dtype(sample[t.name]):
            continue
        ts = sample[t.name]
        span = ts.max() - ts.min()
        if pd.isna(span):
            continue
        units = []
        if span >= pd.Timedelta(days=2 * 365) and ts.dt.day.nunique() > 1:  # finer than months
            units.append(("month", ts.dt.month))
        if span >= pd.Timedelta(days=2) and ts.dt.hour.nunique() > 1:
            units.append(("hours", ts.dt.hour))
            if span >= pd.Timedelta(days=14):  # the week's rhythm: each weekday and hour a cell
                units.append(("dayhours", ts.dt.dayofweek * 24 + ts.dt.hour))
        for unit, part in units:
            codes = part.fillna(-1).to_numpy(dtype=np.int64)
            codes[codes >= 0] -= int(codes[codes >= 0].min()) if (codes >= 0).any() else 0
            for m in measures:
                if m in num:
                    out[(t.name, unit, m)] = _eta2(codes, num[m])
    return out


def _ids(summary: Summary) -> frozenset[str]:
    return frozenset(f.name for f in summary.fields if is_id(f, summary.rows) or _INDEX_NAME.match(f.name.strip()))


def _chartable(rs: Roles, summary: Summary) -> Roles:
    """Roles without row numbers and ids the summarizer took for measures, plus one label column
    (one distinct name per row, e.g. a state code) on small tables, which bars can be labelled by."""
    ids = _ids(summary)

    def keep(r: Role) -> bool:
        return r.name not in ids

    cats = [r for r in rs.categories if keep(r)]
    if not any(r.label for r in cats) and summary.rows <= 100:
        for f in summary.fields:
            if f.vl_type == "nominal" and f.numeric is None and f.unique == summary.rows - f.missing \
                    and f.unique >= 2 and not _INDEX_NAME.match(f.name):
                cats.append(Role(f.name, "category", "nominal", 0.3, cardinality=f.unique, label=True))
                break
    if not cats and not rs.times and summary.rows <= MAX_ID_LABEL_ROWS:
        # a few rows told apart only by their id (id, value): the id labels the bars ("value by id")
        for f in summary.fields:
            if (f.semantic_type == "id" or _INDEX_NAME.match(f.name.strip())) and f.unique == summary.rows - f.missing >= 2:
                cats.append(Role(f.name, "category", "nominal", 0.3, cardinality=f.unique, label=True))
                break
    return Roles([r for r in rs.measures if keep(r)], cats, [r for r in rs.times if keep(r)], rs.geo)


def table_stats(frame: pd.DataFrame, summary: Summary, role_set: Roles | None = None) -> TableStats:
    """All statistics of one table, from a fixed-seed sample of at most SAMPLE_ROWS rows."""
    rs = _chartable(role_set if role_set is not None else roles(summary), summary)
    sample = frame.sample(SAMPLE_ROWS, random_state=SEED) if len(frame) > SAMPLE_ROWS else frame
    order = {f.name: i / max(1, len(summary.fields) - 1) for i, f in enumerate(summary.fields)}
    n = len(sample)
    fields: dict[str, FieldStats] = {}
    num: dict[str, np.ndarray] = {}
    codes: dict[str, np.ndarray] = {}

    def add(r: Role) -> None:
        if r.name not in sample.columns:
            return
        col = sample[r.name]
        base = dict(name=r.name, role=r.kind, cardinality=r.cardinality, order=order.get(r.name, 1.0),
                    quality=r.score, label=r.label)
        if r.kind in ("measure", "geo", "time"):
            num[r.name] = _numeric(col)
        if r.kind == "measure":
            sk, out, bi = _shape(num[r.name])
            ordered = (r.cardinality <= 100 and bool(ORDERED_NAME.search(r.name))) or bool(_steps(frame[r.name], r.cardinality))
            v = num[r.name][np.isfinite(num[r.name])]
            tally = bool(v.size) and float(v.min()) >= 0 and float(v.max()) > 1 and bool(np.all(v == np.round(v)))
            fields[r.name] = FieldStats(**base, skew=sk, outliers=out, bimodal=bi, ordered=ordered,  # type: ignore[arg-type]
                                        tally=tally)
            if r.cardinality <= 12 or (ordered and r.cardinality <= MAX_STEPS):  # sizes, doses, grid steps
                codes[r.name] = pd.factorize(col, use_na_sentinel=True)[0]
            return
        if r.kind in ("category", "time"):
            c = pd.factorize(col, use_na_sentinel=True)[0]
            codes[r.name] = c
            counts = np.bincount(c[c >= 0]) if (c >= 0).any() else np.zeros(1)
            share = counts / max(1, counts.sum())
            nz = share[share > 0]
            even = float(-(nz * np.log(nz)).sum() / math.log(nz.size)) if nz.size > 1 else 0.0
            fields[r.name] = FieldStats(**base, max_share=float(share.max()), evenness=even,  # type: ignore[arg-type]
                                        uniform=_counts_cv(c) < UNIFORM_CV)
            return
        fields[r.name] = FieldStats(**base)  # type: ignore[arg-type]

    for r in (*rs.measures, *rs.categories, *rs.times, *rs.geo):
        add(r)
    stats = TableStats(rows=summary.rows, roles=rs, fields=fields, ids=_ids(summary))
    if n == 0:
        return stats

    stats.binary = frozenset(_binary(sample, rs, num))
    stats.grid_axes = tuple(_grid_axes(sample, rs, fields))
    stats.palette = _palette(sample, summary)
    stats.events = _irregular(rs, num)
    measures = [m.name for m in rs.measures[:MAX_PAIR_MEASURES] if m.name in num]
    # effect sizes reach past the pair measures: a wide table's 13th measure may be the one a category splits
    targets = [m.name for m in rs.measures[:MAX_EFFECT_MEASURES] if m.name in num] + sorted(stats.binary)
    if len(measures) >= 2:
        block = pd.DataFrame({m: num[m] for m in measures})
        pearson = block.corr(method="pearson", min_periods=8).fillna(0.0)
        spearman = block.rank().corr(method="pearson", min_periods=8).fillna(0.0)
        for i, a in enumerate(measures):
            for b in measures[i + 1:]:
                stats.corr[frozenset((a, b))] = (float(pearson.loc[a, b]), float(spearman.loc[a, b]))
        for i, a in enumerate(measures):
            for b in measures[i + 1:]:
                if b not in stats.twins and stats.relation(a, b) >= TWIN_RELATION and not rs.times:
                    stats.twins[b] = stats.twin(a)

    groups = [c.name for c in [*rs.categories, *rs.times, *rs.measures]
              if c.name in codes and (c.cardinality <= MAX_GROUP_CARDINALITY or fields[c.name].ordered)
              ][:MAX_GROUP_CATEGORIES + 4]
    for c in groups:
        for m in targets:
            if m != c:
                stats.eta2[(c, m)] = _eta2(codes[c], num[m])

    stats.cycles = _cycles(sample, rs, targets[:MAX_PAIR_MEASURES], num)
    stats.derived = _derived([t.name for t in rs.times[:2] if t.name in num] + measures, num, fields)
    for tname in [t.name for t in rs.times[:2] if t.name in num]:
        for m in measures:
            stats.trend[(tname, m)] = _trend(num[tname], num[m])
        for cat in rs.categories[:MAX_GROUP_CATEGORIES]:
            if cat.name in codes and 2 <= cat.cardinality <= 30:
                # a series category is present at (nearly) every time: stock symbols, not the day's weather
                cells = pd.Series(codes[cat.name]).groupby(pd.Series(num[tname])).nunique()
                stats.series[(tname, cat.name)] = bool(cells.mean() >= 0.8 * min(cat.cardinality, 30))

    for trole in rs.times[:1]:
        per_time = stats.rows / max(1, trole.cardinality)
        series_cards = [fields[c].cardinality for (tt, c), v in stats.series.items() if tt == trole.name and v]
        if per_time <= 1.2 or (series_cards and per_time <= 1.2 * min(series_cards)):
            stats.time_key = trole.name

    axes = [f.name for f in fields.values() if f.ordered or (f.role in ("category", "time")
                                                             and f.cardinality <= MAX_GROUP_CARDINALITY)][:16]
    series = [c.name for c in rs.categories if 2 <= c.cardinality <= 30 and not c.label][:MAX_GROUP_CATEGORIES]
    steps = [f.name for f in fields.values() if f.ordered][:4]
    axes += [a for a in stats.grid_axes if a not in axes]
    steps += [a for a in stats.grid_axes if a not in steps]
    for x in axes:
        for extra in ((), *((c,) for c in [*series, *steps] if c != x)):
            keys = [x, *extra]
            stats.keyed[frozenset(keys)] = not bool(sample[keys].duplicated().any())

    cats = [c for c in groups if c in fields and fields[c].role in ("category", "time", "measure")]
    for i, a in enumerate(cats):
        for b in cats[i + 1:]:
            pair = codes[a].astype(np.int64) * (int(codes[b].max()) + 1) + codes[b]
            pair[(codes[a] < 0) | (codes[b] < 0)] = -1
            _, dense = np.unique(pair[pair >= 0], return_inverse=True)
            # every combination present (a sample of a one-row-per-cell grid holds as many as it has rows)
            full = len(np.unique(pair[pair >= 0])) >= 0.9 * min(fields[a].cardinality * fields[b].cardinality, n)
            stats.cross_uniform[frozenset((a, b))] = full and _counts_cv(dense.astype(np.int64)) < UNIFORM_CV
    return stats
