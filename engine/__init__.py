"""Frontline: replay territorial control in a war from the sentences that report it."""

__version__ = "0.1.0"
