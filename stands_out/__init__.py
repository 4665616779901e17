"""What stands out: which changes are beyond chance, and which months are exceptional
for their own series. Pure statistics over pandas/numpy with SciPy and statsmodels."""
