"""The portfolio model: table schemas, the in-memory Portfolio and validation problems."""
