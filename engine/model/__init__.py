"""The domain model: places, factions, events, control, dates, the log and the scenario."""
