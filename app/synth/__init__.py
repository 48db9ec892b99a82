"""Synthetic talent pools for demos, evals and scale tests (see `generator`)."""

from app.synth.generator import generate_profiles, render_text, write_jsonl

__all__ = ["generate_profiles", "render_text", "write_jsonl"]
