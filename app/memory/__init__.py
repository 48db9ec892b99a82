"""Cognitive memory: what the assistant remembers about one recruiter, which they can see
and make it forget (`GET/DELETE /v1/memory`)."""
