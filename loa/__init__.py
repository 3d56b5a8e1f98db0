"""loa: a static site generator for an official Vietnamese public-information portal."""

__version__ = "0.1.0"
