"""advocate_tui: casework for independent stalking advocates, in the terminal."""

__version__ = "0.1.0"
