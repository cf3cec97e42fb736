"""Demo data of the events module (filled below)."""
