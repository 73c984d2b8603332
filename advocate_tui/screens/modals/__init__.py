"""Small modal screens: confirmations, lists and records shown over a screen."""
