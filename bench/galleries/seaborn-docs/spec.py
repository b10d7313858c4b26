"""seaborn's API-docstring and tutorial notebooks (doc/_docstrings, doc/_tutorial) on seaborn-data tables
that are neither in gallery-dev nor copies of vega-datasets tables. Read by ../build.py; key syntax
in ../ggplot2/spec.py.
"""

SEABORN_COMMIT = "f04b6cd5484267a0885d1fed068e99dff3a1b226"
DATA_REPO = "mwaskom/seaborn-data"
DATA_COMMIT = "71e2436a092d714350de0fc409ca8a8714e7e78f"

PROVENANCE = {
    "charts_repo": "mwaskom/seaborn",
    "charts_commit": SEABORN_COMMIT,
    "data_repo": DATA_REPO,
    "data_commit": DATA_COMMIT,
}


def _data(name: str, origin: str) -> dict:
    return {
        "source_repo": DATA_REPO,
        "source_commit": DATA_COMMIT,
        "source_path": f"{name}.csv",
        "origin": origin,
    }


DATASETS = {
    "glue": _data("glue", "GLUE benchmark scores of 8 NLP models on 8 tasks (gluebenchmark.com leaderboard)"),
    "healthexp": _data("healthexp", "Health spending per capita (USD) and life expectancy, 6 countries, 1970-2020 (OECD)"),
    "dowjones": _data("dowjones", "Monthly Dow Jones Industrial Average, 1914-1968"),
    "seaice": _data("seaice", "Daily Arctic sea ice extent from 1980 (NSIDC)"),
    "attention": _data("attention", "Attention x number of solutions experiment, 20 subjects (psych252 course data)"),
}

DS = "doc/_docstrings/"
TU = "doc/_tutorial/"


def _c(example, dataset, key, source, description, notes, **extra):
    return reference(example, dataset, key, source, SEABORN_COMMIT, description, notes, **extra)  # noqa: F821


CHARTS = [
    # --- glue ------------------------------------------------------------------------------
    _c("heatmap", "glue", "rect x=Task:N y=Model:N color=Score:Q", DS + "heatmap.ipynb",
       "Heatmap of a pivoted table",
       "sns.heatmap(glue.pivot(index='Model', columns='Task', values='Score')) and 8 styling "
       "variants (annot, cmap, vmin/vmax): one row per Model x Task cell, no aggregate"),
    _c("dot_faceted", "glue", "point x=Score:Q y=Model:N column=Task:N", DS + "objects.Dot.ipynb",
       "Dots faceted by task",
       "so.Plot(glue, 'Score', 'Model').facet('Task', wrap=4).add(so.Dot())"),
    _c("dot_faceted_semantics", "glue", "point x=Score:Q y=Model:N color=Year:O shape=Encoder:N column=Task:N",
       DS + "objects.Dot.ipynb", "Dots with colour and marker mappings",
       "p2.add(so.Dot(pointsize=6), color='Year', marker='Encoder'); color uses the 'flare' "
       "sequential palette over the 3 years; a later cell maps fill=color=Encoder (same fields minus Year)"),
    # --- healthexp -------------------------------------------------------------------------
    _c("line_life_expectancy", "healthexp", "line x=Year:Q y=Life_Expectancy:Q color=Country:N",
       TU + "objects_interface.ipynb", "Life expectancy over time by country",
       "so.Plot(healthexp, x='Year', y='Life_Expectancy', color='Country').add(so.Line()); the "
       "query Year <= 2020 keeps every row (the data ends in 2020)"),
    _c("line_life_expectancy_facets", "healthexp", "line x=Year:Q y=Life_Expectancy:Q column=Country:N",
       TU + "objects_interface.ipynb", "Faceted life expectancy lines",
       "so.Plot(healthexp, x='Year', y='Life_Expectancy').facet(col='Country', wrap=3).add(so.Line()); "
       "a later cell adds every country's line in grey to each facet"),
    _c("line_spending", "healthexp", "line x=Year:Q y=Spending_USD:Q color=Country:N",
       TU + "objects_interface.ipynb", "Health spending over time by country",
       "p = so.Plot(healthexp, 'Year', 'Spending_USD', color='Country'); p.add(so.Line()) and "
       "p.add(so.Area(), so.Stack()) (stacked areas, same key); objects.Area.ipynb draws the "
       "stacked version too"),
    _c("area_spending_facets", "healthexp", "line x=Year:Q y=Spending_USD:Q column=Country:N",
       DS + "objects.Area.ipynb", "Area per country",
       "so.Plot(healthexp, 'Year', 'Spending_USD').facet('Country', wrap=3).add(so.Area()); the "
       "docstring first pivots, interpolates missing years and stacks back, so the fields are the "
       "CSV columns with gaps filled; area is the line family"),
    _c("path_spending_life", "healthexp", "line x=Spending_USD:Q y=Life_Expectancy:Q color=Country:N",
       DS + "objects.Path.ipynb", "Connected scatter of spending and life expectancy",
       "so.Plot(healthexp.sort_values(['Country', 'Year']), 'Spending_USD', 'Life_Expectancy', "
       "color='Country').add(so.Path()): points joined in time order; the relational tutorial draws "
       "the same with sns.relplot(kind='line', sort=False)"),
    # --- dowjones --------------------------------------------------------------------------
    _c("line_dowjones", "dowjones", "line x=Date:T y=Price:Q", DS + "objects.Line.ipynb",
       "Line of a time series",
       "so.Plot(dowjones, 'Date', 'Price').add(so.Line()); the relational tutorial draws the same "
       "with sns.relplot(data=dowjones, x='Date', y='Price', kind='line')"),
    # --- seaice ----------------------------------------------------------------------------
    _c("lines_seaice", "seaice", "line x=Date:T y=Extent:Q", DS + "objects.Lines.ipynb",
       "Sea ice extent over time",
       "so.Plot(seaice, 'Date', 'Extent').add(so.Lines())"),
    # --- attention -------------------------------------------------------------------------
    _c("facetgrid_pointplot", "attention", "line x=solutions:O y=score:Q column=subject:N",
       TU + "axis_grids.ipynb", "Small multiples of a within-subject factor",
       "attend = load_dataset('attention').query('subject <= 12'); sns.FacetGrid(attend, "
       "col='subject', col_wrap=4).map(sns.pointplot, 'solutions', 'score', order=[1, 2, 3], "
       "errorbar=None): one row per subject x solutions, so the mean is the value itself; pointplot "
       "is the line family; rows filtered to the first 12 subjects",
       filtered=True),
]

EXCLUDED = {
    "objects.Text (glue)": "glue pivoted wide: the task columns ('SST-2', 'MRPC', ...) and Average are computed",
    "objects.Norm (healthexp)": "y is Spending_USD normalized inside the plot (so.Norm): a computed column",
    "objects.Band (seaice)": "pivot of computed day-of-year by year columns ('1980', '2019')",
    "objects.Lines second cell (seaice)": "x, color and facet are computed from Date (day of year, year, decade)",
    "objects.Paths (brain_networks)": "stacked, grouped and averaged before plotting (computed columns)",
    "kdeplot (geyser)": "kde density has no chart key",
    "taxis": "no chart on it in seaborn's docs",
    "fmri, dots, tips, diamonds, flights, titanic, planets": "gallery-dev tables",
    "penguins, iris, mpg, anscombe": "vega-datasets tables or copies of them",
}
