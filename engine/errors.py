"""The one exception family of the engine: problems a user can fix in their input."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen


@frozen
class Problem:
    """One thing wrong with an input, and where it is (file:line, event id, or argument)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class FrontlineError(Exception):
    """An input the engine cannot use; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem] | str, where: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(where, problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
