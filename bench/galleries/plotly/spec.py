"""plotly.py's documentation pages (doc/python/*.md) on plotly express's bundled tables that are not
vega-datasets copies. Read by ../build.py; key syntax in ../ggplot2/spec.py.
"""

PLOTLY_COMMIT = "de4f21b322b5859f003e126fd8b94489e6f6ca17"
REPO = "plotly/plotly.py"
DATASETS_REPO = "plotly/datasets"
DATASETS_COMMIT = "0c447c47b757ad74edecab31f0d72f849d2e67c2"

PROVENANCE = {
    "charts_repo": REPO,
    "charts_commit": PLOTLY_COMMIT,
    "data_repo": REPO,
    "data_commit": PLOTLY_COMMIT,
    "data_note": "plotly/package_data/datasets/*.csv.gz, gunzipped; medals_long is the unpivot that "
    "px.data.medals_long() applies to medals.csv.gz",
}

DATASETS = {
    "wind": {
        "source_repo": REPO,
        "source_commit": PLOTLY_COMMIT,
        "source_path": "plotly/package_data/datasets/wind.csv.gz",
        "conversion": "gunzip (byte-identical to the decompressed file)",
        "origin": "px.data.wind(): frequency of each wind strength band in 16 compass directions",
    },
    "medals_long": {
        "source_repo": REPO,
        "source_commit": PLOTLY_COMMIT,
        "source_path": "plotly/package_data/datasets/medals.csv.gz",
        "conversion": "gunzip, then the unpivot of px.data.medals_long() (plotly/data/__init__.py): "
        "index=['nation'], variable_name='medal', value_name='count'; written with "
        "pandas.melt(id_vars=['nation'], var_name='medal', value_name='count').to_csv(index=False)",
        "origin": "Olympic short track speed skating medal table, top three nations as of 2020",
    },
    "wind_speed_laurel_nebraska": {
        "source_repo": DATASETS_REPO,
        "source_commit": DATASETS_COMMIT,
        "source_path": "wind_speed_laurel_nebraska.csv",
        "conversion": "none (git show of the file at that commit)",
        "origin": "10-minute wind speed averages and standard deviations at Laurel, Nebraska, "
        "2001-06-11/12 (plotly/datasets, read by URL in continuous-error-bars.md)",
    },
    "2014_usa_states": {
        "source_repo": DATASETS_REPO,
        "source_commit": DATASETS_COMMIT,
        "source_path": "2014_usa_states.csv",
        "conversion": "none (git show of the file at that commit)",
        "origin": "2014 population estimate of each US state with its rank and postal code (plotly/datasets)",
    },
}

DOC = "doc/python/"


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, PLOTLY_COMMIT, description, notes, **extra)  # noqa: F821


CHARTS = [
    # --- wind ------------------------------------------------------------------------------
    _c("wind_rose", "wind", "bar x=direction:O y=frequency:Q color=strength:O", DOC + "wind-rose-charts.md",
       "Wind Rose Chart with Plotly Express",
       "px.bar_polar(df, r='frequency', theta='direction', color='strength'): bars stacked by "
       "strength around the compass, recorded as its cartesian bar (x=theta field, y=r field); one "
       "row per direction x strength, no aggregate; also in plotly-express.md and discrete-color.md"),
    _c("polar_scatter", "wind", "point x=direction:O y=frequency:Q color=strength:O shape=strength:O",
       DOC + "polar-chart.md", "Polar chart with Plotly Express",
       "px.scatter_polar(df, r='frequency', theta='direction', color='strength', symbol='strength', "
       "size='frequency'): points in polar coordinates recorded as their cartesian point "
       "(x=theta field, y=r field); size repeats r; plotly-express.md has the same chart without size"),
    _c("polar_line", "wind", "line x=direction:O y=frequency:Q color=strength:O", DOC + "polar-chart.md",
       "Line polar chart",
       "px.line_polar(df, r='frequency', theta='direction', color='strength', line_close=True): one "
       "closed line per strength band; also in plotly-express.md"),
    # --- medals_long -----------------------------------------------------------------------
    _c("long_form_bar", "medals_long", "bar x=nation:N y=count:Q color=medal:N", DOC + "bar-charts.md",
       "Bar chart with Long-Form Input",
       "px.bar(long_df, x='nation', y='count', color='medal'): one row per nation x medal stacked, no "
       "aggregate ('count' is a column); also in px-arguments.md and wide-form.md"),
    _c("bar_by_medal", "medals_long", "bar x=medal:N y=count:Q color=nation:N", DOC + "bar-charts.md",
       "Bar chart with text on bars",
       "px.bar(df, x='medal', y='count', color='nation', text_auto=True); pattern-hatching-texture.md "
       "and plotly-express.md draw the same with pattern_shape='nation'"),
    _c("dot_plot", "medals_long", "point x=count:Q y=nation:N color=medal:N shape=medal:N",
       DOC + "dot-plots.md", "Dot plot",
       "px.scatter(df, y='nation', x='count', color='medal', symbol='medal'); also in "
       "categorical-axes.md and line-and-scatter.md"),
    _c("grouped_scatter", "medals_long", "point x=nation:N y=count:Q color=medal:N",
       DOC + "line-and-scatter.md", "Grouped scatter points",
       "px.scatter(df, y='count', x='nation', color='medal') with scattermode='group': points dodged "
       "by medal"),
    _c("stacked_area", "medals_long", "line x=medal:N y=count:Q color=nation:N", DOC + "filled-area-plots.md",
       "Stacked area chart with pattern fills",
       "px.area(df, x='medal', y='count', color='nation', pattern_shape='nation'): area is the line "
       "family; also in pattern-hatching-texture.md"),
    # --- wind_speed_laurel_nebraska -----------------------------------------------------------
    _c("continuous_error_band", "wind_speed_laurel_nebraska", 'line x=Time:T "y=10 Min Sampled Avg:Q"',
       DOC + "continuous-error-bars.md", "Filling within the bounds of a continuous error band",
       "go.Scatter(x=df['Time'], y=df['10 Min Sampled Avg'], mode='lines') plus an upper and lower "
       "trace at avg +- '10 Min Std Dev' filled between them: the band is computed, the line is the key"),
    # --- 2014_usa_states ----------------------------------------------------------------------
    _c("state_population_markers", "2014_usa_states", "point x=Postal:N y=Population:Q color=Population:Q",
       DOC + "line-and-scatter.md", "Data Labels on Hover",
       "go.Scatter(x=data['Postal'], y=data['Population'], mode='markers', marker_color=data['Population'], "
       "text=data['State']): one marker per state, colored by the same measure; table.md shows the table"),
]

EXCLUDED = {
    "medals_wide bars (bar-charts.md, px-arguments.md, wide-form.md)": "wide-form y=['gold', 'silver', 'bronze'] melts inside px: the value/variable fields are computed",
    "medals_wide imshow (heatmaps.md)": "heatmap of the wide matrix: the cell value is not a column",
    "wind px.scatter(df, y='frequency') (shapes.md, text-and-annotations.md)": "row index on x; a demo of shapes and annotations",
    "election (choropleth, ternary, scatter_3d, facet-plots.md)": "maps, ternary and 3-D axes have no chart key; facet-plots.md melts the candidates",
    "carshare (scatter_map, hexbin-mapbox.md)": "maps",
    "experiment (wide-form.md)": "simulated participants (synthetic data, per px.data.experiment's docstring); "
    "the charts melt experiment_1..3",
    "tips, iris, gapminder": "gallery-dev table or vega-datasets tables",
    "px_stocks (px.data.stocks(): time-series.md, linear-fits.md, facet-plots.md, ...)": "a stock-price table: the "
    "held-out check draws vega-datasets' stocks, so every stock table stays out of training (as in observable-plot)",
    "plotly/datasets tables read by URL (finance-charts-apple, 2014_apple_stock, iris-data, gapminderDataFiveYear, "
    "violin_data, titanic, volcano, earthquakes-23k)": "stock-price variants or copies of vega-datasets / "
    "gallery-dev tables (violin_data is tips)",
    "plotly/datasets map, 3-D, hierarchy and table pages (us-cities-top-1k, laucnty16, minoritymajority, "
    "2011_us_ag_exports, sales_success, coffee-flavors, mt_bruno_elevation, Mining-BTC-180, ...)": "maps, "
    "3-D surfaces, sunbursts/icicles and tables have no chart key",
    "monthly-milk-production-pounds (peak-finding.md)": "y against the row index, not a column",
    "imports-85 (parallel-categories-diagram.md), diabetes (splom.md), hobbs-pearson-trials, polar_dataset "
    "(polar-chart.md)": "parallel categories and scatter-plot matrices have no single key; the polar pages "
    "draw one trace per pair of wide columns (trial_1_r/trial_1_theta, ...)",
    "gss_2002_5_pt_likert (horizontal-bar-charts.md)": "computed: disagree answers negated for a diverging bar",
    "volcano_db (mixed-subplots.md)": "latin-1 file (pandas.read_csv without options cannot read it); the bar is "
    "a computed top-10 value_counts next to a globe map",
}
