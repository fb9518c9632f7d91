"""The quotes task (work in progress)."""
