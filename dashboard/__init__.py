"""Map dashboard of Canada's international migration capacity building and engagement (IRCC)."""

__version__ = "1.0.0"
