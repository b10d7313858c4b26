"""ggplot2 reference examples (roxygen @examples in R/*.R), translated by hand into chart keys.

Read by ../build.py. Key syntax: `MARK ch=FIELD:T ...` with T in Q/N/O/T, `count()`,
`mean(f):Q`, `sum(f):Q`, `bin(f):Q`, `year(f):T`, and `other=f1,f2` for fields on other channels.
"""

PLOTNINE = "has2k1/plotnine"
PLOTNINE_COMMIT = "6836b99d3a979bc8741d73760460f36f7ad76a9c"

PROVENANCE = {
    "charts_repo": "tidyverse/ggplot2",
    "charts_note": "each reference names the R file and the commit of the stored version it was read from",
    "data_repo": PLOTNINE,
    "data_commit": PLOTNINE_COMMIT,
    "data_note": "plotnine ships ggplot2's example datasets as CSV exports (plotnine/data/*.csv); "
    "R's .rda files are not readable here",
}


def _data(origin: str) -> dict:
    return {"source_repo": PLOTNINE, "source_commit": PLOTNINE_COMMIT, "origin": origin}


DATASETS = {
    "mpg": {**_data("ggplot2::mpg, EPA fuel economy of 38 car models, 1999 and 2008"),
            "source_path": "plotnine/data/mpg.csv"},
    "mtcars": {**_data("R datasets::mtcars (Motor Trend 1974), row names as column 'name'"),
               "source_path": "plotnine/data/mtcars.csv"},
    "economics": {**_data("ggplot2::economics, US economic time series (FRED), monthly"),
                  "source_path": "plotnine/data/economics.csv"},
    "economics_long": {**_data("ggplot2::economics_long, economics in long form with value01 rescaled to 0-1"),
                       "source_path": "plotnine/data/economics_long.csv"},
    "faithfuld": {**_data("ggplot2::faithfuld, 2-D density estimate of Old Faithful eruptions x waiting"),
                  "source_path": "plotnine/data/faithfuld.csv"},
    "msleep": {**_data("ggplot2::msleep, sleep times and weights of 83 mammals"),
               "source_path": "plotnine/data/msleep.csv"},
    "luv_colours": {**_data("ggplot2::luv_colours, the colors() of R in Luv space, with the color name in 'col'"),
                    "source_path": "plotnine/data/luv_colours.csv"},
    "faithful": {**_data("R datasets::faithful, Old Faithful eruption durations and waiting times"),
                 "source_path": "plotnine/data/faithful.csv"},
    "huron": {**_data("R datasets::LakeHuron as data.frame(year, level) plus plotnine's 'decade' column"),
              "source_path": "plotnine/data/huron.csv"},
}

C_POINT = "124dd5f72215330832d8ec3b4f1ef03c672b7b39"
C_BAR = "02c3a4c8a6a6fe563f2acb0b650264792f2f785e"
C_BOXPLOT = "09947465af1527dcbb93451e4f234ddabdd04498"
C_PATH = "008328f766ba9aca7718be56a6efc6fa6592efab"
C_TILE = "008328f766ba9aca7718be56a6efc6fa6592efab"
C_COUNT = "04cda8df245a98389879abf039d4d1d5623ddb36"
C_VIOLIN = "02b0234bb0954d442d7705c3b087f0af19f8fe6b"
C_FACET_WRAP = "02c3a4c8a6a6fe563f2acb0b650264792f2f785e"
C_JITTER = "2828519f01eb30d5e0d36eddf089d535354d35db"
C_RIBBON = "0a99ec7c3acc9ec15b912d61da991662cc6d88dd"
C_SUMMARY = "02a6cdeba53165cc5b94e715df11883110760ffd"
C_POLAR = "09b9020c9f7c7a9774324e2a90e78569b85d7780"
C_DODGE = "01243456b2ffa86d58e0c7a85e1942510e56ac72"
C_LOGTICKS = "0777b42c3d0f9caf6bf72f5bf7f43c17d944a309"
C_SMOOTH = "0b49d149f98e6b3f5260e53dcfa3e4971b70468a"
C_IDENTITY = "0000881199a55cf579af65575105d7652dbd8839"
C_ELLIPSE = "008018cce9a5063efb2eaa9cb917850a3ee762ea"


_c = reference  # noqa: F821  (build.py provides it)


CHARTS = [
    # --- mpg -------------------------------------------------------------------------------
    _c("geom_bar_count", "mpg", "bar x=class:N y=count()", "R/geom-bar.R", C_BAR,
       "Number of cars in each class",
       "ggplot(mpg, aes(class)) + geom_bar(): stat_count"),
    _c("geom_bar_weight", "mpg", "bar x=class:N y=sum(displ):Q", "R/geom-bar.R", C_BAR,
       "Total engine displacement of each class",
       "g + geom_bar(aes(weight = displ)): stat_count with weights is the sum of displ per class"),
    _c("geom_bar_fill", "mpg", "bar x=class:N y=count() color=drv:N", "R/geom-bar.R", C_BAR,
       "Bar charts are automatically stacked",
       "g + geom_bar(aes(fill = drv)): counts stacked by drv"),
    _c("geom_boxplot", "mpg", "boxplot x=class:N y=hwy:Q", "R/geom-boxplot.R", C_BOXPLOT,
       "A box and whiskers plot",
       "ggplot(mpg, aes(class, hwy)) + geom_boxplot(); later variants (notch, varwidth, flipped "
       "axes, jitter overlay) have the same key"),
    _c("geom_boxplot_colour", "mpg", "boxplot x=class:N y=hwy:Q color=drv:N", "R/geom-boxplot.R",
       C_BOXPLOT, "Boxplots are automatically dodged when any aesthetic is a factor",
       "p + geom_boxplot(aes(colour = drv))"),
    _c("geom_count", "mpg", "point x=cty:Q y=hwy:Q size=count()", "R/geom-count.R", C_COUNT,
       "Count overlapping points",
       "ggplot(mpg, aes(cty, hwy)) + geom_count(): stat_sum maps the number of rows at each "
       "(cty, hwy) to point area; the file's first example is the plain geom_point of the same axes"),
    _c("geom_jitter_colour", "mpg", "point x=cyl:Q y=hwy:Q color=class:N", "R/geom-jitter.R",
       C_JITTER, "Jittered points with an aesthetic mapping",
       "ggplot(mpg, aes(cyl, hwy)) + geom_jitter(aes(colour = class)); cyl is numeric in R, so a "
       "continuous x; jitter is not in the key"),
    _c("geom_smooth_colour", "mpg", "point x=displ:Q y=hwy:Q color=class:N", "R/geom-smooth.R",
       C_SMOOTH, "Smooths are automatically fit to each group",
       "ggplot(mpg, aes(displ, hwy, colour = class)) + geom_point() + geom_smooth(se = FALSE, "
       "method = lm): the fitted lines are not in the key"),
    _c("facet_wrap_class", "mpg", "point x=displ:Q y=hwy:Q column=class:N", "R/facet-wrap.R",
       C_FACET_WRAP, "Wrap a 1d ribbon of panels into 2d",
       "ggplot(mpg, aes(displ, hwy)) + geom_point() + facet_wrap(vars(class))"),
    # --- mtcars ----------------------------------------------------------------------------
    _c("geom_point", "mtcars", "point x=wt:Q y=mpg:Q", "R/geom-point.R", C_POINT,
       "Points: scatterplot",
       "p <- ggplot(mtcars, aes(wt, mpg)); p + geom_point()"),
    _c("geom_point_colour", "mtcars", "point x=wt:Q y=mpg:Q color=cyl:N", "R/geom-point.R", C_POINT,
       "Add aesthetic mappings",
       "p + geom_point(aes(colour = factor(cyl))): factor() makes cyl discrete; the next example "
       "maps factor(cyl) to shape instead (not recorded separately)"),
    _c("geom_point_bubble", "mtcars", "point x=wt:Q y=mpg:Q size=qsec:Q", "R/geom-point.R", C_POINT,
       "A bubblechart",
       "p + geom_point(aes(size = qsec))"),
    _c("geom_violin", "mtcars", "boxplot x=cyl:N y=mpg:Q", "R/geom-violin.R", C_VIOLIN,
       "Violin plot",
       "ggplot(mtcars, aes(factor(cyl), mpg)) + geom_violin(): violins recorded as the boxplot family"),
    _c("stat_summary_mean", "mtcars", "point x=cyl:Q y=mean(mpg):Q", "R/stat-summary.R", C_SUMMARY,
       "Summarise y values at unique x",
       "ggplot(mtcars, aes(cyl, mpg)) + stat_summary(fun = 'mean', geom = 'point')"),
    _c("stat_summary_line", "mtcars", "line x=cyl:Q y=mean(mpg):Q color=vs:N", "R/stat-summary.R",
       C_SUMMARY, "Summary line per group",
       "d <- ggplot(mtcars, aes(cyl, mpg)) + geom_point(); d + aes(colour = factor(vs)) + "
       "stat_summary(fun = mean, geom = 'line'): mean mpg per cyl joined by lines, one per vs, "
       "over the raw points"),
    _c("coord_polar_pie", "mtcars", "arc theta=count() color=cyl:N", "R/coord-polar.R", C_POLAR,
       "A pie chart = stacked bar chart + polar coordinates",
       "ggplot(mtcars, aes(x = factor(1), fill = factor(cyl))) + geom_bar(width = 1) + "
       "coord_radial(theta = 'y'): share of cars by cyl"),
    _c("position_dodge", "mtcars", "bar x=cyl:N y=count() color=vs:N", "R/position-dodge.R", C_DODGE,
       "Dodge overlapping objects side-to-side",
       "ggplot(mtcars, aes(factor(cyl), fill = factor(vs))) + geom_bar(position = 'dodge2')"),
    _c(
        "scale_size_cyl",
        "mtcars",
        "point x=mpg:Q y=wt:Q size=cyl:Q",
        "R/scale-identity.R",
        C_IDENTITY,
        "cyl scaled to appropriate size",
        "ggplot(mtcars, aes(mpg, wt)) + geom_point(aes(size = cyl)); the next example uses cyl as the "
        "point size itself (scale_size_identity), same fields",
    ),
    # --- luv_colours -----------------------------------------------------------------------
    _c(
        "scale_colour_identity",
        "luv_colours",
        "point x=u:Q y=v:Q color=col:N",
        "R/scale-identity.R",
        C_IDENTITY,
        "Use values without scaling",
        "ggplot(luv_colours, aes(u, v)) + geom_point(aes(colour = col), size = 3) + "
        "scale_color_identity() + coord_fixed(): each point drawn in the color it names, no legend",
    ),
    # --- faithful --------------------------------------------------------------------------
    _c(
        "stat_ellipse",
        "faithful",
        "point x=waiting:Q y=eruptions:Q",
        "R/stat-ellipse.R",
        C_ELLIPSE,
        "Calculate data ellipses",
        "ggplot(faithful, aes(waiting, eruptions)) + geom_point() + stat_ellipse(): the ellipse is not "
        "in the key; the later examples colour by eruptions > 3 (a computed column). The stored version "
        "of this file is an old one; the example is unchanged in current ggplot2",
    ),
    # --- economics -------------------------------------------------------------------------
    _c("geom_line", "economics", "line x=date:T y=unemploy:Q", "R/geom-path.R", C_PATH,
       "geom_line() is suitable for time series",
       "ggplot(economics, aes(date, unemploy)) + geom_line(); one row per month, no aggregate"),
    _c("geom_line_arrow", "economics", "line x=date:T y=pop:Q", "R/geom-path.R", C_PATH,
       "Use the arrow parameter to add an arrow to the line",
       "ggplot(economics, aes(x = date, y = pop)) + geom_line(arrow = arrow())"),
    # --- economics_long --------------------------------------------------------------------
    _c("geom_line_colour", "economics_long", "line x=date:T y=value01:Q color=variable:N",
       "R/geom-path.R", C_PATH, "Several rescaled series on one time axis",
       "ggplot(economics_long, aes(date, value01, colour = variable)) + geom_line()"),
    _c("facet_wrap_free_y", "economics_long", "line x=date:T y=value:Q column=variable:N",
       "R/facet-wrap.R", C_FACET_WRAP, "Small multiples with free y scales",
       "ggplot(economics_long, aes(date, value)) + geom_line() + facet_wrap(vars(variable), "
       "scales = 'free_y', nrow = 2)"),
    # --- faithfuld -------------------------------------------------------------------------
    _c("geom_raster", "faithfuld", "rect x=waiting:Q y=eruptions:Q color=density:Q", "R/geom-tile.R",
       C_TILE, "The most common use for rectangles is to draw a surface",
       "ggplot(faithfuld, aes(waiting, eruptions)) + geom_raster(aes(fill = density)): one row per "
       "grid cell, no aggregate"),
    # --- msleep ----------------------------------------------------------------------------
    _c("annotation_logticks", "msleep", "point x=bodywt:Q y=brainwt:Q", "R/annotation-logticks.R",
       C_LOGTICKS, "Make a log-log plot",
       "ggplot(msleep, aes(bodywt, brainwt)) + geom_point(na.rm = TRUE) + scale_x_log10() + "
       "scale_y_log10(): log-log axes"),
    # --- huron -----------------------------------------------------------------------------
    _c("geom_area", "huron", "line x=year:Q y=level:Q", "R/geom-ribbon.R", C_RIBBON,
       "Ribbons and area plots",
       "huron <- data.frame(year = 1875:1972, level = as.vector(LakeHuron)); h + geom_area(aes(y = "
       "level)): area recorded as the line family; the ribbon (level +- 1) and the flipped area "
       "variants have the same fields"),
]

EXCLUDED = {
    "stat_ellipse (colour = eruptions > 3)": "computed column eruptions > 3",
    "scale_identity (data.frame tiles)": "synthetic data",
    "geom_point (diamonds, alpha)": "diamonds is a gallery-dev table",
    "geom_point shape=factor(cyl)": "same chart as geom_point_colour with shape instead of colour",
    "geom_point (mtcars2)": "computed column: mpg set to NA at random (transform + runif)",
    "geom_bar (data.frame examples)": "synthetic data frames built in the example",
    "geom_boxplot (diamonds)": "diamonds is a gallery-dev table; cut_width() groups are computed",
    "geom_count (diamonds, after_stat(prop))": "diamonds is a gallery-dev table",
    "geom_violin (ggplot2movies)": "movies is a vega-datasets table (and needs the ggplot2movies package)",
    "geom_path (unemploy/pop vs psavert)": "computed column unemploy/pop inside aes()",
    "geom_line (recent economics)": "filters rows (date > 2013-01-01) for a geom_step demo",
    "geom_segment (seals)": "map of arrows with computed ends long + delta_long; needs the maps package",
    "geom_tile (data.frame / expand.grid)": "synthetic data",
    "geom_tile (mtcars stat_bin2d / stat_density)": "demo of stats on factor(cyl); the plain point version is not recorded",
    "facet_wrap(vars(cyl, drv))": "two wrapped facet variables have no single row/column channel",
    "facet_wrap (class2 reorder, repeated grey data)": "same key as facet_wrap_class",
    "geom_smooth (kyphosis)": "rpart::kyphosis is not available as a CSV here",
    "stat_summary (diamonds)": "diamonds is a gallery-dev table",
    "stat_summary mean_cl_boot crossbars": "same fields as stat_summary_mean",
    "coord_polar (ggplot2movies windrose)": "movies is a vega-datasets table; cut_interval() columns are computed",
    "coord_polar coxcomb": "radius-encoded bars have no key in the vocabulary; pie recorded instead",
    "position_dodge (diamonds histograms)": "diamonds is a gallery-dev table",
    "position_dodge (mpg, colour = hwy < 30)": "computed column hwy < 30",
    "geom_ribbon (synthetic df)": "synthetic data",
}
