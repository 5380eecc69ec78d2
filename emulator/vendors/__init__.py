"""One sub-package per vendor; `emulator.vendor.discover` finds them. Never list them here."""

import pkgutil


def names() -> tuple[str, ...]:
    """The vendor folders here, in name order, none of them loaded (the CLI checks a vendor
    name before it pays for loading any)."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg))
