"""Benchmarks: `python -m bench` (see README, docs/benchmarks.md). Not part of the test suite."""
