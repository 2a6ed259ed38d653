"""layerwise: make Docker images small, safe and trustworthy, and prove it."""

__version__ = "0.1.0"
