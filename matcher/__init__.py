"""Partner-city matchmaking for European local governments."""

__version__ = "0.1.0"
