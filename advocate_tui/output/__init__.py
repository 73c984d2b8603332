"""Output: what leaves the program for people outside it (letters, reports, calendars)."""
