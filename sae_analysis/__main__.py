"""``python -m sae_analysis`` runs the command line."""

import sys

from sae_analysis.cli import main

sys.exit(main())
