"""runs-emulator: an emulator of the run-history and usage APIs of Dograh, B3OS, StackAI and
Dynamiq (README.md). `__version__` is the installed distribution's."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("runs-emulator")
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"
