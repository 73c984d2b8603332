"""Rules: the casework's vocabularies, dates, risk scoring and patterns; pure, no I/O."""
