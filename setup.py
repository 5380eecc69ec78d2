"""Package layout, the one thing pyproject.toml cannot say beside package discovery.

The specs and built-in fixtures stay at the top of the repository (openapi/, fixtures/) and
are installed inside the package as `emulator.openapi` and `emulator.fixtures`, so that
emulator/resources.py finds them through the import system in a wheel and in an editable
install alike. Every .yaml and .json file below them is package data.
"""

from setuptools import find_packages, setup

DATA = {"emulator.openapi": "openapi", "emulator.fixtures": "fixtures"}

setup(
    packages=[*find_packages(include=["emulator", "emulator.*"]), *DATA],
    package_dir=DATA,
    package_data={
        "emulator": ["py.typed"],
        "emulator.engine": ["words.json"],
        **{package: ["**/*.yaml", "**/*.json"] for package in DATA},
    },
)
