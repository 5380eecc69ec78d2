"""runs-emulator: an emulator of the run-history and usage APIs of Dograh, B3OS, StackAI and
Dynamiq (README.md)."""

# The one place the version is written: pyproject.toml reads it from here (setuptools'
# `attr:`), so the running emulator need not ask importlib.metadata, whose import alone costs
# a tenth of the start-up.
__version__ = "0.1.0"
