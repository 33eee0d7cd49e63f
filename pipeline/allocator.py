"""glibc's allocator in the processes that read: freed memory kept for the next batch, handed back past a bound.

spaCy allocates and frees its large arrays at every batch. By default glibc serves each array above its mmap
threshold with a fresh mapping and gives the heap's free top back at once, so every batch faults its memory in
again page by page: ~85k page faults for 48 BBC articles, ~15% of a reading process's CPU (480 articles in one
process: 19.1 -> 15.6 s and 22.5 -> 18.3 s, the same entities and the same peak resident memory). `keep_freed_memory`
keeps it for reuse; `release_if_grown` hands it back once a process holds more than a bound, so resident memory
stays bounded however long the process reads. Elsewhere than glibc (musl, macOS) these do nothing."""

import ctypes
import functools
import os
import sys

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (malloc.h)
_MMAP_THRESHOLD_MAX = 32 << 20  # glibc's largest on 64-bit; bigger arrays still get their own mapping


@functools.cache
def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc
        return None


def keep_freed_memory() -> None:
    """Freed memory stays in this process for the next allocation: arrays up to 32 MB come from the heap instead of
    their own mappings, and the heap's free top is not given back on every free (only by `release_freed_memory`)."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_MAX)


def release_freed_memory() -> None:
    """Every freed page back to the system (malloc_trim(0))."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def resident_mb() -> float:
    """This process's resident memory (Linux; elsewhere 0)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return 0.0


def release_if_grown(limit_mb: float) -> bool:
    """`release_freed_memory` when this process holds more than `limit_mb`; whether it did."""
    if resident_mb() <= limit_mb:
        return False
    release_freed_memory()
    return True
