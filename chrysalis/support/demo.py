"""Demo data of enterprise service (filled in below)."""
