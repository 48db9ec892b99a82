"""Refinement, not restart: a recruiter's message after approval is read against the
current approved qualifications and becomes a diff for approval, never a new intake."""
