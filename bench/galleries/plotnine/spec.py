"""plotnine's example and tutorial notebooks (has2k1/plotnine-examples), translated by hand into chart keys.

Read by ../build.py; key syntax in ../ggplot2/spec.py. Charts whose key is exactly one of the
ggplot2 collection's keys on the same table are left out (see EXCLUDED), so that no expert chart
counts twice.
"""

PLOTNINE = "has2k1/plotnine"
PLOTNINE_COMMIT = "6836b99d3a979bc8741d73760460f36f7ad76a9c"
EXAMPLES_COMMIT = "8d48830045b2d71f0c4139a75dc19bbb27ae2d18"

PROVENANCE = {
    "charts_repo": "has2k1/plotnine-examples",
    "charts_commit": EXAMPLES_COMMIT,
    "data_repo": PLOTNINE,
    "data_commit": PLOTNINE_COMMIT,
}


def _data(name: str, origin: str) -> dict:
    return {
        "source_repo": PLOTNINE,
        "source_commit": PLOTNINE_COMMIT,
        "source_path": f"plotnine/data/{name}.csv",
        "origin": origin,
    }


DATASETS = {
    "mpg": _data("mpg", "ggplot2::mpg, EPA fuel economy of 38 car models, 1999 and 2008"),
    "mtcars": _data("mtcars", "R datasets::mtcars (Motor Trend 1974), row names as column 'name'"),
    "economics": _data("economics", "ggplot2::economics, US economic time series (FRED), monthly"),
    "huron": _data("huron", "R datasets::LakeHuron as (year, level) plus plotnine's 'decade' column"),
}

EX = "plotnine_examples/examples/"
TU = "plotnine_examples/tutorials/"


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, EXAMPLES_COMMIT, description, notes, **extra)  # noqa: F821


CHARTS = [
    # --- mpg -------------------------------------------------------------------------------
    _c("beside_boxplot", "mpg", "boxplot x=year:N y=hwy:Q", EX + "Beside.ipynb",
       "Compose plots beside each other",
       "ggplot(mpg, aes('factor(year)', 'hwy')) with geom_boxplot, geom_violin and geom_sina side by "
       "side: all three are the boxplot family with the same fields", in_gallery=False),
    _c("facet_grid_rows", "mpg", "point x=displ:Q y=hwy:Q row=drv:N", EX + "facet_grid.ipynb",
       "Facet grid by rows",
       "ggplot(mpg, aes(x='displ', y='hwy')) + geom_point() + facet_grid('drv'): the first argument "
       "of facet_grid is rows", in_gallery=False),
    _c("facet_grid_cols", "mpg", "point x=displ:Q y=hwy:Q column=cyl:N", EX + "facet_grid.ipynb",
       "Facet grid by columns",
       "... + facet_grid(cols='cyl'): one panel per cylinder count", in_gallery=False),
    _c("facet_grid_rows_cols", "mpg", "point x=displ:Q y=hwy:Q row=drv:N column=cyl:N",
       EX + "facet_grid.ipynb", "Facet grid by rows and columns",
       "... + facet_grid('drv', 'cyl'); later variants (reordered levels, free scales, label_both) "
       "have the same key", in_gallery=False),
    _c("facet_grid_models", "mpg", "point x=drv:N y=model:N row=manufacturer:N", EX + "facet_grid.ipynb",
       "Which drive each model has, by manufacturer",
       "ggplot(mpg, aes(x='drv', y='model')) + geom_point() + facet_grid('manufacturer', "
       "scales='free')", in_gallery=False),
    _c("geom_smooth_colour", "mpg", "point x=displ:Q y=hwy:Q color=drv:N", EX + "geom_smooth.ipynb",
       "Scatter with a linear fit per group",
       "ggplot(mpg, aes(x='displ', y='hwy', color='factor(drv)')) + geom_point() + "
       "geom_smooth(method='lm'): the fits are not in the key; tagged '# Gallery, points'"),
    _c("order_plot_series", "mpg", "bar x=manufacturer:N y=count()", TU + "miscellaneous-order-plot-series.ipynb",
       "Number of Cars by Make",
       "ggplot(mpg) + aes(x='manufacturer') + geom_bar() + coord_flip(): horizontal count bars, later "
       "sorted by count (manufacturer_cat is the same column as a pandas Categorical); tagged "
       "'# Gallery, bars'"),
    # --- mtcars ----------------------------------------------------------------------------
    _c("compose_boxplot", "mtcars", "boxplot x=gear:N y=mpg:Q", EX + "Compose.ipynb",
       "Composition panel: mpg by gears",
       "p3 = ggplot(mtcars, aes('factor(gear)', 'mpg')) + geom_boxplot()", in_gallery=False),
    _c("compose_bar", "mtcars", "bar x=carb:Q y=count()", EX + "Compose.ipynb",
       "Composition panel: cars per carburettor count",
       "p4 = ggplot(mtcars, aes('carb')) + geom_bar(): counts at each value of the numeric carb",
       in_gallery=False),
    _c("compose_facet", "mtcars", "point x=wt:Q y=mpg:Q color=cyl:N column=cyl:N", EX + "Compose.ipynb",
       "Faceted panel in a composition",
       "p2 + aes(color='factor(cyl)') + facet_wrap('cyl', ncol=1)", in_gallery=False),
    _c("plot_spacer_scatter", "mtcars", "point x=wt:Q y=disp:Q", EX + "plot_spacer.ipynb",
       "Weight against displacement",
       "p2 = ggplot(mtcars, aes('wt', 'disp')) + geom_point()", in_gallery=False),
    _c("plot_spacer_boxplot", "mtcars", "boxplot x=cyl:N y=wt:Q", EX + "plot_spacer.ipynb",
       "Weight by cylinders",
       "p3 = ggplot(mtcars, aes('factor(cyl)', 'wt')) + geom_boxplot()", in_gallery=False),
    _c("labs", "mtcars", "point x=mpg:Q y=wt:Q color=cyl:N size=gear:Q", EX + "labs.ipynb",
       "Fuel Efficiency vs. Vehicle Weight",
       "ggplot(mtcars, aes('mpg', 'wt', colour='factor(cyl)', size='gear')) + geom_point(); "
       "tagged '# Gallery, labels'"),
    _c("theme_facet_grid", "mtcars", "point x=wt:Q y=mpg:Q color=cyl:N row=gear:N column=am:N",
       EX + "theme.ipynb", "mpg vs wt",
       "p1 = ggplot(mtcars, aes('wt', 'mpg', color='factor(cyl)')) + geom_point(); p2 = p1 + "
       "facet_grid('gear', 'am')", in_gallery=False),
    _c("theme_bw", "mtcars", "point x=wt:Q y=mpg:Q color=gear:N", EX + "theme_bw.ipynb",
       "Scatter coloured by gears",
       "ggplot(mtcars, aes(x='wt', y='mpg', colour='factor(gear)')) + geom_point(); tagged "
       "'# Gallery, themes' (theme_classic.ipynb draws the same chart)"),
    _c("facet_wrap_cyl", "mtcars", "point x=wt:Q y=mpg:Q column=cyl:N", EX + "get_aesthetic_limits.ipynb",
       "Scatter faceted by cylinders",
       "ggplot(mtcars, aes('wt', 'mpg')) + geom_point() + facet_wrap('cyl', scales='free_x')",
       in_gallery=False),
    _c("factor_bar", "mtcars", "bar x=cyl:N y=count()", EX + "factor.ipynb",
       "Count of cars per cylinder level",
       "ggplot(mtcars, aes(x='factor(cyl)')) + geom_bar()", in_gallery=False),
    _c("bar_counts_labels", "mtcars", "bar x=cyl:N y=count() color=cyl:N",
       TU + "miscellaneous-show-counts-and-percentages-for-bar-plots.ipynb",
       "Show counts and percentages for bar plots",
       "ggplot(mtcars, aes('factor(cyl)', fill='factor(cyl)')) + geom_bar() + geom_text(count "
       "labels): the labels repeat the bar heights; tagged '# Gallery, bars'"),
    _c("bar_group_percentages", "mtcars", "bar x=cyl:N y=count() color=am:N",
       TU + "miscellaneous-show-counts-and-percentages-for-bar-plots.ipynb",
       "Bars with Group Percentages",
       "ggplot(mtcars, aes('factor(cyl)', fill='factor(am)')) + geom_bar(position='dodge2') + "
       "percentage labels; the stacked position='fill' variant (also '# Gallery, bars') has the "
       "same fields"),
    # --- huron -----------------------------------------------------------------------------
    _c("stack_boxplot", "huron", "boxplot x=decade:N y=level:Q", EX + "Stack.ipynb",
       "Lake Huron level by decade",
       "p2 = ggplot(huron, aes('factor(decade)', 'level')) + geom_boxplot()", in_gallery=False),
    _c("stack_histogram", "huron", "bar x=bin(level):Q y=count()", EX + "Stack.ipynb",
       "Distribution of the lake level",
       "p3 = ggplot(huron, aes('level')) + geom_histogram(bins=12) + coord_flip()", in_gallery=False),
    # --- economics -------------------------------------------------------------------------
    _c("date_breaks", "economics", "point x=date:T y=psavert:Q",
       TU + "miscellaneous-manipulating-date-breaks-and-date-labels.ipynb",
       "How does the saving rate vary with time?",
       "ggplot(economics) + geom_point(aes('date', 'psavert')): points on a date axis; the later "
       "cells only change breaks/labels or filter rows 40:60", in_gallery=False),
]

EXCLUDED = {
    "Compose p1 (disp, qsec)": "geom_smooth alone, no points",
    "Compose p2 (wt, mpg) and p2 + colour=factor(cyl)": "same keys as ggplot2 geom_point / geom_point_colour",
    "Stack p1 (year, level line)": "same key as ggplot2 geom_area on huron",
    "facet_grid with 'transmission'": "computed column (transmission derived from trans)",
    "facet_wrap.ipynb (class)": "same key as ggplot2 facet_wrap_class; other cells add computed columns",
    "geom_abline / geom_hline / geom_vline (displ, hwy)": "reference lines only; the scatter is plain mpg displ x hwy (facet_grid('drv') variant = facet_grid_rows)",
    "geom_area (economics date, unemploy)": "same key as ggplot2 geom_line on economics",
    "geom_bar (class, class + fill=drv)": "same keys as ggplot2 geom_bar_count / geom_bar_fill; class2 is a computed column",
    "geom_boxplot (flights)": "data/flights.csv is the flights table of gallery-dev; pageviews boxplot needs a computed hour",
    "miscellaneous-precomputed-boxplot (pageviews)": "factor(hour) is computed from date_hour; the second chart uses precomputed quantiles",
    "geom_col, geom_linerange, geom_point, geom_violin, after_stat, after_scale, aes, stage": "synthetic data frames",
    "geom_count, geom_histogram": "diamonds is a gallery-dev table",
    "geom_density": "kde density has no chart key (mpg cty by drv); the rest is synthetic",
    "geom_line (meat)": "meat is melted to long form (animal/weight are computed columns) and aggregated by hand",
    "geom_map": "maps (geopandas shapes)",
    "geom_path (economics)": "computed column unemploy/pop",
    "geom_segment": "survey-social-media and World Bank tables reshaped with polars (computed columns)",
    "geom_step (economics.iloc[:20])": "filters rows; same fields as ggplot2 geom_line",
    "geom_tile (elements, flights)": "periodic-table layout of computed positions; flights is a gallery-dev table",
    "scale_fill_continuous (faithfuld)": "same key as ggplot2 geom_raster",
    "scale_shape_identity, scale_x_continuous, scale_color_discrete": "synthetic data",
    "miscellaneous-using-letter-as-shapes (wt, mpg, shape=colour=gear)": "same fields as theme_bw with shape doubled",
    "miscellaneous-show-counts-on-a-stacked-bar-plot": "same key as bar_group_percentages",
    "PlotnineAnimation, pyqt5 application, altering-colors, automatic-grouping": "synthetic data",
}
