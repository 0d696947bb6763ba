"""Replay: the rules of each kind of event, applied to control, folded and answered."""
