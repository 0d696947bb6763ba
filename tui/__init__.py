"""The terminal UI of Frontline: a Textual app over the replay (`frontline`, `frontline tui`).

`tui.model` and `tui.geo` compute what the screen shows without any UI library; the other
modules are the Textual widgets and screens that draw it.
"""
