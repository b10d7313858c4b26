"""Preference pairs from published graphical-perception studies: one pair file per study.

The 143 pairs of 28 studies that motivated this work are not available, so we encode published
findings ourselves: each `Study` names its paper, states the findings we encoded (in words, in the
file's metadata) and builds the pairs (better chart `positive`, worse `negative`) over a few data
variants (category counts, group counts, rows) so that a finding is checked on more than one table.
The files in draco/data/studies/ are this module's output (`python -m draco.learn.studies --write`);
a test checks they match, so the pairs are reviewable here as code and there as data.

Caveat kept in every file: a pair states the direction of a published effect, not its size; the
studies measured accuracy or speed of human readers on their own stimuli, and our charts are the
closest designs the fact language can express.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Spec = dict[str, Any]
Field = dict[str, Any]
#: (positive, negative, note): the better chart first.
Finding = tuple[Spec, Spec, str]

STUDIES_DIR = Path(__file__).resolve().parent.parent / "data" / "studies"


# ---- data and chart builders ------------------------------------------------------------------
def num(name: str, card: int, lo: float = 0.0, hi: float = 100.0, entropy: float | None = None) -> Field:
    out: Field = {"name": name, "type": "number", "cardinality": card, "min": lo, "max": hi}
    if entropy is not None:
        out["entropy"] = entropy
    return out


def cat(name: str, card: int) -> Field:
    return {"name": name, "type": "string", "cardinality": card}


def date(name: str, card: int) -> Field:
    return {"name": name, "type": "datetime", "cardinality": card}


def enc(field: str, typ: str, **kw: Any) -> dict[str, Any]:
    return {"field": field, "type": typ, **kw}


def q(field: str, **kw: Any) -> dict[str, Any]:
    return enc(field, "quantitative", **kw)


def n(field: str, **kw: Any) -> dict[str, Any]:
    return enc(field, "nominal", **kw)


def o(field: str, **kw: Any) -> dict[str, Any]:
    return enc(field, "ordinal", **kw)


def t(field: str, **kw: Any) -> dict[str, Any]:
    return enc(field, "temporal", **kw)


def chart(mark: str | dict[str, Any], **channels: dict[str, Any]) -> Spec:
    return {"mark": mark, "encoding": channels}


def total(field: str = "val") -> dict[str, Any]:
    return q(field, aggregate="sum")


def bars(c: str = "cat", v: str = "val") -> Spec:
    return chart("bar", x=n(c), y=total(v))


def pie(c: str = "cat", v: str = "val") -> Spec:
    return chart("arc", theta=total(v), color=n(c))


def bubbles(c: str = "cat", v: str = "val") -> Spec:
    """Circles along the categories, the quantity on their area."""
    return chart("point", x=n(c), size=total(v))


def colour_strip(c: str = "cat", v: str = "val") -> Spec:
    """One cell per category, the quantity on its colour (Cleveland & McGill's shading)."""
    return chart("rect", x=n(c), color=total(v))


def grouped(c: str = "cat", g: str = "grp", v: str = "val") -> Spec:
    return chart("bar", x=n(c), y=total(v), color=n(g), xOffset=n(g))


def stacked(c: str = "cat", g: str = "grp", v: str = "val") -> Spec:
    return chart("bar", x=n(c), y=total(v), color=n(g))


def normalized(c: str = "cat", g: str = "grp", v: str = "val") -> Spec:
    return chart("bar", x=n(c), y=total(v) | {"stack": "normalize"}, color=n(g))


def row_panels(c: str = "cat", g: str = "grp", v: str = "val") -> Spec:
    """The groups in separate row panels: the same bars on non-aligned baselines."""
    return chart("bar", x=n(c), y=total(v), row=n(g))


def column_panels(c: str = "cat", g: str = "grp", v: str = "val") -> Spec:
    """The groups in panels side by side: aligned, but separated."""
    return chart("bar", x=n(c), y=total(v), column=n(g))


def scatter(x: str = "val", y: str = "val2", **extra: dict[str, Any]) -> Spec:
    return chart("point", x=q(x), y=q(y), **extra)


def heatmap(scheme: str | None, c: str = "cat", r: str = "grp", v: str = "val") -> Spec:
    colour = total(v) if scheme is None else total(v) | {"scale": {"scheme": scheme}}
    return chart("rect", x=o(c), y=o(r), color=colour)


def series(mark: str = "line", tf: str = "time", v: str = "val", **extra: dict[str, Any]) -> Spec:
    return chart(mark, x=t(tf), y=q(v, aggregate="mean"), **extra)


# ---- studies ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    """One table a finding is checked on."""

    fields: tuple[Field, ...]
    rows: int
    label: str


@dataclass(frozen=True)
class Study:
    """One paper: what it found (in words) and the pairs that encode it on each data variant."""

    source: str
    citation: str
    findings: tuple[str, ...]
    tasks: tuple[str, ...]
    variants: tuple[Variant, ...]
    pairs: Callable[[str, Variant], list[Finding]]
    design: str = "controlled experiment"

    def items(self) -> Iterator[dict[str, Any]]:
        for task in self.tasks:
            for var in self.variants:
                for pos, neg, note in self.pairs(task, var):
                    yield {
                        "note": f"{note} ({var.label}, task {task})",
                        "fields": [dict(f) for f in var.fields],
                        "num_rows": var.rows,
                        "task": task,
                        "positive": pos,
                        "negative": neg,
                    }

    def document(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "citation": self.citation,
            "design": self.design,
            "findings": list(self.findings),
            "encoding_caveat": (
                "Each pair states the direction of a published effect on a chart our fact language can "
                "express; it is not a stimulus of the study and carries no effect size."
            ),
            "data": list(self.items()),
        }


def cat_variants(cards: tuple[int, ...], groups: tuple[int, ...] = (3,), rows: int = 0) -> tuple[Variant, ...]:
    out = []
    for k in cards:
        for g in groups:
            r = rows or k * g * 4
            out.append(
                Variant(
                    fields=(cat("cat", k), cat("grp", g), num("val", r)),
                    rows=r,
                    label=f"{k} categories, {g} groups, {r} rows",
                )
            )
    return tuple(out)


def scatter_variants(rows: tuple[int, ...], groups: tuple[int, ...] = (3,)) -> tuple[Variant, ...]:
    return tuple(
        Variant(
            fields=(num("val", r), num("val2", r), num("val3", r), cat("grp", g), cat("rank", 4)),
            rows=r,
            label=f"{r} rows, {g} groups",
        )
        for r in rows
        for g in groups
    )


def time_variants(times: tuple[int, ...], groups: tuple[int, ...] = (3,)) -> tuple[Variant, ...]:
    return tuple(
        Variant(
            fields=(date("time", tm), num("val", tm * g), cat("grp", g), cat("cat", 6)),
            rows=tm * g,
            label=f"{tm} time points, {g} series",
        )
        for tm in times
        for g in groups
    )


def _cleveland_mcgill(task: str, v: Variant) -> list[Finding]:
    return [
        (bars(), pie(), "position-angle: bars beat a pie"),
        (grouped(), stacked(), "position-length: aligned (grouped) bars beat divided (stacked) bars"),
        (bars(), bubbles(), "position beats area"),
        (pie(), bubbles(), "angle beats area"),
        (bubbles(), colour_strip(), "area beats shading (colour)"),
    ]


def _heer_bostock(task: str, v: Variant) -> list[Finding]:
    return [
        (grouped(), row_panels(), "common scale beats non-aligned scales"),
        (row_panels(), stacked(), "non-aligned position beats stacked lengths"),
        (bars(), pie(), "position beats angle"),
        (pie(), bubbles(), "angle beats circular area"),
    ]


def _mackinlay(task: str, v: Variant) -> list[Finding]:
    return [
        (scatter(size=q("val3")), scatter(color=q("val3")), "quantitative: area ranks above density (colour)"),
        (scatter(), chart("point", x=q("val"), size=q("val2")), "quantitative: position ranks above area"),
        (scatter(color=o("rank")), scatter(size=o("rank")), "ordinal: density (colour) ranks above area"),
        (scatter(color=n("grp")), scatter(shape=n("grp")), "nominal: hue ranks above shape"),
    ]


def _munzner(task: str, v: Variant) -> list[Finding]:
    return [
        (bars(), colour_strip(), "magnitude: position on a common scale beats luminance"),
        (bubbles(), colour_strip(), "magnitude: area beats luminance"),
        (grouped(), row_panels(), "magnitude: aligned beats unaligned position"),
        (grouped(), chart("point", x=n("cat"), y=total("val"), shape=n("grp")), "identity: hue beats shape"),
    ]


def _saket(task: str, v: Variant) -> list[Finding]:
    if task == "correlate":
        return [
            (scatter(), chart("line", x=q("val"), y=q("val2")), "correlation: scatterplot beats line chart"),
            (scatter(), chart("bar", x=q("val"), y=q("val2")), "correlation: scatterplot beats bar chart"),
        ]
    return [
        (chart("bar", x=n("cat"), y=total()), pie(), "bar chart beats pie chart"),
        (chart("bar", x=n("cat"), y=total()), chart("line", x=n("cat"), y=total()), "bar chart beats line over categories"),
    ]


def _talbot(task: str, v: Variant) -> list[Finding]:
    return [
        (grouped(), stacked(), "adjacent aligned bars beat stacked segments"),
        (grouped(), column_panels(), "adjacent bars beat the same bars separated into panels"),
        (column_panels(), stacked(), "separated but aligned bars beat stacked segments"),
    ]


def _indratmo(task: str, v: Variant) -> list[Finding]:
    if task in ("compare", "value"):
        return [(grouped(), stacked(), "single-attribute comparison: grouped beats stacked")]
    return [(stacked(), grouped(), "overall (total) comparison: stacked beats grouped")]


def _simkin_hastie(task: str, v: Variant) -> list[Finding]:
    if task == "part_to_whole":
        return [
            (pie(), bars(), "part-whole judgment: pie beats separate bars"),
            (normalized(), grouped(), "part-whole judgment: divided bar beats separate bars"),
        ]
    return [(bars(), pie(), "discrimination (comparison): bars beat pie")]


def _spence_lewandowsky(task: str, v: Variant) -> list[Finding]:
    table = chart("text", y=n("cat"), text=total())
    return [
        (pie(), table, "proportions: pie beats a table"),
        (bars(), table, "proportions: bars beat a table"),
        (pie(), chart("point", x=n("cat"), size=total()), "proportions: pie beats area (circles)"),
    ]


def _zacks_tversky(task: str, v: Variant) -> list[Finding]:
    if task == "trend":
        return [
            (series("line"), series("bar"), "trend over an interval scale: line beats bars"),
            (series("line"), series("point"), "trend: connected line beats unconnected points"),
            (series("line", color=n("grp")), series("bar", color=n("grp")), "trend of several series: lines beat bars"),
        ]
    return [
        (chart("bar", x=n("cat"), y=q("val", aggregate="mean")), chart("line", x=n("cat"), y=q("val", aggregate="mean")), "discrete comparison: bars beat a line"),
        (chart("bar", x=n("grp"), y=q("val", aggregate="mean")), chart("area", x=n("grp"), y=q("val", aggregate="mean")), "discrete comparison: bars beat an area"),
    ]


def _harrison(task: str, v: Variant) -> list[Finding]:
    return [
        (scatter(), chart("line", x=q("val"), y=q("val2")), "scatterplot beats line chart"),
        (scatter(), chart("area", x=q("val"), y=q("val2")), "scatterplot beats area chart"),
        (scatter(), chart("point", x=q("val"), color=q("val2")), "both quantities on position beat one on colour"),
        (scatter(), chart("point", x=q("val", bin=True), y=q("val2", aggregate="mean")), "raw scatterplot beats binned means"),
    ]


def _borkin(task: str, v: Variant) -> list[Finding]:
    return [
        (heatmap("reds"), heatmap("rainbow"), "perceptually ordered ramp beats rainbow"),
        (heatmap("greys"), heatmap("jet"), "perceptually ordered ramp beats rainbow (jet)"),
    ]


def _liu_heer(task: str, v: Variant) -> list[Finding]:
    return [
        (heatmap("viridis"), heatmap("rainbow"), "viridis beats rainbow"),
        (heatmap("blues"), heatmap("rainbow"), "single-hue ramp beats rainbow"),
        (heatmap("viridis"), heatmap("turbo"), "viridis beats turbo (a rainbow)"),
    ]


def _brewer(task: str, v: Variant) -> list[Finding]:
    signed = "sval"
    return [
        (heatmap("redblue", v=signed), heatmap("blues", v=signed), "data with a midpoint: diverging beats sequential"),
        (heatmap("blueorange", v=signed), heatmap(None, v=signed), "data with a midpoint: diverging beats the default ramp"),
        (heatmap("blues"), heatmap("redblue"), "one-sided data: sequential beats diverging"),
        (heatmap("greens"), heatmap("category10"), "ordered data: sequential beats a qualitative scheme"),
        (
            chart("point", x=q("val"), y=q("val2"), color=n("grp", scale={"scheme": "set2"})),
            chart("point", x=q("val"), y=q("val2"), color=n("grp", scale={"scheme": "blues"})),
            "categories: qualitative beats sequential",
        ),
    ]


def _albers(task: str, v: Variant) -> list[Finding]:
    colourfield = chart("rect", x=t("time"), color=q("val", aggregate="mean"))
    return [
        (series("line"), colourfield, "point task (extremes): line (position) beats colour field"),
        (series("area"), colourfield, "point task (extremes): area chart (position) beats colour field"),
    ]


def _javed(task: str, v: Variant) -> list[Finding]:
    return [
        (series("line", color=n("grp")), series("line", row=n("grp")), "local comparison: shared space beats small multiples"),
    ]


def _lewandowsky_spence(task: str, v: Variant) -> list[Finding]:
    return [
        (scatter(color=n("grp")), scatter(shape=n("grp")), "strata: colour beats symbol shape"),
    ]


def _gleicher(task: str, v: Variant) -> list[Finding]:
    return [
        (scatter(color=n("grp")), scatter(shape=n("grp")), "class means: colour beats shape"),
    ]


def _weissgerber(task: str, v: Variant) -> list[Finding]:
    mean_bar = chart("bar", x=n("cat"), y=q("val", aggregate="mean"))
    return [
        (chart("boxplot", x=n("cat"), y=q("val")), mean_bar, "boxplot beats a bar of means"),
        (chart("tick", x=n("cat"), y=q("val")), mean_bar, "individual values (strip) beat a bar of means"),
        (chart("bar", x=q("val", bin=True), y=q("val", aggregate="count")), chart("bar", y=q("val", aggregate="mean")), "histogram beats a single mean"),
    ]


def _signed(vs: tuple[Variant, ...]) -> tuple[Variant, ...]:
    return tuple(
        Variant(fields=(*v.fields, num("sval", v.rows, -50.0, 50.0)), rows=v.rows, label=v.label) for v in vs
    )


def _with_val2(vs: tuple[Variant, ...]) -> tuple[Variant, ...]:
    return tuple(Variant(fields=(*v.fields, num("val2", v.rows)), rows=v.rows, label=v.label) for v in vs)


STUDIES: tuple[Study, ...] = (
    Study(
        "cleveland_mcgill1984",
        "Cleveland, W. S. & McGill, R. (1984). Graphical perception: theory, experimentation, and application "
        "to the development of graphical methods. Journal of the American Statistical Association 79(387).",
        (
            "Elementary perceptual tasks rank: position along a common scale > position along non-aligned scales "
            "> length, direction, angle > area > volume, curvature > shading, colour saturation.",
            "Position-angle experiment: proportions are judged more accurately from bars than from pie slices.",
            "Position-length experiment: segments on a common baseline (grouped bars) are judged more accurately "
            "than the floating segments of divided (stacked) bars.",
        ),
        ("compare", "value"),
        cat_variants((4, 8)),
        _cleveland_mcgill,
    ),
    Study(
        "heer_bostock2010",
        "Heer, J. & Bostock, M. (2010). Crowdsourcing graphical perception: using Mechanical Turk to assess "
        "visualization design. CHI 2010.",
        (
            "Replicates Cleveland & McGill: aligned position < non-aligned position < stacked length < angle < "
            "circular and rectangular area in error.",
        ),
        ("compare",),
        cat_variants((4, 6), (2, 3)),
        _heer_bostock,
    ),
    Study(
        "mackinlay1986",
        "Mackinlay, J. (1986). Automating the design of graphical presentations of relational information. "
        "ACM Transactions on Graphics 5(2).",
        (
            "Quantitative: position > length > angle > slope > area > volume > density > saturation > hue.",
            "Ordinal: position > density > saturation > hue > texture > ... > length > angle > area.",
            "Nominal: position > hue > texture > connection > containment > density > saturation > shape.",
        ),
        ("value",),
        scatter_variants((50, 200), (3, 6)),
        _mackinlay,
        design="ranking from the psychophysics literature (APT)",
    ),
    Study(
        "munzner2014",
        "Munzner, T. (2014). Visualization Analysis and Design, chapter 5 (channel effectiveness rankings). CRC Press.",
        (
            "Magnitude channels: position on a common scale > position on unaligned scales > length > tilt/angle "
            "> area > depth > colour luminance and saturation > curvature > volume.",
            "Identity channels: spatial region > colour hue > motion > shape.",
        ),
        ("compare",),
        cat_variants((4, 6, 10)),
        _munzner,
        design="ranking synthesised from experiments",
    ),
    Study(
        "saket2018_tasks",
        "Saket, B., Endert, A. & Demiralp, C. (2018). Task-based effectiveness of basic visualizations. IEEE TVCG 25(7).",
        (
            "Bar charts are accurate and fast across low-level tasks (retrieve value, find extremum, compare); "
            "pie charts are among the least accurate for them.",
            "Scatterplots support finding correlations best; line and bar charts do worse there.",
        ),
        ("extremes", "compare", "correlate"),
        _with_val2(cat_variants((5, 8))),
        _saket,
    ),
    Study(
        "talbot2014",
        "Talbot, J., Setlur, V. & Anand, A. (2014). Four experiments on the perception of bar charts. IEEE TVCG 20(12).",
        (
            "Comparisons of adjacent, aligned bars are the most accurate; separating the compared bars lowers "
            "accuracy; stacked (unaligned) segments are judged worst.",
        ),
        ("compare",),
        cat_variants((3, 6), (2, 3)),
        _talbot,
    ),
    Study(
        "indratmo2018",
        "Indratmo, Howorko, L., Boedianto, J. M. & Daniel, B. (2018). The efficacy of stacked bar charts in "
        "supporting single-attribute and overall-attribute comparisons. Visual Informatics 2(3).",
        (
            "Grouped (clustered) bars support comparing a single attribute across categories better than stacked bars.",
            "Stacked bars support comparing overall totals better than grouped bars.",
        ),
        ("compare", "summary", "part_to_whole"),
        cat_variants((4, 8), (2, 4)),
        _indratmo,
    ),
    Study(
        "simkin_hastie1987",
        "Simkin, D. & Hastie, R. (1987). An information-processing analysis of graph perception. Journal of the "
        "American Statistical Association 82(398).",
        (
            "Discrimination (which is larger) is done best with bars; part-whole (proportion) judgments are done "
            "best with pies and divided bars, which show the whole.",
        ),
        ("compare", "part_to_whole"),
        cat_variants((3, 4, 5)),
        _simkin_hastie,
    ),
    Study(
        "spence_lewandowsky1991",
        "Spence, I. & Lewandowsky, S. (1991). Displaying proportions and percentages. Applied Cognitive Psychology 5(1).",
        (
            "For proportion judgments pies are as accurate as bars and better than tables; judgments from "
            "areas (circles) are worse.",
        ),
        ("part_to_whole",),
        cat_variants((3, 4, 5), (2, 3)),
        _spence_lewandowsky,
    ),
    Study(
        "zacks_tversky1999",
        "Zacks, J. & Tversky, B. (1999). Bars and lines: a study of graphic communication. Memory & Cognition 27(6).",
        (
            "Lines are read (and drawn) as trends along a continuous dimension; bars as discrete comparisons "
            "between separate items.",
        ),
        ("trend", "compare"),
        time_variants((12, 40), (2, 4)),
        _zacks_tversky,
    ),
    Study(
        "harrison2014",
        "Harrison, L., Yang, F., Franconeri, S. & Chang, R. (2014). Ranking visualizations of correlation using "
        "Weber's law. IEEE TVCG 20(12).",
        (
            "Correlation is judged most precisely in scatterplots; line, area and bar-based charts of the same "
            "two variables do worse.",
        ),
        ("correlate",),
        scatter_variants((30, 100, 400)),
        _harrison,
    ),
    Study(
        "borkin2011",
        "Borkin, M., Gajos, K., Peters, A., Mitsouras, D., Melchionna, S., Rybicki, F., Feldman, C. & Pfister, H. "
        "(2011). Evaluation of artery visualizations for heart disease diagnosis. IEEE TVCG 17(12).",
        (
            "A rainbow colour map led to more errors and slower diagnoses than a perceptually ordered "
            "(red-black) map; following Rogowitz & Treinish (1998), rainbow hues have no perceptual order.",
        ),
        ("value", "summary"),
        cat_variants((6, 12), (4, 8)),
        _borkin,
    ),
    Study(
        "liu_heer2018",
        "Liu, Y. & Heer, J. (2018). Somewhere over the rainbow: an empirical assessment of quantitative colormaps. CHI 2018.",
        ("The rainbow colormap performed worst; viridis-like multi-hue and single-hue ramps did better.",),
        ("value", "summary"),
        cat_variants((6, 12), (4,)),
        _liu_heer,
    ),
    Study(
        "brewer_harrower2003",
        "Harrower, M. & Brewer, C. A. (2003). ColorBrewer.org: an online tool for selecting colour schemes for maps. "
        "The Cartographic Journal 40(1); Brewer, C. A. (1994). Color use guidelines for mapping and visualization.",
        (
            "Sequential schemes for data ordered from low to high; diverging schemes for data with a critical "
            "midpoint (e.g. zero); qualitative schemes for categories without order.",
        ),
        ("summary",),
        _signed(_with_val2(cat_variants((6, 10), (4,)))),
        _brewer,
        design="design guidelines from cartographic user studies",
    ),
    Study(
        "albers2014",
        "Albers, D., Correll, M. & Gleicher, M. (2014). Task-driven evaluation of aggregation in time series "
        "visualization. CHI 2014.",
        (
            "Position encodings (line, area) support point tasks such as finding maxima and minima better than "
            "colour encodings. (Their second finding, colour fields for averaging over ranges, is not encoded: "
            "no constraint here represents it.)",
        ),
        ("extremes",),
        time_variants((24, 100, 365), (1,)),
        _albers,
    ),
    Study(
        "javed2010",
        "Javed, W., McDonnel, B. & Elmqvist, N. (2010). Graphical perception of multiple time series. IEEE TVCG 16(6).",
        (
            "Shared-space charts (several lines on one axis) make local comparisons such as finding the maximum "
            "faster and more accurate than split-space small multiples.",
        ),
        ("extremes", "compare"),
        time_variants((20, 50), (2, 4, 8)),
        _javed,
    ),
    Study(
        "lewandowsky_spence1989",
        "Lewandowsky, S. & Spence, I. (1989). Discriminating strata in scatterplots. Journal of the American "
        "Statistical Association 84(407).",
        ("Groups in a scatterplot are discriminated best by colour; symbol shapes do worse.",),
        ("summary", "compare"),
        scatter_variants((50, 200), (2, 4, 6)),
        _lewandowsky_spence,
    ),
    Study(
        "gleicher2013",
        "Gleicher, M., Correll, M., Nothelfer, C. & Franconeri, S. (2013). Perception of average value in "
        "multiclass scatterplots. IEEE TVCG 19(12).",
        (
            "Readers compare class means in multiclass scatterplots accurately; colour-coded classes are compared "
            "better than shape-coded ones.",
        ),
        ("compare", "summary"),
        scatter_variants((60, 300), (2, 3, 4)),
        _gleicher,
    ),
    Study(
        "weissgerber2015",
        "Weissgerber, T., Milic, N., Winham, S. & Garovic, V. (2015). Beyond bar and line graphs: time for a new "
        "data presentation paradigm. PLoS Biology 13(4).",
        (
            "Bar graphs of means hide the distribution (spread, outliers, sample size); show individual values, "
            "box plots or histograms instead.",
        ),
        ("distribution",),
        cat_variants((3, 5), (2,), rows=60) + cat_variants((4,), (2,), rows=400),
        _weissgerber,
        design="survey of published figures with worked examples",
    ),
)


#: Studies the brief suggested that we could not encode, and why (kept in the README).
NOT_ENCODED: tuple[tuple[str, str], ...] = (
    (
        "Heer, Kong & Agrawala (2009), Sizing the horizon",
        "horizon graphs, mirroring and chart height are not in the fact language (no band layering, no heights).",
    ),
    (
        "Skau & Kosara (2016), Arcs, angles, or areas",
        "its main result is that donuts are read about as accurately as pies: no preference to state as a pair "
        "(our donut_mark prior of 1 is a mild design preference, not this finding).",
    ),
    (
        "Waldner et al. (2019), radial vs linear charts for daily patterns",
        "radial bar and line charts (theta over time, radius for the value) need a radius channel we do not model; "
        "the study is cited for lit_radial_judge, with pies as the only radial charts we can express.",
    ),
    (
        "Correll et al. (2012) / Albers et al. (2014), colour fields for averaging",
        "the reversal (colour beats position for averages over long series) has no constraint yet; encoding it "
        "would change the cost of every long line chart under the summary task that lida's ranker uses.",
    ),
)


def render_readme() -> str:
    """draco/data/studies/README.md: every study, its citation, findings, tasks and pair count."""
    lines = [
        "# Preference pairs from graphical-perception studies",
        "",
        "Generated by `python -m draco.learn.studies --write` from `draco/learn/studies.py`; do not edit by hand.",
        "One file per study, in the Draco 1 training format plus `citation`, `design` and `findings`.",
        "A pair encodes the direction of a published finding on a chart our fact language can express",
        "(`positive` is the better chart); it is not a stimulus of the study and carries no effect size.",
        "The findings are stated from the papers as we know them; the charts, data and pairs are ours.",
        "",
        "| file | pairs | tasks | design | findings encoded |",
        "| --- | ---: | --- | --- | --- |",
    ]
    for st in STUDIES:
        count = sum(1 for _ in st.items())
        findings = " ".join(st.findings).replace("|", "/")
        lines.append(f"| `{st.source}.json` | {count} | {', '.join(st.tasks)} | {st.design} | {findings} |")
    lines += ["", "## Sources", ""]
    lines += [f"* `{st.source}`: {st.citation}" for st in STUDIES]
    lines += ["", "## Suggested but not encoded", ""]
    lines += [f"* {name}: {why}" for name, why in NOT_ENCODED]
    return "\n".join(lines) + "\n"


def study_path(study: Study, folder: Path = STUDIES_DIR) -> Path:
    return folder / f"{study.source}.json"


def render(study: Study) -> str:
    return json.dumps(study.document(), indent=1) + "\n"


def study_paths(folder: Path = STUDIES_DIR) -> list[Path]:
    """The study pair files in their canonical order."""
    return [study_path(s, folder) for s in STUDIES]


def write_all(folder: Path = STUDIES_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for s in STUDIES:
        p = study_path(s, folder)
        p.write_text(render(s), encoding="utf-8")
        out.append(p)
    readme = folder / "README.md"
    readme.write_text(render_readme(), encoding="utf-8")
    out.append(readme)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write draco/data/studies/*.json from the study definitions")
    parser.add_argument("--write", action="store_true", help="(re)write the pair files")
    args = parser.parse_args(argv)
    if args.write:
        for p in write_all():
            print(p)
    for s in STUDIES:
        print(f"{s.source:<24} {sum(1 for _ in s.items()):>4} pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
