"""Reading the raw inputs: file guard, cell grids, OPD submissions (E.81), BPS tables, catalogues."""
