"""The command line: `python -m bot ask` and `python -m bot chat` (console)."""
