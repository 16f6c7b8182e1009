"""SAE Analysis: quarterly performance evaluation of the OPDs of Kabupaten Probolinggo."""

__version__ = "0.1.0"
