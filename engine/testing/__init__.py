"""Tools to test at scale: Hypothesis strategies and synthetic wars."""
