"""ggforce reference examples (R/*.R roxygen @examples, by ggplot2's maintainer Thomas Lin Pedersen),
translated by hand into chart keys. Read by ../build.py; key syntax in ../ggplot2/spec.py.
"""

PLOTNINE = "has2k1/plotnine"
PLOTNINE_COMMIT = "6836b99d3a979bc8741d73760460f36f7ad76a9c"
C_SINA = "0aec153e4ae452dda51c60e3779d24fad67c3b5c"

PROVENANCE = {
    "charts_repo": "thomasp85/ggforce",
    "charts_note": "each reference names the R file and the commit of the stored version it was read from",
    "data_repo": PLOTNINE,
    "data_commit": PLOTNINE_COMMIT,
    "data_note": "ggplot2::midwest as exported to CSV by plotnine (R's .rda files are not readable here)",
}

DATASETS = {
    "midwest": {
        "source_repo": PLOTNINE,
        "source_commit": PLOTNINE_COMMIT,
        "source_path": "plotnine/data/midwest.csv",
        "origin": "ggplot2::midwest, demographics of 437 Midwest counties (US census 2000)",
    },
}


def _c(example, dataset, key, description, notes, **extra):
    return reference(example, dataset, key, "R/sina.R", C_SINA, description, notes, **extra)  # noqa: F821


CHARTS = [
    _c(
        "points_state_area",
        "midwest",
        "point x=state:N y=area:Q",
        "Strip of county areas by state",
        "ggplot(midwest, aes(state, area)) + geom_point(); the geom_jitter and geom_sina versions "
        "(jittered points) have the same key",
    ),
    _c(
        "violin_state_area",
        "midwest",
        "boxplot x=state:N y=area:Q",
        "Boxplot and violin plots convey the distribution",
        "ggplot(midwest, aes(state, area)) + geom_violin(), then geom_violin() + geom_sina(): violins "
        "recorded as the boxplot family",
    ),
    _c(
        "sina_state_popdensity",
        "midwest",
        "point x=state:N y=popdensity:Q",
        "Sina plot of population density",
        "p <- ggplot(midwest, aes(state, popdensity)) + scale_y_log10(); p + geom_sina(): density-shaped "
        "jitter, log y",
    ),
    _c(
        "sina_state_popdensity_inmetro",
        "midwest",
        "point x=state:N y=popdensity:Q color=inmetro:Q",
        "Colour the points based on the data set's columns",
        "p + geom_sina(aes(colour = inmetro)): inmetro is 0/1 stored as a number, so a continuous colour "
        "scale",
    ),
]

EXCLUDED = {
    "geom_sina (colour = popdensity > 10000)": "computed column",
    "geom_sina (cut_width(area, 0.02))": "computed column",
    "geom_sina / geom_boxplot (rnorm data frame)": "synthetic data",
}
