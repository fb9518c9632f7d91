"""The actors task (work in progress)."""
