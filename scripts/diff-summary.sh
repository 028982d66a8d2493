#!/usr/bin/env bash
# Plain-Chinese summary of what a change does to the plan, for a pull request's job summary.
#
#   scripts/diff-summary.sh BASE [HEAD]      e.g. scripts/diff-summary.sh origin/main HEAD
#
# Appends the Markdown from `python -m generator diff BASE HEAD` to $GITHUB_STEP_SUMMARY when set
# (GitHub Actions), else prints it. If either side's plan data cannot be read, the problems go to
# the summary too, and the script exits with the diff's status (1).
set -uo pipefail
cd "$(dirname "$0")/.."

base=${1:?usage: scripts/diff-summary.sh BASE [HEAD]}
head=${2:-HEAD}
out=${GITHUB_STEP_SUMMARY:-/dev/stdout}
py=${PYTHON:-.venv/bin/python}

err=$(mktemp)
trap 'rm -f "$err"' EXIT

if "$py" -m generator diff --format markdown "$base" "$head" >>"$out" 2>"$err"; then
    cat "$err" >&2
    exit 0
else
    status=$?
    cat "$err" >&2
    {
        echo "## 方案变化"
        echo
        echo "无法生成变化摘要(\`python -m generator diff $base $head\` 退出码 $status):"
        echo
        echo '```text'
        cat "$err"
        echo '```'
    } >>"$out"
    exit "$status"
fi
