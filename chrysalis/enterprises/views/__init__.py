"""Pages of the enterprise registry."""
