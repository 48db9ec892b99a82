"""Sourcing runs of projects in async mode: claims, schedules, the reconciler's view."""
