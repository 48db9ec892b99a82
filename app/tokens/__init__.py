"""API tokens as their owners and operators see them: listed, revoked, expiring."""
