"""Observable Plot's documentation (docs/**/*.md, the `:::plot` blocks) on tables of Plot's test/data that
are not vega-datasets or gallery-dev tables. Read by ../build.py; key syntax in ../ggplot2/spec.py.
"""

COMMIT = "1c6b239d1e42eb5c0d8c5b09f51b0c6ce51bea69"
REPO = "observablehq/plot"

PROVENANCE = {"charts_repo": REPO, "charts_commit": COMMIT, "data_repo": REPO, "data_commit": COMMIT}


def _data(name: str, origin: str) -> dict:
    return {
        "source_repo": REPO,
        "source_commit": COMMIT,
        "source_path": f"test/data/{name}.csv",
        "origin": origin,
    }


DATASETS = {
    "athletes": _data("athletes", "Rio 2016 Olympic athletes (Matt Riggott/IOC)"),
    "bls-metro-unemployment": _data("bls-metro-unemployment", "Monthly unemployment rate of US metro divisions (BLS)"),
    "traffic": _data("traffic", "Hourly vehicle counts at German traffic locations (Christopher Möller)"),
    "simpsons": _data("simpsons", "The Simpsons episodes with IMDb ratings (IMDb/Todd W. Schneider)"),
    "riaa-us-revenue": _data("riaa-us-revenue", "US recorded-music revenue by format and year (RIAA); not listed in test/data/README.md"),
    "survey": _data("survey", "Likert survey responses (Eitan Lees)"),
    "ipos": _data("ipos", "US IPO market values ('The Facebook Offering: How It Compares', The New York Times)"),
    "alphabet": _data("alphabet", "Relative frequency of letters in English (Lewand, Cryptographical Mathematics)"),
    "morley": _data("morley", "Michelson speed-of-light measurements, 5 experiments x 20 runs (R datasets::morley)"),
    "income-gender": _data("income-gender", "Median annual income of men (m) and women (f) by occupation type; not listed in test/data/README.md"),
    "tdf-stage-8-2017": _data("tdf-stage-8-2017", "Elevation profile of 2017 Tour de France stage 8"),
    "metros": _data("metros", "US metro areas: population and 90/10 income ratio, 1980 and 2015 (The New York Times)"),
}

D = "docs/"


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, COMMIT, description, notes, **extra)  # noqa: F821


CHARTS = [
    # --- athletes (the docs call it `olympians`) -------------------------------------------
    _c("dot_weight_height_sex", "athletes", "point x=weight:Q y=height:Q color=sex:N", D + "features/legends.md",
       "Scatterplot of body measurements with a color legend",
       "Plot.dot(olympians, {x: 'weight', y: 'height', stroke: 'sex'}); also in features/interactions.md "
       "and marks/tip.md (with tips)"),
    _c("dot_weight_height_fy_sex", "athletes", "point x=weight:Q y=height:Q row=sex:N", D + "marks/tip.md",
       "Faceted scatterplot with tips",
       "Plot.dot(olympians, {x: 'weight', y: 'height', fy: 'sex', stroke: d => d.info ? ... })"),
    _c("histogram_weight", "athletes", "bar x=bin(weight):Q y=count()", D + "transforms/bin.md",
       "Histogram of weights",
       "Plot.rectY(olympians, Plot.binX({y: 'count'}, {x: 'weight'}))"),
    _c("histogram_weight_sex", "athletes", "bar x=bin(weight):Q y=count() color=sex:N", D + "transforms/bin.md",
       "Stacked histogram of weights by sex",
       "Plot.rectY(olympians, Plot.binX({y: 'count'}, {x: 'weight', fill: 'sex'})); also in "
       "marks/rect.md, features/transforms.md, marks/tip.md; y2 variants overlap instead of stacking"),
    _c("histogram_weight_fy_sex", "athletes", "bar x=bin(weight):Q y=count() row=sex:N", D + "marks/rect.md",
       "Faceted histogram",
       "Plot.rectY(olympians, Plot.binX({y: 'count'}, {x: 'weight', fy: 'sex'}))"),
    _c("heatmap_weight_height", "athletes", "rect x=bin(weight):Q y=bin(height):Q color=count()",
       D + "transforms/bin.md", "2-D histogram as a heatmap",
       "Plot.rect(olympians, Plot.bin({fill: 'count'}, {x: 'weight', y: 'height'})); marks/auto.md "
       "draws the same with Plot.auto(olympians, {x: 'weight', y: 'height', color: 'count'})"),
    _c("binned_dots_weight_height", "athletes", "point x=bin(weight):Q y=bin(height):Q size=count()",
       D + "transforms/bin.md", "2-D bins as sized dots",
       "Plot.dot(olympians, Plot.bin({r: 'count'}, {x: 'weight', y: 'height'})); transforms/hexbin.md "
       "draws hexagonal versions"),
    _c("heatmap_weight_sex", "athletes", "rect x=bin(weight):Q y=sex:N color=count()", D + "marks/auto.md",
       "Binned weight by sex as a heatmap",
       "Plot.auto(olympians, {x: 'weight', y: 'sex', color: 'count'}): auto picks binned cells"),
    _c("bar_sport_count", "athletes", "bar x=sport:N y=count()", D + "transforms/group.md",
       "Athletes per sport",
       "Plot.barY(olympians, Plot.groupX({y: 'count'}, {x: 'sport'})), then sorted by count; a "
       "horizontal barX version is also shown"),
    _c("bar_sport_count_sex", "athletes", "bar x=sport:N y=count() color=sex:N", D + "transforms/group.md",
       "Athletes per sport, stacked by sex",
       "Plot.barY(olympians, Plot.groupX({y: 'count'}, {x: 'sport', fill: 'sex'}))"),
    _c("cell_sport_sex_median_weight", "athletes", "rect x=sport:N y=sex:N color=median(weight):Q",
       D + "transforms/group.md", "Median weight by sport and sex",
       "Plot.cell(olympians, Plot.group({fill: 'median'}, {fill: 'weight', x: 'sport', y: 'sex'}))"),
    _c("dot_sport_gold_count", "athletes", "point x=sport:N y=gold:O size=count()", D + "transforms/group.md",
       "Athletes by sport and number of gold medals",
       "Plot.dot(olympians, Plot.group({r: 'count'}, {x: 'sport', y: 'gold'})) with y as a point "
       "scale; a cell version (fill: count) has the same fields"),
    _c("waffle_sex", "athletes", "bar x=sex:N y=count()", D + "marks/waffle.md",
       "Waffle of athletes by sex",
       "Plot.waffleY(olympians, Plot.groupX({y: 'count'}, {x: 'sex'})): a waffle is a bar of unit "
       "squares, recorded as the bar family"),
    # --- bls-metro-unemployment ------------------------------------------------------------
    _c("line_unemployment", "bls-metro-unemployment", "line x=date:T y=unemployment:Q other=division",
       D + "marks/line.md", "Unemployment rate per metro division",
       "Plot.line(bls, {x: 'date', y: 'unemployment', z: 'division'}): one line per division (z, a "
       "grouping without a visual channel, recorded in other_fields); also in features/marks.md"),
    _c("line_unemployment_stroke", "bls-metro-unemployment",
       "line x=date:T y=unemployment:Q color=unemployment:Q other=division", D + "marks/line.md",
       "Lines with varying color",
       "Plot.line(bls, {x: 'date', y: 'unemployment', z: 'division', stroke: 'unemployment'})"),
    # --- traffic ---------------------------------------------------------------------------
    _c("tick_vehicles_location", "traffic", "tick x=vehicles:Q y=location:N", D + "features/transforms.md",
       "Vehicles per hour by location",
       "Plot.tickX(traffic, {x: 'vehicles', y: 'location', strokeOpacity: 0.3}) with a red tick at the "
       "median per location (groupY, sorted): the raw ticks are the key"),
    # --- simpsons --------------------------------------------------------------------------
    _c("cell_season_episode_rating", "simpsons", "rect x=season:O y=number_in_season:O color=imdb_rating:Q",
       D + "marks/cell.md", "IMDb rating of every episode by season",
       "Plot.cell(simpsons, {x: 'season', y: 'number_in_season', fill: 'imdb_rating'}) with the rating "
       "printed in each cell"),
    _c("dot_season_rating", "simpsons", "point x=season:Q y=imdb_rating:Q", D + "marks/rule.md",
       "Ratings per season with range and median",
       "ruleX of min..max per season (groupX), Plot.dot(simpsons, {x: 'season', y: 'imdb_rating'}), "
       "and a red lineY of the median per season: the dots are the key"),
    # --- riaa-us-revenue -------------------------------------------------------------------
    _c("stacked_area_revenue", "riaa-us-revenue", "line x=year:Q y=revenue:Q color=group:N other=format",
       D + "transforms/stack.md", "US music revenue by format, stacked",
       "Plot.areaY(riaa, {x: 'year', y: 'revenue', z: 'format', fill: 'group'}): one stacked area per "
       "format, colored by format group; area is the line family; offset/order/normalize variants "
       "have the same fields"),
    # --- survey ----------------------------------------------------------------------------
    _c("diverging_likert", "survey", "bar x=count() color=Response:O row=Question:N", D + "transforms/stack.md",
       "Diverging stacked bars of Likert responses",
       "Plot.barX(survey, Plot.groupZ({x: 'count'}, {fy: 'Question', fill: 'Response', ...likert})): "
       "counts per response stacked around zero, one row per question"),
    # --- ipos ------------------------------------------------------------------------------
    _c("beeswarm_ipos", "ipos", "point x=date:T size=rMVOP:Q", D + "transforms/dodge.md",
       "Beeswarm of IPOs by date and market value",
       "Plot.dot(ipos, Plot.dodgeY({x: 'date', r: 'rMVOP'})): y is the dodge offset, not a field"),
    # --- alphabet --------------------------------------------------------------------------
    _c("bar_letter_frequency", "alphabet", "bar x=letter:N y=frequency:Q", D + "marks/bar.md",
       "Bar chart of letter frequencies",
       "Plot.barY(alphabet, {x: 'letter', y: 'frequency'}), also sorted by frequency; the barX "
       "version (x=frequency, y=letter) is on features/marks.md, marks/axis.md, marks/grid.md"),
    _c("cell_letter_frequency", "alphabet", "rect x=letter:N color=frequency:Q", D + "marks/cell.md",
       "Cells colored by frequency",
       "Plot.cell(alphabet, {x: 'letter', fill: 'frequency'})"),
    _c("dot_letter_size", "alphabet", "point x=letter:N size=frequency:Q", D + "marks/dot.md",
       "Dots sized by frequency",
       "Plot.dot(alphabet, {x: 'letter', r: 'frequency'})"),
    _c("lollipop_letter_frequency", "alphabet", "point x=letter:N y=frequency:Q", D + "marks/dot.md",
       "Lollipop chart",
       "Plot.ruleX(alphabet, {x: 'letter', y: 'frequency'}) + Plot.dot(alphabet, {x: 'letter', y: "
       "'frequency'}): stick and dot, recorded as the point family"),
    # --- morley ----------------------------------------------------------------------------
    _c("box_expt_speed", "morley", "boxplot x=Expt:O y=Speed:Q", D + "marks/box.md",
       "Box plot of speed-of-light measurements by experiment",
       "Plot.boxY(morley, {x: 'Expt', y: 'Speed'}); the horizontal boxX version has the same fields"),
    # --- income-gender ---------------------------------------------------------------------
    _c("dot_income_m_f", "income-gender", "point x=m:Q y=f:Q", D + "marks/link.md",
       "Median income of women against men",
       "Plot.dot(income, {x: 'm', y: 'f'}) over reference links of equal and lower ratios"),
    # --- tdf-stage-8-2017 ------------------------------------------------------------------
    _c("line_elevation", "tdf-stage-8-2017", "line x=distance:Q y=elevation:Q", D + "marks/line.md",
       "Elevation profile",
       "Plot.line(tdf, {x: 'distance', y: 'elevation'})"),
    # --- metros ----------------------------------------------------------------------------
    _c("dot_population_inequality", "metros", "point x=POP_2015:Q y=R90_10_2015:Q", D + "transforms/filter.md",
       "Population against inequality",
       "Plot.dot(metros, {x: 'POP_2015', y: 'R90_10_2015'}) on a log x scale, with labels of the "
       "highlighted metros"),
]

EXCLUDED = {
    "aapl, amzn, goog, ibm": "daily stock prices: left out as variants of vega-datasets' stocks",
    "gistemp, sf-temperatures, sf-sj-temperatures, seattle-weather, crimean-war, driving, cars, barley, penguins, anscombe, movies, bls-industry-unemployment, us-county-unemployment, flare, miserables, volcano, us-state-capitals": "vega-datasets tables or variants of them",
    "diamonds": "gallery-dev table",
    "metros arrows/links (marks/arrow.md, marks/link.md)": "x1/y1 -> x2/y2 segments have no chart key",
    "civilizations (marks/bar.md)": "interval bars x1=start, x2=end have no x2 channel in the key",
    "us-state-population-2010-2019 (marks/bar.md)": "computed change (2019 - 2010) / 2010",
    "us-population-state-age (marks/dot.md)": "melted to long form in the page",
    "us-congress-2023 (marks/dot.md, transforms/stack.md)": "computed age and +-1 direction",
    "us-president-favorability (marks/image.md)": "computed net favorability",
    "tsa (marks/difference.md)": "difference between two wide columns (2019 vs 2020)",
    "travelers (marks/text.md)": "two wide columns drawn as two lines",
    "caltrain (marks/text.md)": "computed stacking direction",
    "dji (marks/cell.md)": "calendar cells of computed week, weekday and daily change",
    "povcalnet (marks/rect.md)": "filtered, variable-width stacked bars",
    "athletes boxX faceted by binned height (features/facets.md)": "facet on a binned quantitative field",
    "athletes date_of_birth line (marks/auto.md)": "binned date with a mean reducer inside Plot.auto (ambiguous key)",
    "athletes hexbin, waffles by date_of_birth/weight, proportion-facet, link of sex counts": "same fields as recorded keys or computed reducers",
    "traffic cell (features/transforms.md)": "x is the computed hour of date",
    "faithful (marks/frame.md), density/contour pages": "density has no chart key",
    "maps (walmarts, us-counties, countries, ca55-south, election 2020)": "maps",
}
