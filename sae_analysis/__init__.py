"""SAE Analysis: quarterly performance evaluation of a regency's OPDs against its vision's pillars.

The government, its vision and its pillars are a profile (:mod:`sae_analysis.profile`).
"""

import os

# python-pptx (the slide decks) brings lxml, and openpyxl switches its XML writer to lxml when it
# finds it: other bytes for the same workbook (the bundled sample, the E.81 template, the XLSX
# summary) and formula cells written as <v></v> instead of <v/>. openpyxl reads this once, when it
# is first imported, so it is set here, before any module of the package imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"
