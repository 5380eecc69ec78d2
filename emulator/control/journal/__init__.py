"""The request journal: the bounded book of vendor requests (book.py), the pipeline stage that
records each one (stage.py) and /_emulator/requests (routes.py)."""
