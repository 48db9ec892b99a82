"""The sourcing sub-agent: Boolean and semantic queries from the approved brief, widened or
narrowed after each calibration batch, and the search runs that fill the pipeline."""
