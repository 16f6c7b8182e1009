"""Running the pipeline: kernels, export to PDF/HTML, provenance, the run lock, orchestration."""
