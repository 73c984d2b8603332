"""Small pieces of English shared by letters, the command line and the application."""


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun: counted(3, "incident") gives '3 incidents', counted(1, "copy", "copies") '1 copy'."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def file_size(size: int) -> str:
    """A size in bytes as a person reads it: '812 bytes', '3.4 MB'."""
    if size < 1024:
        return f"{size:,} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"
