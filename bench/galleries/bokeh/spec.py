"""Bokeh's example gallery (examples/**/*.py in bokeh/bokeh) on tables of the bokeh-sampledata package
that are neither vega-datasets nor gallery-dev tables nor tables of another collection. Read by
../build.py; key syntax in ../ggplot2/spec.py. A wholly new source, used for TRAINING (not in
lida/explore/collections.py HELD_OUT; see README.md for why).
"""

COMMIT = "8fbd227bd4bfbec550c064def50a35fd8db7934f"
REPO = "bokeh/bokeh"
SAMPLEDATA = "bokeh-sampledata 2026.1 (bokeh_sampledata-2026.1-py3-none-any.whl)"
DATA_REPO = "bokeh/bokeh_sampledata"
DATA_COMMIT = "4195d5e5c3094ef578be168778c7e9501138f921"

PROVENANCE = {
    "charts_repo": REPO,
    "charts_commit": COMMIT,
    "data_repo": DATA_REPO,
    "data_commit": DATA_COMMIT,
    "data_note": "src/bokeh_sampledata/_data/ of that commit; the same bytes (after gunzip) are in the PyPI package "
    f"{SAMPLEDATA}, whose bokeh_sampledata-2026.1.dist-info/licenses/licenses/datasets.json records each "
    "dataset's license",
}


def _data(path: str, conversion: str, origin: str, license_: str) -> dict:
    return {
        "source_repo": DATA_REPO,
        "source_commit": DATA_COMMIT,
        "source_path": f"src/bokeh_sampledata/_data/{path}",
        "conversion": conversion,
        "origin": origin,
        "license": license_,
    }


DATASETS = {
    "sea_surface_temperature": _data(
        "sea_surface_temperature.csv.gz", "gunzip (byte-identical to the decompressed file)",
        "Sea surface temperature every 30 minutes at buoy B01 (43.18, -70.43), Gulf of Maine, 2016-2017 "
        "(NERACOOS ERDDAP, dataset B01_sbe37_all)", "free to use and redistribute (NERACOOS; LicenseRef-NERACOOS)"),
    "elements": _data(
        "elements.csv", "none (byte for byte)",
        "Periodic table: 118 elements with mass, density, melting point, type, group and period",
        "public domain (historical Bokeh sample)"),
    "us_marriages_divorces": _data(
        "us_marriages_divorces.csv", "none (byte for byte)",
        "US marriages and divorces per year and per 1,000 people, 1867-2011 (CDC/NCHS, organized by Randal S. Olson)",
        "public domain"),
    "glucose": _data(
        "CGM.csv", "keep the header and the rows whose datetime is in October 2010 "
        "(awk -F, 'NR==1 || substr($2,1,7)==\"2010-10\"'): 2,788 of 52,281 rows, so that the table stays "
        "small; every chart of the gallery draws a day or a week of that month (2010-10-06 to 2010-10-13)",
        "Continuous glucose monitor readings every 5 minutes (isig, datetime, glucose), one person, 2010",
        "public domain (supplied to Bokeh by a personal acquaintance of Bryan Van de Ven)"),
}

EX = "examples/"


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, COMMIT, description, notes, **extra)  # noqa: F821


CHARTS = [
    _c("sea_surface_temperature_line", "sea_surface_temperature", 'line "x=time (UTC):T" "y=temperature (celsius):Q"',
       EX + "server/api/standalone_embed.py", "Sea Surface Temperature at 43.18, -70.43",
       "plot.line('time', 'temperature', source=df) on a datetime x axis; the sampledata loader only renames "
       "the columns ('time (UTC)' -> index 'time', 'temperature (celsius)' -> 'temperature'); a slider "
       "smooths with a rolling mean; the same plot is in flask_embed.py, flask_gunicorn_embed.py, "
       "tornado_embed.py and notebook_embed.ipynb"),
    _c("periodic_table", "elements", "rect x=group:O y=period:O color=metal:N", EX + "topics/categorical/periodic.py",
       "Periodic Table (omitting LA and AC Series)",
       "p.rect('group', 'period', 0.95, 0.95, color=factor_cmap('metal', ...)) with text of symbol, name, "
       "atomic number and mass in each cell; periods relabelled I-VII; rows with group '-' (lanthanides, "
       "actinides) and Lr, Lu dropped", filtered=True),
    _c("marriages_vs_divorces", "us_marriages_divorces", "point x=Divorces_per_1000:Q y=Marriages_per_1000:Q",
       EX + "reference/models/range_slider_server.py", "Marriages against divorces per 1,000 people",
       "plot_figure.scatter('divorcep1000', 'marriagep1000') with a RangeSlider filtering years; the "
       "sampledata loader fills gaps by linear interpolation"),
    _c("glucose_week", "glucose", "line x=datetime:T y=glucose:Q", EX + "basic/annotations/box_annotation.py",
       "Glucose Range",
       "p.line('datetime', 'glucose', source=data.loc['2010-10-06':'2010-10-13']) over box annotations of "
       "the low/normal/high ranges; datetime_tick_context.py and glyph_hover.py draw one day "
       "(2010-10-06) as a dashed line with points", filtered=True),
]

EXCLUDED = {
    "elements scatters of density against atomic mass (plotting/custom_tooltip.py, basic/scatters/elements.py)": "the "
    "'atomic mass' column is text ('[209]' for unstable elements); both examples parse it to numbers first "
    "(computed column), and a numeric key on a text column would mislead training",
    "penguins, iris, autompg, autompg2, stocks, gapminder, anscombe, population, unemployment, airports, "
    "titanic, movies, antibiotics": "vega-datasets tables or variants (antibiotics is vega's burtin, autompg2 is "
    "ggplot2's mpg, a training table; titanic is gallery-dev's)",
    "us_marriages_divorces two lines (plotting/us_marriages_divorces_hover.py)": "two wide columns drawn as two "
    "lines (as observable-plot's travelers)",
    "daylight (basic/annotations/span.py)": "two wide columns (Sunrise, Sunset) as two lines",
    "sprint (basic/bars/intervals.py, plotting/sprint.py, output/apis/file_html.py)": "interval bars of "
    "per-year min/max, or x = computed MetersBack",
    "browsers (topics/pie/donut.py)": "Browser and Share are computed from 'Browser Version' by the loader, "
    "and shares under 1% are lumped into a computed 'Other'",
    "commits (topics/categorical/scatter_jitter.py)": "the file is a list of dates without a header; day and "
    "time are computed by the loader",
    "perceptions/probly, cows, lincoln (ridgeplot, density, sinaplot)": "kernel density estimates",
    "forensic_glass (correlogram)": "computed correlations",
    "emissions (slope_graph.py)": "merged 2000/2010 columns (computed)",
    "unemployment1948 (heatmap_unemployment.py)": "melted wide months",
    "sample_superstore (crosstab.py, treemap.py)": "crosstab proportions and squarified treemap positions (computed)",
    "mtb (models/trail.py), us_states, us_counties, world_cities": "maps or computed distance/slope",
}
