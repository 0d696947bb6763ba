"""Scenario files: reading and writing scenario folders and the three events formats."""
