"""Fixed-size batches from any iterable, so memory stays flat however large the input (itertools.batched
arrives only in Python 3.12)."""

from collections.abc import Iterable, Iterator
from itertools import islice


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
