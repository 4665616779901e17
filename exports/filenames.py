"""File names that say what a download is:

    hate-crime_<area>_<strand>_<YYYY-MM>_to_<YYYY-MM>_<chart-name>.<ext>
    hate-crime_camden_all-strands_2024-01_to_2024-12_monthly-trend.png
"""

import re

from queries.periods import Period

PREFIX = "hate-crime"
LONDON = "london"  # the area of a London-wide export (and of the London briefing pack)
MAX_SLUG_CHARACTERS = 60  # keeps whole names well under Windows' 255-character limit
EXTENSIONS = ("png", "svg", "csv", "pdf", "zip", "pptx")


def slugify(text: str) -> str:
    """Lower case, letters and digits joined by single hyphens: "Hammersmith & Fulham" ->
    "hammersmith-fulham". Never empty."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return slug[:MAX_SLUG_CHARACTERS].rstrip("-") or "chart"


def strand_slug(strand: str) -> str:
    return "all-strands" if strand == "all" else slugify(strand)


def area_slug(borough_slugs: list[str] | tuple[str, ...] = ()) -> str:
    """"london" for all of London, the borough's slug for one, "camden-hackney" for two or
    three, "5-boroughs" for more."""
    slugs = [slugify(slug) for slug in borough_slugs]
    if not slugs:
        return LONDON
    if len(slugs) <= 3:
        return slugify("-".join(slugs))
    return f"{len(slugs)}-boroughs"


def export_filename(*, area: str, strand: str, period: Period, name: str, extension: str) -> str:
    if extension not in EXTENSIONS:
        raise ValueError(f"no export has the extension {extension!r}")
    return (f"{PREFIX}_{slugify(area)}_{strand_slug(strand)}_{period.start:%Y-%m}_to_{period.end:%Y-%m}"
            f"_{slugify(name)}.{extension}")


def table_filename(table, strand: str) -> str:
    """The CSV name of a figures.answer.TableAnswer under the filters' strand."""
    return export_filename(area=table.area, strand=table.strand or strand, period=table.period, name=table.name, extension="csv")
