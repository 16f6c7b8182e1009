"""Fuzzing the submission readers (issue 17): seed files, their mutations, the harness, the runner."""
