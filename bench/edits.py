"""Plain-words chart edits, offline: does each edit do what it says, or say what it could not do?

    .venv/bin/python bench/edits.py [--part tune|held|all] [--render] [--json] [--show]

Each case starts from a chart (written in a compact notation, so the start does not move when the parser
changes), applies plain words with `lida.offline.edit.edit` and checks the edited design against what the
words asked. Tables come from vega_datasets' local copies (cars, stocks, seattle-weather, barley, iris,
iowa-electricity); no network.

Outcome per case:
  * applied: the edit returned a chart and every expectation holds (for a case that expects a refusal:
    the edit was refused with a LidaError);
  * refused: LidaError, or a chart whose notes name the words it did not apply, and the expectations fail
    (the user is told);
  * wrong: a chart that does not do what the words asked, with nothing said about it (the bad one).
With --render each edited chart also runs in the sandbox (with repair) and must give a valid chart; a render
failure counts as refused (the user sees the error).

The cases were written, and the "held" part set aside, before the edit parser was tuned: only "tune" cases
were looked at while tuning. Report the held part. "held2" was written after the first held measurement,
before any later change, so later changes (some prompted by held failures) are measured on words never seen.

Expectation notation, ';'-separated:
  mark=point            the mark
  x=mean(Horsepower)    channel x holds field Horsepower with aggregate mean (count() for a count,
                        bin(f) binned, year(f) / month(f) a time unit, ~f field f with any aggregate)
  axes=A,B              x and y hold A and B, in either order (same notation as above)
  facet=Origin          a row, column or facet channel holds Origin
  no=color              channel absent
  legend=off            every legend of the chart is off
  scale.x=log           channel x has that scale type
  title=Some text       the chart title
  filter=field:v1,v2    a row filter on field keeps exactly those values (numbers compared as numbers)
  top=5                 keep the 5 largest categories
  sort=asc / sort=desc  the category axis is sorted that way (by value or by name)
  unapplied=word        the chart's notes say this word was not applied
  error                 the edit must be refused with a LidaError
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from draco.partial import PartialSpec  # noqa: E402
from lida.errors import LidaError  # noqa: E402
from lida.model import CandidateChart, Goal  # noqa: E402
from lida.offline.charts import chart_from_spec  # noqa: E402
from summarizer import Summary, load, summarize_loaded  # noqa: E402


@dataclass(frozen=True)
class Case:
    table: str
    start: str
    words: str
    expect: str
    part: str  # tune, held or held2


# ---- starting charts ------------------------------------------------------------------------------------

STARTS = {
    "cars_hist": ("cars", "bar x=bin(Miles_per_Gallon) y=count()"),
    "cars_bar": ("cars", "bar x=Origin y=mean(Horsepower)"),
    "cars_scatter": ("cars", "point x=Horsepower y=Miles_per_Gallon"),
    "stocks_line": ("stocks", "line x=date y=price color=symbol"),
    "stocks_bar": ("stocks", "bar x=symbol y=mean(price)"),
    "weather_line": ("seattle-weather", "line x=month(date) y=mean(temp_max)"),
    "weather_bar": ("seattle-weather", "bar x=weather y=count()"),
    "barley_bar": ("barley", "bar x=variety y=sum(yield)"),
    "iris_scatter": ("iris", "point x=petalLength y=petalWidth"),
    "iowa_area": ("iowa-electricity", "area x=year y=net_generation color=source"),
}

_T = "tune"
_H = "held"
_H2 = "held2"

CASES: list[Case] = [
    # ---- tuning part ----
    Case("cars", "cars_hist", "make it a scatter plot of weight against mpg",
         "mark=point; axes=Weight_in_lbs,Miles_per_Gallon", _T),
    Case("cars", "cars_hist", "show average Horsepower by Origin as a bar chart",
         "mark=bar; axes=Origin,mean(Horsepower)", _T),
    Case("cars", "cars_hist", "bar chart of median Horsepower by Cylinders", "mark=bar; axes=Cylinders,median(Horsepower)", _T),
    Case("cars", "cars_hist", "heatmap of counts by Cylinders and Origin", "mark=rect; axes=Cylinders,Origin; color=count()", _T),
    Case("cars", "cars_hist", "box plot of Miles_per_Gallon by Cylinders", "mark=boxplot; axes=Cylinders,Miles_per_Gallon", _T),
    Case("cars", "cars_hist", "one panel per Origin", "facet=Origin; x=bin(Miles_per_Gallon); y=count()", _T),
    Case("cars", "cars_hist", "color by Origin", "mark=bar; color=Origin; x=bin(Miles_per_Gallon)", _T),
    Case("cars", "cars_hist", "histogram of horsepower", "mark=bar; x=bin(Horsepower); y=count()", _T),
    Case("cars", "cars_hist", "title: Fuel economy of cars", "title=Fuel economy of cars; x=bin(Miles_per_Gallon)", _T),
    Case("cars", "cars_hist", "color by Origin and make it sparkle", "color=Origin; unapplied=sparkle", _T),
    Case("cars", "cars_bar", "remove the legend and color by Origin", "color=Origin; legend=off", _T),
    Case("cars", "cars_bar", "sort ascending", "sort=asc; axes=Origin,mean(Horsepower)", _T),
    Case("cars", "cars_bar", "make it horizontal", "y=Origin; x=mean(Horsepower)", _T),
    Case("cars", "cars_bar", "show the total instead", "axes=Origin,sum(Horsepower)", _T),
    Case("cars", "cars_bar", "by Cylinders", "axes=Cylinders,mean(Horsepower)", _T),
    Case("cars", "cars_bar", "average mpg", "axes=Origin,mean(Miles_per_Gallon)", _T),
    Case("cars", "cars_bar", "only USA and Japan", "filter=Origin:USA,Japan; axes=Origin,mean(Horsepower)", _T),
    Case("cars", "cars_bar", "as a pie chart", "mark=arc; color=Origin", _T),
    Case("cars", "cars_bar", "count of cars by Origin", "axes=Origin,count()", _T),
    Case("cars", "cars_bar", "color by Population", "error", _T),
    Case("cars", "cars_scatter", "scatter of Weight_in_lbs vs Acceleration with a log scale on the x axis",
         "mark=point; axes=Weight_in_lbs,Acceleration; scale.x=log", _T),
    Case("cars", "cars_scatter", "color by origin", "color=Origin; axes=Horsepower,Miles_per_Gallon", _T),
    Case("cars", "cars_scatter", "size by weight", "size=Weight_in_lbs; mark=point", _T),
    Case("cars", "cars_scatter", "log scale on y", "scale.y=log", _T),
    Case("cars", "cars_scatter", "only cars from Europe", "filter=Origin:Europe; axes=Horsepower,Miles_per_Gallon", _T),
    Case("cars", "cars_scatter", "swap the axes", "x=Miles_per_Gallon; y=Horsepower", _T),
    Case("cars", "cars_scatter", "facet by Cylinders", "facet=Cylinders; mark=point", _T),
    Case("cars", "cars_scatter", "hp against displacement", "mark=point; axes=Horsepower,Displacement", _T),
    Case("cars", "cars_scatter", "make it a line chart", "mark=line", _T),
    Case("stocks", "stocks_line", "only AAPL", "filter=symbol:AAPL; mark=line; axes=date,price", _T),
    Case("stocks", "stocks_line", "line of price over date, only AAPL", "mark=line; axes=date,~price; filter=symbol:AAPL", _T),
    Case("stocks", "stocks_line", "in 2008", "filter=date:2008; mark=line", _T),
    Case("stocks", "stocks_line", "average price per year", "axes=year(date),mean(price)", _T),
    Case("stocks", "stocks_line", "one panel per symbol", "facet=symbol; mark=line", _T),
    Case("stocks", "stocks_line", "make it an area chart", "mark=area; color=symbol", _T),
    Case("stocks", "stocks_line", "remove the legend", "legend=off; color=symbol", _T),
    Case("stocks", "stocks_line", "log scale", "scale.y=log", _T),
    Case("stocks", "stocks_bar", "max price by symbol", "axes=symbol,max(price)", _T),
    Case("stocks", "stocks_bar", "sort descending", "sort=desc", _T),
    Case("seattle-weather", "weather_line", "show temp_min instead", "axes=month(date),mean(temp_min)", _T),
    Case("seattle-weather", "weather_line", "by year", "axes=year(date),mean(temp_max)", _T),
    Case("seattle-weather", "weather_line", "color by weather", "color=weather; mark=line", _T),
    Case("seattle-weather", "weather_line", "only rain", "filter=weather:rain", _T),
    Case("seattle-weather", "weather_bar", "as a pie chart", "mark=arc; color=weather; theta=count()", _T),
    Case("seattle-weather", "weather_bar", "average wind by weather", "axes=weather,mean(wind)", _T),
    Case("barley", "barley_bar", "color by site", "color=site; axes=variety,sum(yield)", _T),
    Case("barley", "barley_bar", "only 1932", "filter=year:1932", _T),
    Case("barley", "barley_bar", "top 5", "top=5", _T),
    Case("barley", "barley_bar", "average yield by site", "axes=site,mean(yield)", _T),
    Case("iris", "iris_scatter", "color by species", "color=species; mark=point", _T),
    Case("iris", "iris_scatter", "sepal length against sepal width", "axes=sepalLength,sepalWidth", _T),
    Case("iowa-electricity", "iowa_area", "make it a line chart", "mark=line; color=source", _T),
    Case("iowa-electricity", "iowa_area", "only Nuclear Energy", "filter=source:Nuclear Energy", _T),
    # ---- held-apart part: written with the tuning part, never looked at while tuning ----
    Case("cars", "cars_hist", "scatter of horsepower vs mpg colored by origin",
         "mark=point; axes=Horsepower,Miles_per_Gallon; color=Origin", _H),
    Case("cars", "cars_hist", "weight against mpg by origin", "axes=Weight_in_lbs,Miles_per_Gallon; color=Origin", _H),
    Case("cars", "cars_hist", "boxplot of horsepower by origin", "mark=boxplot; axes=Origin,Horsepower", _H),
    Case("cars", "cars_bar", "median weight", "axes=Origin,median(Weight_in_lbs)", _H),
    Case("cars", "cars_bar", "show it as a line chart over Year", "mark=line; axes=~Year,mean(Horsepower)", _H),
    Case("cars", "cars_bar", "color by Cylinders and hide the legend", "color=Cylinders; legend=off", _H),
    Case("cars", "cars_bar", "color by Horsepower Rating", "error", _H),
    Case("cars", "cars_scatter", "only cars with 4 cylinders", "filter=Cylinders:4; axes=Horsepower,Miles_per_Gallon", _H),
    Case("cars", "cars_scatter", "separate panels for each Origin", "facet=Origin; mark=point", _H),
    Case("stocks", "stocks_line", "just MSFT and IBM", "filter=symbol:MSFT,IBM; mark=line", _H),
    Case("stocks", "stocks_line", "average price by year as bars", "mark=bar; axes=year(date),mean(price)", _H),
    Case("stocks", "stocks_line", "facet by symbol", "facet=symbol", _H),
    Case("stocks", "stocks_bar", "top 3", "top=3", _H),
    Case("stocks", "stocks_bar", "line of price over time per symbol", "mark=line; axes=date,~price; color=symbol", _H),
    Case("seattle-weather", "weather_line", "show precipitation instead", "axes=month(date),mean(precipitation)", _H),
    Case("seattle-weather", "weather_line", "for sun only", "filter=weather:sun", _H),
    Case("seattle-weather", "weather_bar", "heatmap of weather by month", "mark=rect; axes=weather,month(date)", _H),
    Case("seattle-weather", "weather_bar", "sorted ascending", "sort=asc", _H),
    Case("barley", "barley_bar", "one panel per year", "facet=year", _H),
    Case("barley", "barley_bar", "median yield by variety, horizontal", "y=variety; x=median(yield)", _H),
    Case("barley", "barley_bar", "only Morris and Crookston", "filter=site:Morris,Crookston", _H),
    Case("iris", "iris_scatter", "box plot of petal width by species", "mark=boxplot; axes=species,petalWidth", _H),
    Case("iris", "iris_scatter", "log scale on the x axis", "scale.x=log", _H),
    Case("iowa-electricity", "iowa_area", "total net generation by source as a bar chart",
         "mark=bar; axes=source,sum(net_generation)", _H),
    Case("iowa-electricity", "iowa_area", "title Iowa electricity", "title=Iowa electricity", _H),
    Case("iowa-electricity", "iowa_area", "line chart, make it sparkly", "mark=line; unapplied=sparkly", _H),
    # ---- a second held-apart part, written after the first held measurement and before any later tuning ----
    Case("cars", "cars_hist", "mpg by cylinders as a box plot", "mark=boxplot; axes=Cylinders,Miles_per_Gallon", _H2),
    Case("cars", "cars_hist", "average acceleration per origin", "axes=Origin,mean(Acceleration)", _H2),
    Case("cars", "cars_bar", "show it for European cars only", "filter=Origin:Europe", _H2),
    Case("cars", "cars_bar", "number of cars per cylinder count", "axes=Cylinders,count()", _H2),
    Case("cars", "cars_scatter", "color the points by cylinders", "color=Cylinders; mark=point", _H2),
    Case("cars", "cars_scatter", "plot displacement against weight instead", "axes=Displacement,Weight_in_lbs", _H2),
    Case("stocks", "stocks_line", "price of AAPL over time", "axes=date,~price; filter=symbol:AAPL", _H2),
    Case("stocks", "stocks_line", "show only GOOG and AMZN", "filter=symbol:GOOG,AMZN", _H2),
    Case("stocks", "stocks_line", "use a logarithmic y axis", "scale.y=log", _H2),
    Case("stocks", "stocks_bar", "median price per symbol, sorted descending", "axes=symbol,median(price); sort=desc", _H2),
    Case("seattle-weather", "weather_line", "total precipitation by month", "axes=month(date),sum(precipitation)", _H2),
    Case("seattle-weather", "weather_bar", "make the bars horizontal", "y=weather; x=count()", _H2),
    Case("seattle-weather", "weather_bar", "max temp_max by weather as bars", "mark=bar; axes=weather,max(temp_max)", _H2),
    Case("barley", "barley_bar", "yield by site, colored by year", "axes=site,~yield; color=year", _H2),
    Case("iris", "iris_scatter", "facet by species", "facet=species", _H2),
    Case("iowa-electricity", "iowa_area", "only Fossil Fuels and Renewables", "filter=source:Fossil Fuels,Renewables", _H2),
    Case("iowa-electricity", "iowa_area", "make it a stacked bar chart", "mark=bar; color=source", _H2),
]


# ---- tables and starting charts ------------------------------------------------------------------------


def table(name: str) -> pd.DataFrame:
    from vega_datasets import local_data

    frame = getattr(local_data, name.replace("-", "_"))()
    assert isinstance(frame, pd.DataFrame)
    return frame


_ENC = re.compile(r"^(\w+)=(?:(\w+)\((\w*)\)|(\w+))$")
_TIME_UNITS = {"year", "month", "yearmonth", "day", "date", "hours", "quarter"}


def encoding(text: str, summary: Summary) -> dict[str, Any]:
    """One channel of the notation: field, count(), agg(field), bin(field), year(field)."""
    m = re.match(r"^(?:(\w+)\((\w*)\)|(\w+))$", text)
    if m is None:
        raise ValueError(f"bad encoding {text!r}")
    fn, arg, plain = m.groups()
    if plain is not None:
        f = summary.field(plain)
        return {"field": plain, "type": f.vl_type}
    if fn == "count":
        return {"aggregate": "count", "type": "quantitative"}
    if fn == "bin":
        return {"field": arg, "type": "quantitative", "bin": True}
    if fn in _TIME_UNITS:
        return {"field": arg, "type": "temporal" if fn in ("year", "yearmonth") else "ordinal", "timeUnit": fn}
    return {"field": arg, "type": "quantitative", "aggregate": fn}


def start_chart(start: str, summary: Summary) -> CandidateChart:
    mark, *channels = STARTS[start][1].split()
    enc = {}
    for c in channels:
        ch, _, rest = c.partition("=")
        enc[ch] = encoding(rest, summary)
    spec = {"mark": {"type": mark}, "encoding": enc}
    goal = Goal(question=f"{start}", visualization=STARTS[start][1], rationale="bench start", fields=[
        e["field"] for e in enc.values() if "field" in e], intent=PartialSpec(mark=mark))
    return chart_from_spec(summary, goal, spec)


# ---- checking ------------------------------------------------------------------------------------------


def _enc_matches(e: dict[str, Any] | None, want: str) -> bool:
    if not isinstance(e, dict):
        return False
    any_agg = want.startswith("~")
    m = re.match(r"^(?:(\w+)\((\w*)\)|(\w+))$", want.lstrip("~"))
    if m is None:
        return False
    fn, arg, plain = m.groups()
    if plain is not None:
        return e.get("field") == plain and (any_agg or (not e.get("aggregate") and not e.get("bin")))
    if fn == "count":
        return e.get("aggregate") == "count"
    if fn == "bin":
        return e.get("field") == arg and bool(e.get("bin"))
    if fn in _TIME_UNITS:
        return e.get("field") == arg and e.get("timeUnit") == fn
    return e.get("field") == arg and e.get("aggregate") == fn


def _values(text: str) -> list[Any]:
    out: list[Any] = []
    for v in text.split(","):
        v = v.strip()
        try:
            out.append(float(v))
        except ValueError:
            out.append(v)
    return out


def _filter_values(f: dict[str, Any]) -> list[Any]:
    v = f.get("value")
    vals = v if isinstance(v, list) else [v]
    out: list[Any] = []
    for x in vals:
        out.append(float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else x)
    return out


def check(chart: CandidateChart, expect: str) -> list[str]:
    """The expectations that do not hold (empty: the edit did what it should)."""
    spec = chart.spec or {}
    enc = spec.get("encoding") or {}
    mark = spec.get("mark")
    mark = mark.get("type") if isinstance(mark, dict) else mark
    failed = []
    for part in (p.strip() for p in expect.split(";") if p.strip()):
        key, _, want = part.partition("=")
        ok: bool
        if key == "mark":
            ok = mark == want
        elif key == "axes":
            a, b = want.split(",")
            ok = (_enc_matches(enc.get("x"), a) and _enc_matches(enc.get("y"), b)) or (
                _enc_matches(enc.get("x"), b) and _enc_matches(enc.get("y"), a))
        elif key == "facet":
            facet = spec.get("facet") if isinstance(spec.get("facet"), dict) else None
            ok = any(_enc_matches(enc.get(ch), want) for ch in ("row", "column", "facet")) or (
                facet is not None and facet.get("field") == want)
        elif key == "no":
            ok = want not in enc
        elif key == "legend":
            legends = [ch for ch in ("color", "size", "shape", "opacity") if ch in enc]
            ok = bool(legends) and all("legend" in enc[ch] and enc[ch]["legend"] is None for ch in legends)
        elif key.startswith("scale."):
            e = enc.get(key.split(".", 1)[1]) or {}
            ok = isinstance(e.get("scale"), dict) and e["scale"].get("type") == want
        elif key == "title":
            title = spec.get("title")
            title = title.get("text") if isinstance(title, dict) else title
            ok = title == want
        elif key == "filter":
            fname, _, vals = want.partition(":")
            wanted = sorted(map(str, _values(vals)))
            ok = any(f.get("field") == fname and sorted(map(str, _filter_values(f))) == wanted
                     for f in chart.goal.intent.filters)
        elif key == "top":
            ok = chart.goal.intent.top_n == int(want)
        elif key == "sort":
            sorts = [e.get("sort") for ch, e in enc.items() if ch in ("x", "y", "theta") and isinstance(e, dict)]
            if want == "asc":
                ok = any(s in ("ascending", "x", "y") for s in sorts)
            else:
                ok = any(s in ("descending", "-x", "-y") for s in sorts)
        elif key == "unapplied":
            ok = any(n.startswith("not applied") and want.lower() in n.lower() for n in chart.notes)
        elif key in ("x", "y", "color", "size", "theta", "shape", "row", "column"):
            ok = _enc_matches(enc.get(key), want)
        else:
            raise ValueError(f"unknown expectation {part!r}")
        if not ok:
            failed.append(part)
    return failed


# ---- running -------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    result: str  # applied, refused, wrong
    detail: str
    notes: list[str] = field(default_factory=list)


def run_case(case: Case, summaries: dict[str, tuple[Summary, pd.DataFrame]],
             render: Callable[[CandidateChart, pd.DataFrame, Summary], str | None] | None = None,
             draco: Any = None) -> Outcome:
    from lida.offline.edit import edit

    summary, frame = summaries[case.table]
    start = start_chart(case.start, summary)
    try:
        edited = edit(summary, start, case.words, draco=draco)
    except LidaError as exc:
        if case.expect.strip() == "error":
            return Outcome(case, "applied", f"refused as expected: {exc}")
        return Outcome(case, "refused", str(exc))
    if case.expect.strip() == "error":
        said = any(n.startswith("not applied") for n in edited.notes)
        return Outcome(case, "refused" if said else "wrong", "expected a refusal, got a chart", edited.notes)
    failed = check(edited, case.expect)
    if not failed and render is not None:
        problem = render(edited, frame, summary)
        if problem is not None:
            return Outcome(case, "refused", f"did not render: {problem}", edited.notes)
    if not failed:
        return Outcome(case, "applied", "", edited.notes)
    said = any(n.startswith("not applied") for n in edited.notes)
    detail = f"failed {failed}; spec {json.dumps(edited.spec, default=str)}; filters {edited.goal.intent.filters}"
    return Outcome(case, "refused" if said else "wrong", detail, edited.notes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("tune", "held", "held2", "all"), default="all")
    ap.add_argument("--render", action="store_true", help="also run each edited chart in the sandbox")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", action="store_true", help="print every case that was not applied")
    ap.add_argument("--no-draco", action="store_true", help="complete edited charts by rules only (faster)")
    args = ap.parse_args(argv)
    cases = [c for c in CASES if args.part == "all" or c.part == args.part]
    summaries: dict[str, tuple[Summary, pd.DataFrame]] = {}
    for c in cases:
        if c.table not in summaries:
            loaded = load(table(c.table), c.table)
            summaries[c.table] = (summarize_loaded(loaded), loaded.frame)
    renderer = None
    lida = None
    if args.render:
        from lida.api import Failure, Lida

        lida = Lida()

        def renderer(cand: CandidateChart, frame: pd.DataFrame, summary: Summary) -> str | None:
            assert lida is not None
            out = lida._execute_one(cand, frame, summary)
            return out.reason if isinstance(out, Failure) else None

    draco = None
    if not args.no_draco:
        from draco import Draco

        draco = Draco()
    start = time.perf_counter()
    try:
        outcomes = [run_case(c, summaries, renderer, draco) for c in cases]
    finally:
        if lida is not None:
            lida.close()
    seconds = time.perf_counter() - start
    report: dict[str, dict[str, int]] = {}
    for part in ("tune", "held", "held2"):
        rs = [o for o in outcomes if o.case.part == part]
        if rs:
            report[part] = {"n": len(rs), **{k: sum(1 for o in rs if o.result == k) for k in ("applied", "refused", "wrong")}}
    if args.json:
        print(json.dumps({**report, "seconds": round(seconds, 2)}))
        return 0
    print(f"{'part':<6} {'n':>4} {'applied':>8} {'refused':>8} {'wrong':>6}")
    for part, r in report.items():
        print(f"{part:<6} {r['n']:>4} {r['applied']:>8} {r['refused']:>8} {r['wrong']:>6}")
    print(f"{len(cases)} edits in {seconds:.1f} s{' with the sandbox' if args.render else ''}")
    if args.show:
        for o in outcomes:
            if o.result != "applied":
                print(f"[{o.result}] {o.case.part} {o.case.start}: {o.case.words!r} -> {o.detail} {o.notes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
