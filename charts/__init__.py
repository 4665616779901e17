"""One definition per chart: each chart on each page is a function of the store, the
validated filter state and the chart's own validated options. The page callbacks, the
PNG/SVG/CSV exports and the briefing pack all call the same definition, so an export
request carries a chart id and filters, never a figure (see charts/registry.py)."""
