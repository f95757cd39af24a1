"""Problems found in the data, reported together as ``file:line: message`` lines.

Editors fix data from these lines, so every problem carries the file and line it points at and
says what to change. Nothing is raised for bad data: loaders and checks return problems, and the
command line prints them all at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Characters that would break a ``file:line: message`` line apart or hide in it.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        """One line, always: a line break or control character from the data is shown escaped."""
        prefix = "warning: " if self.warning else ""
        text = f"{self.file}:{self.line}: {prefix}{self.message}"
        return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file then line, errors before warnings on the same line, without duplicates."""
    unique = set(problems)
    return sorted(unique, key=lambda p: (p.file, p.line, p.warning, p.message))


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint for a misspelt id or field, or '' when nothing is close."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return f" (did you mean '{match[0]}'?)" if match else ""
