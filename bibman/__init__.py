"""bibman: citation and bibliography manager."""

__version__ = "0.1.0"
