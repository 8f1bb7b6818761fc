"""The home page's dashboard: what waits for the signed-in person (waiting.py) and, for staff and leaders, a
period's figures against the same period a year before (period.py, figures.py), drawn as SVG bar charts
(charts.py) each beside its table of figures."""
