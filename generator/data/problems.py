"""Validation problems: what is wrong, where, and what to do — in Chinese, for editors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one place. ``line``/``column`` are 1-based; 0 when unknown."""

    file: str
    line: int
    column: int
    key: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    code: str = ""

    def format(self) -> str:
        """``plan_data/x.yaml:3:5: 错误 [lead]: 未知单位 … —— 是否指 …``"""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        level = "错误" if self.severity == "error" else "警告"
        key = f" [{self.key}]" if self.key else ""
        hint = f" —— {self.hint}" if self.hint else ""
        return f"{where}: {level}{key}: {self.message}{hint}"


class PlanInvalid(Exception):
    """Raised when the plan data has at least one error; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(f"{len(self.errors)} 个错误")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
