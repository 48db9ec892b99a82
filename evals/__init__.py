"""Evals: versioned datasets, code-based checks, LLM judges and a regression gate.

Not tests: tests are deterministic and fast; evals measure quality and may take minutes.
Run them with `scout eval` or `python -m evals.run` (see evals/README.md).
"""
