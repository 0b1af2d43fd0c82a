"""Input that cannot be used: one clear line naming the file and the place (exit code 2)."""
from __future__ import annotations


class InputError(Exception):
    def __init__(self, source: str, reason: str, where: str | None = None):
        self.source = source or "-"
        self.reason = reason
        self.where = where
        super().__init__(self.line())

    def line(self) -> str:
        place = f":{self.where}" if self.where else ""
        return f"{self.source}{place}: {self.reason}"
