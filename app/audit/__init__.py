"""The audit log: who did what consequential, and when."""
