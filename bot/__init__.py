"""Briefbot: exact, sourced answers about government fact sheets, on Discord and in a console."""

__version__ = "0.1.0"
