"""Injected faults: the book that decides which fault a vendor request meets (book.py), what each
effect does (effect.py), the pipeline stage that applies them (stage.py) and /_emulator/faults
(routes.py)."""
