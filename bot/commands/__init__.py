"""Briefbot."""
