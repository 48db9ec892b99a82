"""Stored evaluations: one result per (candidate, qualification set, profile content)."""
