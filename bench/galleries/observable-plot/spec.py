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
    # tables charted only in Plot's snapshot tests (test/plots/*.ts), not on the documentation site
    "availability": _data("availability", "Daily availability values of a service, 2020 to May 2021 (no entry in test/data/README.md)"),
    "covid-ihme-projected-deaths": _data("covid-ihme-projected-deaths", "Daily US COVID-19 deaths, observed and projected with bounds (IHME)"),
    "decathlon": _data("decathlon", "Decathlon results of 50 athletes by country (JMP sample data, via hemanrobinson/preattentive)"),
    "downloads": _data("downloads", "Daily npm downloads of the @observablehq/cars package"),
    "electricity-demand": _data("electricity-demand", "Hourly electricity demand for California, Jan. 2021 (US EIA)"),
    "fruit-sales": _data("fruit-sales", "Units of fruit sold by date, a 7-row example table (no entry in test/data/README.md)"),
    "libor-projections": _data("libor-projections", "CBO's LIBOR projections: rate projected on a date about a date (CBO via @tophtucker)"),
    "wealth-britain": _data("wealth-britain", "Share of UK population and wealth by age band (UK ONS, 'Who owns Britain?')"),
    "us-presidential-forecast-2016-histogram": _data("us-presidential-forecast-2016-histogram", "Forecast probability of each Democratic electoral-vote total, 2016 (no entry in test/data/README.md)"),
    "google-trends-2020": _data("google-trends-2020", "Weekly Google search interest of 2020's top searches (Google Trends; no entry in test/data/README.md)"),
    "sf-covid": _data("sf-covid", "San Francisco COVID-19 cases by specimen date, disposition and transmission category (DataSF)"),
    "stargazers": _data("stargazers", "Dates on which the observablehq/plot repository was starred on GitHub"),
    "software-versions": _data("software-versions", "Software version of each of 430 installs (no entry in test/data/README.md)"),
}

D = "docs/"
T = "test/plots/"


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, COMMIT, description, notes, **extra)  # noqa: F821


def _t(example, dataset, key, source, description, notes, **extra):
    """A chart of Plot's snapshot tests: not shown on the documentation site."""
    return _c(example, dataset, key, source, description, notes, in_gallery=False, **extra)


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
    _c("stacked_area_revenue", "riaa-us-revenue", "line x=year:T y=revenue:Q color=group:N other=format",
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
    # --- Plot's snapshot tests (test/plots/*.ts): drawn by Plot's authors, many recreating
    # published charts; not rendered on the documentation site, hence in_gallery=False ------------
    _t("dot_population_inequality_1980", "metros", "point x=POP_1980:Q y=R90_10_1980:Q", T + "metro-inequality.ts",
       "Population against inequality in 1980",
       "Plot.dot(data, {x: 'POP_1980', y: 'R90_10_1980'}) on a log x scale"),
    _t("dot_rating_viewers_season", "simpsons", "point x=imdb_rating:Q y=us_viewers_in_millions:Q color=season:Q",
       T + "simpsons-views.ts", "Simpsons episodes: IMDb rating against US viewers",
       "Plot.dot(data, {x: 'imdb_rating', y: 'us_viewers_in_millions', fill: 'season'}) with a quantize "
       "color legend; rule at zero"),
    _t("dot_weight_height_sport", "athletes", "point x=weight:Q y=height:Q color=sport:N",
       T + "athletes-height-weight-sport.ts", "Weight against height colored by sport",
       "Plot.dot(athletes, Plot.shuffle({seed: 42, x: 'weight', y: 'height', fill: 'sport'})): shuffled so no "
       "sport is drawn on top"),
    _t("heatmap_weight_height_sex", "athletes", "rect x=bin(weight):Q y=bin(height):Q color=sex:N",
       T + "athletes-height-weight-sex.ts", "2-D bins of weight and height, colored by sex",
       "Plot.rect(athletes, Plot.bin({fillOpacity: 'count'}, {x: 'weight', y: 'height', fill: 'sex', "
       "thresholds: 50})): the count is the cell's opacity, which the key has no channel for"),
    _t("ridgeline_unemployment_division", "bls-metro-unemployment", "line x=date:T y=unemployment:Q row=division:N",
       T + "metro-unemployment-ridgeline.ts", "Ridgeline of unemployment per metro division",
       "Plot.areaY(data, {x: 'date', y: 'unemployment'}) and Plot.line of the same, faceted fy by 'division' "
       "(facet: {data, y: 'division'}), sorted by peak"),
    _t("line_availability", "availability", "line x=date:T y=value:Q", T + "availability.ts",
       "Daily availability as a step area",
       "Plot.areaY(data, {x: 'date', y: 'value', interval: 'day', curve: 'step'}) under the same "
       "Plot.lineY; rule at zero"),
    _t("line_projected_deaths", "covid-ihme-projected-deaths", "line x=date:T y=mean:Q other=projected",
       T + "covid-ihme-projected-deaths.ts", "COVID-19 deaths per day, observed then projected",
       "Plot.line(data.slice(0, i + 1), {x: 'date', y: 'mean'}) and the projected rest dashed (the split "
       "is the 'projected' column, recorded in other_fields like a line dash); the cone of uncertainty is "
       "an area y1=lower, y2=upper (no y2 channel in the key); log y"),
    _t("dot_long_jump_100m_country", "decathlon", 'point "x=Long Jump:Q" "y=100 Meters:Q" color=Country:N shape=Country:N',
       T + "decathlon.ts", "Decathlon: long jump against 100 meters by country",
       "Plot.dot(decathlon, {x: 'Long Jump', y: '100 Meters', symbol: 'Country', stroke: 'Country'})"),
    _t("line_daily_downloads", "downloads", "line x=date:T y=downloads:Q", T + "downloads.ts",
       "Daily npm downloads as a step area",
       "Plot.areaY(downloads, {x: 'date', interval: 'day', y: 'downloads', curve: 'step'}) under the same "
       "Plot.lineY; rows with zero downloads filtered out", filtered=True),
    _t("bar_daily_downloads_2019", "downloads", "bar x=date:O y=downloads:Q", T + "downloads-ordinal.ts",
       "Daily downloads, January-February 2019, as ordinal bars",
       "Plot.barY(downloads, {x: 'date', y: 'downloads'}) with x interval 'day' (an ordinal band scale) and "
       "a tick at each bar's top; filtered to Jan-Feb 2019 and downloads > 0", filtered=True),
    _t("dot_hourly_demand", "electricity-demand", "point x=date:T y=mwh:Q", T + "electricity-demand.ts",
       "Hourly electricity demand with a moving average",
       "Plot.dot(electricity, {x: 'date', y: 'mwh'}) under Plot.line(Plot.windowY(24, ...)): the moving "
       "average is computed, the dots are the key"),
    _t("bar_units_by_fruit", "fruit-sales", "bar x=sum(units):Q y=fruit:N", T + "fruit-sales.ts",
       "Units sold per fruit",
       "Plot.barX(sales, Plot.groupY({x: 'sum'}, {x: 'units', y: 'fruit', sort: {y: 'x'}})); also in "
       "class-name.ts"),
    _t("bar_units_by_date_fruit", "fruit-sales", "bar x=date:O y=units:Q color=fruit:N", T + "fruit-sales-date.ts",
       "Units sold per date, stacked by fruit",
       "Plot.barY(sales, Plot.stackY({x: 'date', y: 'units', fill: 'fruit'})) on a band x scale "
       "(dates as ordinal) with fruit labels in the stacks"),
    _t("dot_libor_on_about", "libor-projections", "point x=about:T y=on:T color=value:Q", T + "libor-projections.ts",
       "LIBOR projections: projection date against projected date, colored by rate",
       "Plot.dot(libor, {x: 'about', y: 'on', fill: 'value'}) with January values as text"),
    _t("bar_wealth_by_age", "wealth-britain", "bar x=wealth:Q color=age:N", T + "wealth-britain-bar.ts",
       "Share of wealth by age band, one stacked bar",
       "Plot.barX(data, Plot.stackX({x: 'wealth', fill: 'age'})) with age labels; rules at 0 and 100"),
    _t("needles_electoral_votes", "us-presidential-forecast-2016-histogram",
       "bar x=dem_electoral_votes:Q y=probability:Q color=dem_electoral_votes:Q",
       T + "us-presidential-forecast-2016.ts", "Probability of each electoral-vote total for Clinton",
       "Plot.ruleX(data, {x: 'dem_electoral_votes', y: 'probability', stroke: 'dem_electoral_votes'}): a "
       "rule from 0 to y at each x is a needle bar; threshold color at 270"),
    _t("ridgeline_interest_by_search", "google-trends-2020", "line x=week:T y=interest:Q row=search:N",
       T + "google-trends-ridgeline.ts", "Ridgeline of weekly search interest per search term",
       "Plot.areaY(data, {x: 'week', y: 'interest'}) and Plot.line of the same, faceted fy by 'search' "
       "(facet: {data, y: 'search'})"),
    _t("area_weekly_deaths_transmission", "sf-covid",
       "line x=bin(specimen_collection_date):T y=sum(case_count):Q color=transmission_category:N",
       T + "sf-covid-deaths.ts", "Weekly COVID-19 deaths in San Francisco by transmission category",
       "Plot.areaY(cases, Plot.binX({y: 'sum'}, {x: 'specimen_collection_date', y: 'case_count', fill: "
       "'transmission_category', thresholds: 'week', filter: case_disposition === 'Death'})): weekly bins "
       "are recorded as bin (no week time unit in the key); rows filtered to deaths", filtered=True),
    _t("histogram_stars_weekly", "stargazers", "bar x=bin(date):T y=count()", T + "stargazers-binned.ts",
       "Stargazers added per week",
       "Plot.rectY(stargazers, Plot.binX({y: 'count'}, {x: 'date', thresholds: 'week'})) with a rule at "
       "the median weekly count"),
    _t("stacked_share_by_version", "software-versions", "bar x=count() color=version:O", T + "software-versions.ts",
       "Share of installs per software version, one stacked bar",
       "Plot.barX(data, Plot.stackX(Plot.groupZ({x: 'proportion'}, {z: 'version', fill: 'version'}))) on an "
       "ordinal color scale: a count normalized to a proportion is recorded as count()"),
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
    "test/plots: us-retail-sales, travelers-year-over-year": "two wide columns drawn as two lines (as travelers above)",
    "test/plots: learning-poverty, us-population-state-age*, us-president-favorability-dots, travelers-covid-drop, "
    "nc-absentee-votes (ballot-status-race), energy-production, timestamps (intraday-histogram), "
    "stargazers (cumulative line, hourly bins), libor-projections-facet, us-congress-members (age dots)": "computed "
    "or melted columns",
    "test/plots: first-ladies, caltrain, caltrain-direction, hadcrut-warming-stripes": "interval bars (x1/x2), "
    "stacked text or vectors of computed positions",
    "test/plots: football-coverage": "dots stacked on a rounded (computed) value, faceted",
    "test/plots: young-adults, find (ilc_lvps08)": "filtered to a few countries and drawn as differences or "
    "arrows between the sexes (computed)",
    "test/plots: federal-funds": "the CSV has five header lines that pandas.read_csv without options cannot read",
    "test/plots: us-county-spikes, population-by-latitude/longitude (cities-10k), geo-tip (london-car-access)": "maps",
    "test/plots: fruit-sales single date, class-name": "a 3-row slice, or the same key as bar_units_by_fruit",
    "test/plots on athletes (weight histograms, bins colored by x, cumulative, sort, sport-sex means, "
    "boxing heights, sport-weight proportion-facet, birthdays), alphabet (letter-frequency-*), "
    "bls-metro-unemployment (highlight, slope, index, normalize, moving), morley, traffic-horizon, "
    "music-revenue, likert-survey": "same key as a recorded chart, or a computed channel (highlight flag, "
    "window difference, normalized index, month of date, proportion-facet)",
}
