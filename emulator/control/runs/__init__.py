"""Runs a test adds, lists and deletes: checked injection (injection.py) and
/_emulator/vendors/{vendor}/runs (routes.py)."""
