"""Framework-free data and generators used to seed a believable demo zone.

Nothing in this package imports Django: it is plain, deterministic Python so that
seeding commands, fixtures and benchmarks can all share it.
"""
