"""Demo enterprises (filled in below)."""
