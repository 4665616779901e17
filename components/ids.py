"""Every component id in the app, in one place, so none is used twice by accident."""

# App shell
URL = "url"                      # the address bar: filter state lives in its query string
NAVIGATE = "navigate"            # programmatic page changes (a map click)
NAV_LINKS = "nav-link"           # pattern id: {"type": NAV_LINKS, "page": path}
FILTER_STATE = "filter-state"    # validated filters every page reads
FILTER_OPTIONS_SENT = "filter-options-sent"  # which choices the filter bar's dropdowns hold (a fingerprint)
FILTER_MESSAGE = "filter-message"
DATA_NOTICE = "data-notice"      # synthetic / dataset banner
PAGE_SHELL = "page-shell"        # everything inside the React root
MAIN = "main-content"            # the <main> landmark, the skip link's target
PAGE_TITLE = "page-title"        # the browser-tab title, as set (components/page_shell.py)
VIEW_MODE = "view-mode"          # "present" (projector view) or "standard"
NAV_TOGGLER = "navbar-toggler"   # the menu button on narrow screens
NAV_COLLAPSE = "navbar-collapse"

# Filter bar
DATASET = "filter-dataset"
PERIOD_START = "filter-period-start"
PERIOD_END = "filter-period-end"
STRAND = "filter-strand"
BOROUGHS = "filter-boroughs"
COMPARISON_GROUP = "filter-comparison-group"  # the group a borough is set beside

# London overview
OVERVIEW_CARDS = "overview-headline-cards"
OVERVIEW_HEADING = "overview-heading"
OVERVIEW_MAP = "overview-borough-map"
OVERVIEW_MAP_METRIC = "overview-map-metric"
OVERVIEW_STRANDS = "overview-strand-breakdown"
OVERVIEW_TREND = "overview-london-trend"

# Borough profile
PROFILE_SLUG = "profile-borough-slug"
PROFILE_HEADING = "profile-heading"
PROFILE_MESSAGE = "profile-message"
PROFILE_CONTENT = "profile-content"
PROFILE_NAVIGATE = "profile-navigate"
PROFILE_CARDS = "profile-headline-cards"
PROFILE_AGAINST_LONDON = "profile-against-london"
PROFILE_RANKS = "profile-strand-ranks"
PROFILE_TREND = "profile-monthly-trend"
PROFILE_RATE_TREND = "profile-rate-trend"  # the borough's monthly rate against London and its group
PROFILE_STRANDS = "profile-strand-mix"
PROFILE_TABLE = "profile-last-12-months"

# Trends
TRENDS_MEASURE = "trends-measure"  # offences or rates per 1,000 residents per year
TRENDS_GRANULARITY = "trends-granularity"
TRENDS_ROLLING = "trends-rolling-average"
TRENDS_SCALE = "trends-scale"
TRENDS_EVENTS = "trends-show-events"
TRENDS_STRANDS = "trends-strands"
TRENDS_CHART = "trends-chart"
TRENDS_MESSAGE = "trends-message"

# Compare boroughs
COMPARE_TABLE = "compare-borough-table"
COMPARE_HEADING = "compare-heading"

# About
ABOUT_DATASETS = "about-datasets"
PROFILE_RANKS_TABLE = "profile-ranks-table"
PROFILE_MONTHS_TABLE = "profile-last-12-months-table"
COMPARE_DATATABLE = "compare-borough-datatable"
ABOUT_DATASETS_TABLE = "about-datasets-table"

# The Met's current release on the pages (issue 10): which release gave which months,
# revisions, positive outcomes.
ABOUT_SOURCES = "about-series-sources"              # which months came from which release
ABOUT_SOURCES_TABLE = "about-series-sources-table"  # pattern-free: one table per combined dataset, suffixed
ABOUT_REVISIONS = "about-revisions"                 # releases that revised earlier figures, and the largest
ABOUT_REVISIONS_TABLE = "about-revisions-table"
ABOUT_LARGEST_REVISIONS_TABLE = "about-largest-revisions-table"  # suffixed with the release's dataset id
PROFILE_POSITIVE_OUTCOMES = "profile-positive-outcomes"      # positive outcomes per strand, or why there are none
PROFILE_OUTCOMES_TABLE = "profile-positive-outcomes-table"
COMPARE_OUTCOMES_NOTE = "compare-outcomes-note"     # the positive outcome caveat, or NO_OUTCOMES_SENTENCE

# Keyboard tables (components/tables.py). Pattern ids, each carrying the table's id as "table".
TABLE_SPEC = "table-spec"        # {"type", "table"}: dcc.Store of the rows, columns and sort
TABLE_BODY = "table-body"        # {"type", "table"}: the <tbody> the sort callback rewrites
TABLE_SORT = "table-sort"        # {"type", "table", "column"}: a heading's sort button
TABLE_HEADING = "table-heading"  # {"type", "table", "column"}: the <th>, carrying aria-sort
# A registry table's CSV (charts/table_registry.py), made by the server when asked:
TABLE_EXPORT = "table-export"            # {"type", "table"}: its "Download data (CSV)" button
TABLE_OPTIONS = "table-options"          # {"type", "table"}: dcc.Store of the table's own options
TABLE_DOWNLOAD = "table-download"        # {"type", "table"}: the dcc.Download that receives the CSV
TABLE_EXPORT_MESSAGE = "table-export-message"  # {"type", "table"}: why a download failed

# Exports (exports/, callbacks/exports.py). Pattern ids: each chart's controls carry its
# graph id as "chart"; each page's briefing pack controls carry the page as "page".
CHART_BOX = "chart-box"                      # {"type", "chart"}: the graph's box
CHART_OPTIONS = "chart-options"              # {"type", "chart"}: the chart's own options as drawn (map metric,
                                             # trend options, profile borough); an export sends these, never a figure
CHART_TABLE = "chart-table"                  # {"type", "chart"}: "Show as table": the numbers the chart draws
CHART_TABLE_TOGGLE = "chart-table-toggle"    # {"type", "chart"}: the "Show as table" summary (its clicks open it)
CHART_TABLE_WANTED = "chart-table-wanted"    # {"type", "chart"}: the chart's options when its table is open
CHART_HEADING = "chart-heading"              # {"type", "chart"}: the chart's title as HTML, shown on phones,
                                             # where a title drawn inside the chart cannot wrap to the screen
CHART_EXPORT = "chart-export"                # {"type", "chart", "format"}: PNG / SVG / CSV buttons
CHART_DOWNLOAD = "chart-download"            # {"type", "chart"}: dcc.Download
CHART_EXPORT_STATUS = "chart-export-status"  # {"type", "chart"}: "Preparing the file..."
CHART_EXPORT_MESSAGE = "chart-export-message"  # {"type", "chart"}: why a file could not be made
PACK_AREA = "pack-area"                      # {"type", "page"}: "london" or the borough's slug
PACK_LINK = "pack-link"                      # {"type", "page", "format"}: the PDF and ZIP links
PACK_STATUS = "pack-status"                  # {"type", "page"}: "Building the briefing pack..."
PACK_NOTE = "pack-note"                      # {"type", "page"}: what the pack cannot hold here, and why

# What stands out (pages/stands_out.py, callbacks/stands_out.py; issue 11)
STANDS_OUT_WHEN = "stands-out-when"              # the latest month, or the period chosen in the filter bar
STANDS_OUT_STRANDS = "stands-out-every-strand"   # every strand, or the filter bar's strand only
STANDS_OUT_SUMMARY = "stands-out-summary"        # how many stand out, or the plain "nothing stands out"
STANDS_OUT_LIST = "stands-out-list"              # one sentence, small trend and link per month above range
STANDS_OUT_CHANGES = "stands-out-changes"        # the rolling 12 months' changes beyond chance
STANDS_OUT_CHANGES_TABLE = "stands-out-changes-table"

# What stands out: the days after an event (incident-level datasets; issue 11, item 2)
EVENT_AFTER_HEADING = "event-after-heading"    # the section's heading, which names it
EVENT_AFTER_CONTROLS = "event-after-controls"  # the date and the recorded events, hidden for published data
EVENT_AFTER_DATE = "event-after-date"          # the event's date (the first day counted)
EVENT_AFTER_CHOICE = "event-after-choice"      # a recorded event (events table), which sets the date
EVENT_AFTER_NOTE = "event-after-note"          # why published data cannot, or which days the data cover
EVENT_AFTER_RESULT = "event-after-result"      # the summary sentence and the table
EVENT_AFTER_TABLE = "event-after-table"
EVENT_AFTER_CSV = "event-after-csv"            # pattern id: "Download data (CSV)", made by the server when pressed
EVENT_AFTER_DOWNLOAD = "event-after-download"  # pattern id, as EVENT_AFTER_CSV
EVENT_AFTER_CSV_MESSAGE = "event-after-csv-message"  # pattern id, as EVENT_AFTER_CSV

# What stands out, on the other pages (issue 11's page side)
OVERVIEW_STANDS_OUT = "overview-stands-out-link"  # "3 boroughs above their expected range in ...", linked
COMPARE_VERDICT_FILTER = "compare-verdict-filter"  # All / significant rises / significant falls
# The small trends of What stands out, one chart id per place in its list (the chart exports
# name a chart by id); all built by one definition (charts/stands_out.py).
STANDS_OUT_ITEM_CHARTS = tuple(f"stands-out-item-chart-{number}" for number in range(1, 6))
# What the incident data shows (issue 14): the profile's section, and the compound-discrimination
# charts on Trends. Chart ids are graph ids and chart-registry keys (charts/registry.py).
PROFILE_INCIDENT_NOTE = "profile-incident-note"          # what the section shows, or why the dataset cannot
PROFILE_INCIDENT_CHARTS = "profile-incident-charts"      # the section's charts, hidden for published datasets
PROFILE_COMBINATIONS = "profile-strand-combinations"     # UpSet chart of strand combinations
PROFILE_OVERLAP = "profile-strand-overlap-shares"        # share of each strand's offences with another strand
PROFILE_MULTI_TREND = "profile-multi-strand-trend"       # offences with two or more strands, per month
PROFILE_OFFENCE_TYPES = "profile-offence-types"          # offence types within each strand
PROFILE_OUTCOMES = "profile-outcomes"                    # outcomes within each strand
PROFILE_HEX_MAP = "profile-hexagon-map"                  # where in the borough, with disclosure control
PROFILE_DISCLOSURE_NOTE = "profile-disclosure-note"      # the disclosure threshold, in words
PROFILE_WARDS = "profile-wards"                          # the ward table's box (when the extract has ward codes)
PROFILE_WARDS_TABLE = "profile-wards-table"
TRENDS_INCIDENT_NOTE = "trends-incident-note"
TRENDS_INCIDENT_CHARTS = "trends-incident-charts"
TRENDS_MULTI_TREND = "trends-multi-strand-trend"
TRENDS_COMBINATIONS = "trends-strand-combinations"
# Beyond police data (issue 20): partner and third-party reports beside the police figures, on
# the overview (London) and the profile (its borough). One chart id per panel place, all built
# by one definition (charts/partners.py), as What stands out's small trends are.
OVERVIEW_PARTNERS = "overview-beyond-police-data"
PROFILE_PARTNERS = "profile-beyond-police-data"
TRENDS_PARTNERS = "trends-beyond-police-data"
PARTNER_PANEL_CHARTS = tuple(f"partner-panel-{number}" for number in range(1, 7))
PARTNERS_TABLE = "partners-same-period-table"
ABOUT_PARTNERS = "about-partner-reports"
ABOUT_PARTNERS_TABLE = "about-partner-reports-table"


def chart_caption(graph_id: str) -> str:
    """The id of a chart's name in words (its title and subtitle, the narrow-screen
    heading), which names the chart for screen readers (aria-labelledby needs a plain id,
    not a pattern id)."""
    return f"{graph_id}-caption"
MEETING_SINCE = "meeting-since"                  # the last meeting's date (YYYY-MM-DD)
MEETING_CONTENT = "meeting-content"              # new, open and closed signals since then
