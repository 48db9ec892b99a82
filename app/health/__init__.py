"""Liveness (`/healthz`: the process answers) and readiness (`/readyz`: it can do work)."""
