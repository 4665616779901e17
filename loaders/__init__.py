"""Everything that writes to the store: the demo generator and the importers."""
