"""The Textual application (placeholder until the TUI lands)."""
