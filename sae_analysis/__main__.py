"""``python -m sae_analysis`` runs the command line."""

from sae_analysis.cli import console

console()
