"""Small pieces of English shared by letters and the command line."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun: counted(3, "incident") gives '3 incidents', counted(1, "copy", "copies") '1 copy'."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
