"""plotly.py's documentation pages (doc/python/*.md) on plotly express's bundled tables that are not
vega-datasets copies. Read by ../build.py; key syntax in ../ggplot2/spec.py.
"""

PLOTLY_COMMIT = "de4f21b322b5859f003e126fd8b94489e6f6ca17"
REPO = "plotly/plotly.py"

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
]

EXCLUDED = {
    "medals_wide bars (bar-charts.md, px-arguments.md, wide-form.md)": "wide-form y=['gold', 'silver', 'bronze'] melts inside px: the value/variable fields are computed",
    "medals_wide imshow (heatmaps.md)": "heatmap of the wide matrix: the cell value is not a column",
    "wind px.scatter(df, y='frequency') (shapes.md, text-and-annotations.md)": "row index on x; a demo of shapes and annotations",
    "election (choropleth, ternary, scatter_3d, facet-plots.md)": "maps, ternary and 3-D axes have no chart key; facet-plots.md melts the candidates",
    "carshare (scatter_map, hexbin-mapbox.md)": "maps",
    "experiment": "no chart on it in the documentation pages",
    "tips, iris, gapminder, stocks": "gallery-dev table or vega-datasets tables",
}
