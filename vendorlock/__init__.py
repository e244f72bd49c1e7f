"""vendorlock: measure, explain and reduce software-editor lock-in in French public bodies."""

__version__ = "0.1.0"
