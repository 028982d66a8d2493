"""What every command of ``python -m generator`` shares: exit codes and how problems are printed."""

from __future__ import annotations

import sys

from generator.data.problems import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def print_problems(problems: list[Problem]) -> None:
    for p in sorted(problems):
        print(p.format(), file=sys.stderr)


def fail(problems: list[Problem], then: str = "请按提示修改后重新运行 python -m generator check") -> int:
    """Print the problems and the verdict; the exit code for problems."""
    print_problems(problems)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    print(f"检查未通过:{errors} 个错误,{warnings} 条警告。{then}", file=sys.stderr)
    return EXIT_PROBLEMS
