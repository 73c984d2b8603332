"""Case references, ``STK-YYYY-NNNN``: numbered from 1 each year, never reused."""

PREFIX = "STK"


def reference(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:04d}"
