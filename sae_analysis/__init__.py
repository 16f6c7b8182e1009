"""SAE Analysis: quarterly performance evaluation of a regency's OPDs against its vision's pillars.

The government, its vision and its pillars are a profile (:mod:`sae_analysis.profile`).
"""

__version__ = "0.1.0"
