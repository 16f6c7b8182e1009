"""The bad-input corpus (see README.md)."""
