"""Signals: each exception What stands out finds, under an identity that outlives the
data it was found in, so what a meeting decided about it is still there next month."""
