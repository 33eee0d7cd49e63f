"""Progress of long steps (done / total, rate) for the run log (the command line prints it too)."""

import time
from collections.abc import Callable


class Progress:
    def __init__(self, label: str, total: int, log: Callable[[str], None], unit: str = "articles"):
        self.label, self.total, self.log, self.unit = label, total, log, unit
        self.done = 0
        self.started = time.monotonic()

    def advance(self, n: int, extra: str = "") -> None:
        self.done += n
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        self.log(f"{self.label}: {self.done}/{self.total} {self.unit} ({rate:.1f}/s, ~{eta:.0f} s left)"
                 + (f", {extra}" if extra else ""))
