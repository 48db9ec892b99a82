"""Signals: what the recruiter did (add, archive with a reason, rate, stage moves, messages,
replies, screen outcomes), recorded as it happens, for the learning agent to count."""
