"""Tooling that writes data, never read at run time: the E.81 writer and the sample generator."""
