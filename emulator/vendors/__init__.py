"""One sub-package per vendor; `emulator.vendor.discover` finds them. Never list them here."""
