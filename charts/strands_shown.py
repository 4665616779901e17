"""Which strands a view shows: one rule for every page, export and the briefing pack.

Strands overlap, so they are drawn side by side and never summed. An incident extract
has a distinct total ("all") and the monitored strands; the Met's published counts have
no distinct total, and their widest category ("Race and faith", the Met's "Racist and
Religious") then leads, so a chart of the published strands never leaves out the
largest one and a title naming the most recorded strand stays true of the file.
"""

from __future__ import annotations

from charts.context import PageContext
from queries.strands import ALL, CORE_STRANDS

UMBRELLA = "race_religion"


def breakdown_strands(context: PageContext) -> list[str]:
    """The strands drawn side by side in a breakdown: the widest published category when
    there is no distinct total, then each monitored strand the dataset has."""
    available = context.strands
    umbrella = [UMBRELLA] if ALL not in available and UMBRELLA in available else []
    return umbrella + [key for key in CORE_STRANDS if key in available] or list(available)


def headline_strand(context: PageContext) -> str:
    """What a profile leads with: the filter's strand (distinct offences unless another is
    chosen), so its cards, its against-London chart and their sentences say the same."""
    return context.state.strand


def headline_strands(context: PageContext) -> list[str]:
    """The distinct total (when there is one), then the breakdown's strands."""
    return ([ALL] if ALL in context.strands else []) + breakdown_strands(context)


def mix_strands(context: PageContext) -> list[str]:
    """A borough's strand mix: the breakdown's strands (never the distinct total, which
    is not a strand)."""
    return breakdown_strands(context)


def profile_strands(context: PageContext) -> list[str]:
    """What a profile's cards and tables list: its headline strand, the distinct total
    where the data has one, then its mix."""
    return list(dict.fromkeys([headline_strand(context)] + ([ALL] if ALL in context.strands else [])
                              + mix_strands(context)))


def pack_strands(context: PageContext) -> tuple[str, list[str]]:
    """The briefing pack's headline strand (the filter's) and the breakdown's strands."""
    return context.state.strand, breakdown_strands(context)
