"""Collecting discord.py's ERROR log records: discord.py logs, rather than raises, most errors
in event handlers, command callbacks and views, so tests look for them in the log."""

from __future__ import annotations

import logging


class ErrorCollector(logging.Handler):
    """Keeps every record at ERROR or above."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def describe(self) -> str:
        lines = []
        for record in self.records:
            text = f"{record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
            lines.append(text)
        return "\n".join(lines)
