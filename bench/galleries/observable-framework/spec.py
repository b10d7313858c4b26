"""Observable Framework's example apps (examples/*/src/*.md and their components, observablehq/framework):
dashboards drawn with Observable Plot on the data snapshots the examples commit next to their data
loaders. Read by ../build.py; key syntax in ../ggplot2/spec.py. A source no training collection uses
(from the authors of the held-out observable-plot collection), so this collection is HELD OUT
(lida/explore/collections.py HELD_OUT).
"""

COMMIT = "c1c2b2653a0287cbb2fcb4938ee1f74436465bc1"
REPO = "observablehq/framework"

PROVENANCE = {"charts_repo": REPO, "charts_commit": COMMIT, "data_repo": REPO, "data_commit": COMMIT}


def _data(path: str, origin: str) -> dict:
    return {"source_repo": REPO, "source_commit": COMMIT, "source_path": path, "origin": origin}


GA = "examples/google-analytics/src/"
EIA = "examples/eia/src/"

DATASETS = {
    "google-analytics-summary": _data(GA + "data/google-analytics-summary.csv",
                                      "Daily Google Analytics metrics of a website (28-day active users, engagement "
                                      "rate, WAU/MAU, engaged sessions), April-December 2023; snapshot of the example's loader"),
    "google-analytics-time-of-day": _data(GA + "data/google-analytics-time-of-day.csv",
                                          "Active and new users of a website per hour of day and day of week "
                                          "(Google Analytics); snapshot of the example's loader"),
    "us-demand": _data(EIA + "data/us-demand.csv",
                       "Hourly US electricity demand (actual, forecast), net generation and total interchange, "
                       "April 2024 (US EIA API); snapshot of the example's loader"),
    "country-interchange": _data(EIA + "data/country-interchange.csv",
                                 "Hourly US electricity exports to Canada and Mexico, April 2024 (US EIA API)"),
    "kibana_sample_data_logs": _data("examples/loader-elasticsearch/src/data/kibana_sample_data_logs.csv",
                                     "Daily counts of web-server log lines per HTTP response code (Kibana's sample "
                                     "logs, via Elasticsearch)"),
    "covidstats_it": _data("examples/loader-google-bigquery/src/data/covidstats_it.csv",
                           "Confirmed COVID-19 cases in Italy, 2020-05-01 to 2020-05-14 (Google BigQuery public "
                           "COVID-19 dataset)"),
}


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, COMMIT, description, notes, **extra)  # noqa: F821


LINE = "components/lineChart.js: Plot.areaY(data, {x: 'date', y, fillOpacity: 0.2}) under Plot.lineY(data, {x: 'date', y})"
PUNCH = ("components/punchcardChart.js: Plot.dot(data, Plot.group({r: 'median'}, {x: 'hour', y: 'dayOfWeek', r: "
         "value})) on a 24-hour x domain and a Sunday..Saturday y domain")

CHARTS = [
    _c("active_users_28d", "google-analytics-summary", "line x=date:T y=active28d:Q", GA + "index.md",
       "Rolling 28-day active users", "lineChart(summary, {y: 'active28d'}); " + LINE),
    _c("engagement_rate", "google-analytics-summary", "line x=date:T y=engagementRate:Q", GA + "index.md",
       "Engagement rate", "lineChart(summary, {y: 'engagementRate', percent: true}); " + LINE),
    _c("wau_per_mau", "google-analytics-summary", "line x=date:T y=wauPerMau:Q", GA + "index.md",
       "WAU/MAU ratio", "lineChart(summary, {y: 'wauPerMau', percent: true}); " + LINE),
    _c("engaged_sessions", "google-analytics-summary", "line x=date:T y=engagedSessions:Q", GA + "index.md",
       "Engaged sessions", "lineChart(summary, {y: 'engagedSessions'}); " + LINE),
    _c("punchcard_active_users", "google-analytics-time-of-day",
       "point x=hour:O y=dayOfWeek:O size=median(activeUsers):Q", GA + "index.md",
       "Active users per day and hour of week", "punchcardChart(hourly, {value: 'activeUsers'}); " + PUNCH),
    _c("punchcard_new_users", "google-analytics-time-of-day",
       "point x=hour:O y=dayOfWeek:O size=median(newUsers):Q", GA + "index.md",
       "New users per day and hour of week", "punchcardChart(hourly, {value: 'newUsers'}); " + PUNCH),
    _c("demand_generation_forecast", "us-demand", "line x=date:T y=value:Q color=name:N", EIA + "components/charts.js",
       "US electricity demand, generation and forecast",
       "usGenDemandForecastChart: Plot.line(data, {x: 'date', y: d => d.value / 1000, stroke: 'name'}) (MWh shown "
       "as GWh, a rescale); index.md drops the rows named totalInterchange", filtered=True),
    _c("exports_canada_mexico", "country-interchange", "line x=date:T y=value:Q color=name:N",
       EIA + "components/charts.js", "Canada & Mexico interchange",
       "countryInterchangeChart: Plot.areaY(countryInterchangeSeries, {x: 'date', y: d => d.value / 1000, curve: "
       "'step', fill: 'name'}): stacked areas (line family)"),
    _c("log_lines_by_response_code", "kibana_sample_data_logs", "line x=date:T y=count:Q color=response_code:N",
       "examples/loader-elasticsearch/src/index.md", "Daily log lines per response code",
       "Plot.line(logs, {x: 'date', y: 'count', stroke: 'response_code'}) with the code as a label at each line's "
       "end; 'count' is a column, not count()"),
    _c("confirmed_cases", "covidstats_it", "line x=date:T y=confirmed_cases:Q",
       "examples/loader-google-bigquery/src/index.md", "Confirmed cases",
       "Plot.lineY(covidStats, {x: 'date', y: 'confirmed_cases', marker: true})"),
]

EXCLUDED = {
    "google-analytics-channel-breakdown (marimekko)": "filtered marimekko of computed proportions",
    "eia-ba-hourly (top 5 balancing authorities, table)": "the latest hour's top five (computed) and a data table",
    "eia maps, us-dams, deckgl (dft-road-collisions), gaia, nyc-taxi": "maps, 3-D layers or raster density",
    "penguins (loader-* examples)": "vega-datasets table",
    "plot, mortgage-rates, chess, api and other examples": "data fetched at build time by loaders; no snapshot "
    "in the repository",
}
