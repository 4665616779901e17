"""Callbacks: wiring only. Each module mirrors a page: input, query, figure, output."""

from callbacks import about, borough_profile, compare, filters, overview, stands_out, trends  # noqa: F401
from callbacks import exports  # noqa: F401  (chart downloads, briefing pack links)
from callbacks import incident_views  # noqa: F401  (what the incident data shows: profile and Trends)
from callbacks import chart_tables  # noqa: F401  (every chart's "Show as table", when opened)
from callbacks import events_after  # noqa: F401  (What stands out: the days after an event)
from callbacks import partners  # noqa: F401  (beyond police data: overview and profile)
from callbacks import since_last_meeting  # noqa: F401  (the agenda since the last meeting)
