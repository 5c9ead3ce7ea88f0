"""Server-rendered pages of the zone directory: organisations and people."""
