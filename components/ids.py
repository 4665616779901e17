"""Every component id in the app, in one place, so none is used twice by accident."""

# App shell
URL = "url"                      # the address bar: filter state lives in its query string
NAVIGATE = "navigate"            # programmatic page changes (a map click)
NAV_LINKS = "nav-link"           # pattern id: {"type": NAV_LINKS, "page": path}
FILTER_STATE = "filter-state"    # validated filters every page reads
FILTER_MESSAGE = "filter-message"
DATA_NOTICE = "data-notice"      # synthetic / dataset banner

# Filter bar
DATASET = "filter-dataset"
PERIOD_START = "filter-period-start"
PERIOD_END = "filter-period-end"
STRAND = "filter-strand"
BOROUGHS = "filter-boroughs"

# London overview
OVERVIEW_CARDS = "overview-headline-cards"
OVERVIEW_MAP = "overview-borough-map"
OVERVIEW_MAP_METRIC = "overview-map-metric"
OVERVIEW_STRANDS = "overview-strand-breakdown"
OVERVIEW_TREND = "overview-london-trend"

# Borough profile
PROFILE_SLUG = "profile-borough-slug"
PROFILE_HEADING = "profile-heading"
PROFILE_MESSAGE = "profile-message"
PROFILE_CARDS = "profile-headline-cards"
PROFILE_AGAINST_LONDON = "profile-against-london"
PROFILE_RANKS = "profile-strand-ranks"
PROFILE_TREND = "profile-monthly-trend"
PROFILE_STRANDS = "profile-strand-mix"
PROFILE_TABLE = "profile-last-12-months"

# Trends
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
