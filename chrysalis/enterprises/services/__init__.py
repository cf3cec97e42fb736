"""Writes of the enterprise registry (see docs/registry.md for the list)."""
