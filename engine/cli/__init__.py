"""The application: the `frontline` command, what it prints, and `check`."""
