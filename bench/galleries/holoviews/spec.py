"""HoloViews' getting-started guide (examples/getting_started/*.ipynb in holoviz/holoviews) on the tables it
ships in examples/assets. Read by ../build.py; key syntax in ../ggplot2/spec.py. A wholly new source, used
for training like ../bokeh (not in lida/explore/collections.py HELD_OUT).
"""

COMMIT = "89485c714e0e7257f9d0dcc1898ab64f31fca8c6"
REPO = "holoviz/holoviews"

PROVENANCE = {"charts_repo": REPO, "charts_commit": COMMIT, "data_repo": REPO, "data_commit": COMMIT}

DATASETS = {
    "station_info": {
        "source_repo": REPO,
        "source_commit": COMMIT,
        "source_path": "examples/assets/station_info.csv",
        "origin": "60 New York City subway stations: location, year opened, number of services and ridership "
        "(millions), as used by HoloViews' introduction",
    },
}

GS = "examples/getting_started/1-Introduction.ipynb"


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, COMMIT, description, notes, **extra)  # noqa: F821


CHARTS = [
    _c("scatter_services_ridership", "station_info", "point x=services:Q y=ridership:Q", GS,
       "Ridership against number of services per station",
       "hv.Scatter(station_info, 'services', 'ridership'): services is the key dimension on x"),
    _c("histogram_opened", "station_info", "bar x=bin(opened):Q y=count()", GS,
       "Histogram of the year each station opened",
       "hv.Histogram(np.histogram(station_info['opened'], bins=24), kdims=['opened']), laid out next to the "
       "scatter"),
]

EXCLUDED = {
    "hv.Points(station_info, ['lon', 'lat']) over taxi images (1-Introduction.ipynb)": "points on a map overlay "
    "of a raster (hourly_taxi_data.npz)",
    "diseases.csv.gz (3-Tabular_Datasets.ipynb, Tap stream)": "222,768 rows (too large to keep whole; the charts "
    "aggregate over all of it)",
    "macro.csv (gallery demos, Plotting_with_Bokeh.ipynb)": "read from assets.holoviews.org, not in the repository",
    "energy.csv (sankey), fb_nodes/fb_edges (graphs), emoji_embeddings, spike_train, nyc_taxi (radial heatmap "
    "of computed hours)": "sankey/graph layouts, embeddings or computed channels",
}
