"""Exports for reports: chart images (PNG, SVG), the numbers behind them (CSV) and the
briefing pack (PDF and ZIP). Pure functions here; Dash wiring in callbacks/exports.py,
the pack's HTTP route in exports/routes.py. See docs/EXPORTS.md."""
