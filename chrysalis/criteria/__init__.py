"""Chrysalis criteria engine (framework-free)."""
