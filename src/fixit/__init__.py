"""fixit: help a small shop recover when service goes wrong."""

__version__ = "0.1.0"
