"""The outreach sub-agent: drafts first messages and follow-ups from each candidate's own
evidence, and reads candidates' replies (classify, answer from the FAQ only when sure)."""
