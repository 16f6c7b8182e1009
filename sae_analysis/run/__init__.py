"""Running the pipeline: the run lock, kernels, export to PDF/HTML, orchestration, per-OPD reports."""

import sys

# papermill imports nbformat, nbformat imports jsonschema, and jsonschema's format checker imports
# rfc3987_syntax, which compiles about forty lark grammars on import: ~1 s of every run, for an IRI
# format no notebook field uses. Marking the module absent makes jsonschema skip that one format.
# Here, so that it holds before any module of run/ imports papermill or nbconvert.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
