"""Our OpenAPI documents, installed as the data package `emulator.openapi` (see setup.py and
emulator/resources.py); nothing here is code."""
