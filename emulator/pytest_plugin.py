"""pytest plugin for users' test suites (registered as the `pytest11` entry point).

The full plugin (an in-process emulator per session, resets between tests) comes with the
control plane; until then it registers nothing, so installing the package changes no suite.
"""
