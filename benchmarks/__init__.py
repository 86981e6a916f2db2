"""Benchmarks: scripts that print figures, run on demand (`python -m benchmarks.NAME`)."""
