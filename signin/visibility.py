"""Which datasets a viewer may see: the one rule every page, callback, export and pack
applies through charts/context.py and the pack route."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from settings import Settings


@dataclass(frozen=True)
class Viewer:
    username: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.username is not None


ANONYMOUS = Viewer()


def may_see(kind: str, is_synthetic: bool, viewer: Viewer, settings: Settings) -> bool:
    """Synthetic data is open to all; a kind listed in DASHBOARD_PUBLIC_DATA is open to all;
    anything else needs a signed-in viewer."""
    return bool(is_synthetic) or kind in settings.public_data or viewer.signed_in


def visible_datasets(datasets: pd.DataFrame, viewer: Viewer, settings: Settings) -> pd.DataFrame:
    """The rows of `datasets` (loaded_datasets()) the viewer may see."""
    if datasets.empty:
        return datasets
    keep = [may_see(kind, is_synthetic, viewer, settings)
            for kind, is_synthetic in zip(datasets.kind, datasets.is_synthetic)]
    return datasets if all(keep) else datasets[keep]  # every callback asks: no copy when nothing is hidden
