"""The learning sub-agent: watches the recruiter's reactions and proposes a change of the
approved qualifications, with its evidence counts, as an approval. Never a silent change."""
