"""Small statistics helpers."""


def mean(values):
    """Arithmetic mean of a sequence of numbers."""
    return sum(values) / len(values)


def median(values):
    """Middle value of a sequence of numbers (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
