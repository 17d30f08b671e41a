"""Maillage: telework, tiers-lieux and training levers for French territories."""

__version__ = "0.1.0"
