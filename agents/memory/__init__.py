"""The cognitive memory sub-agent: writes what the recruiter decided and said they prefer
into their memory (`app.memory`), and reads it back for intake, sourcing, outreach and
the planner's context, always named as "from memory"."""
