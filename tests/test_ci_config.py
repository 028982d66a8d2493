"""The CI workflows and the pre-commit config parse, and call the same commands as .ci/run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow))


def uses(workflow: dict[str, Any]) -> list[str]:
    return [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]


def test_every_workflow_parses() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["pages.yml", "pr.yml"]
    for f in files:
        wf = load(f)
        # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on"
        assert wf.get("on", wf.get(True)), f
        assert wf["jobs"], f
        for step in steps(wf):
            assert ("run" in step) != ("uses" in step), step
            if "uses" in step:
                assert "@" in step["uses"], step


def test_pull_request_workflow_runs_the_ci_script_build_and_diff() -> None:
    wf = load(WORKFLOWS / "pr.yml")
    assert "pull_request" in wf.get("on", wf.get(True))
    text = runs(wf)
    assert "bash .ci/run" in text  # .ci/run = make test: one definition of the checks
    assert "make build" in text
    assert 'scripts/diff-summary.sh "origin/$BASE_REF" HEAD' in text
    checkout = next(s for s in steps(wf) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert "python -m generator diff" in (ROOT / "scripts" / "diff-summary.sh").read_text()
    assert "-m generator diff --format markdown" in (ROOT / "scripts" / "diff-summary.sh").read_text()
    assert "GITHUB_STEP_SUMMARY" in (ROOT / "scripts" / "diff-summary.sh").read_text()


def test_pages_workflow_builds_and_deploys() -> None:
    wf = load(WORKFLOWS / "pages.yml")
    on = wf.get("on", wf.get(True))
    assert on["push"]["branches"] == ["main"]
    assert "bash .ci/run" in runs(wf) and "make build" in runs(wf)
    assert "actions/upload-pages-artifact" in uses(wf)
    assert "actions/deploy-pages" in uses(wf)
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    # deployed only on success: the artifact is uploaded after the tests and the build, by steps
    # that never run after a failure; the deploy job needs the build job
    build = wf["jobs"]["build"]["steps"]
    names = [s.get("run", s.get("uses", "")) for s in build]
    upload = next(i for i, n in enumerate(names) if "upload-pages-artifact" in n)
    assert names.index("bash .ci/run") < upload and names.index("make build") < upload
    # (the one conditional step fetches the matrix jobs' parts, when there is a matrix)
    conditional = [s for s in build if "if" in s or s.get("continue-on-error")]
    assert [s.get("uses") for s in conditional] == ["actions/download-artifact@v4"]
    assert "continue-on-error" not in conditional[0]
    assert wf["jobs"]["deploy"]["needs"] == "build"
    make_build = next(s for s in build if s.get("run") == "make build")
    assert make_build["env"]["HUIJI_DEPLOY"] == "1"  # refuses to build without a site address


def test_several_documents_build_as_a_matrix_then_one_merge() -> None:
    """A job per group of documents (generator pages --only), then the build job reuses their parts
    ($HUIJI_PARTS) — every job as of one date; one document: the matrix is skipped."""
    wf = load(WORKFLOWS / "pages.yml")
    jobs = wf["jobs"]
    assert "generator groups" in " ".join(s.get("run", "") for s in jobs["plan"]["steps"])
    parts = jobs["parts"]
    assert parts["strategy"]["matrix"]["group"] == "${{ fromJSON(needs.plan.outputs.groups) }}"
    assert parts["if"] == "needs.plan.outputs.groups != '[]'"
    runs_parts = [s.get("run", "") for s in parts["steps"]]
    assert any("--only" in r and "--parts build/parts" in r for r in runs_parts)
    assert jobs["build"]["needs"] == ["plan", "parts"]
    make_build = next(s for s in jobs["build"]["steps"] if s.get("run") == "make build")
    assert make_build["env"]["HUIJI_PARTS"] == "build/parts"
    as_of = "${{ needs.plan.outputs.as_of }}"
    run_parts = next(s for s in parts["steps"] if "--only" in s.get("run", ""))
    assert run_parts["env"]["HUIJI_AS_OF"] == as_of == make_build["env"]["HUIJI_AS_OF"]
    # a part is keyed by its document's git history: the jobs read all of it, as the merge does
    for job in (parts, jobs["build"]):
        checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0


def test_ci_entry_points_exist() -> None:
    makefile = (ROOT / "Makefile").read_text()
    for target in ("install:", "chromium:", "test:", "build:"):
        assert f"\n{target}" in makefile, target
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    script = ROOT / "scripts" / "diff-summary.sh"
    assert os.access(script, os.X_OK)
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_pre_commit_config() -> None:
    cfg = load(ROOT / ".pre-commit-config.yaml")
    hooks = {h["id"]: (repo, h) for repo in cfg["repos"] for h in repo["hooks"]}
    repo, check = hooks["plan-check"]
    assert repo["repo"] == "local" and check["language"] == "system"
    assert check["entry"].endswith("-m generator check")
    assert check["files"] == "^plan_data/" and check["pass_filenames"] is False
    for hook in (
        "check-yaml",
        "trailing-whitespace",
        "end-of-file-fixer",
        "mixed-line-ending",
        "check-added-large-files",
    ):
        repo, h = hooks[hook]
        assert repo["repo"].endswith("pre-commit/pre-commit-hooks") and repo["rev"] == "v5.0.0"
        assert "--unsafe" not in h.get("args", []), hook


def test_a_failed_data_only_pull_request_gets_a_chinese_summary(tmp_path: Path) -> None:
    """The PR workflow's failure step: `check`'s problems and the failing tests, on one screen."""
    import shutil
    import sys

    wf = load(WORKFLOWS / "pr.yml")
    step = next(s for s in steps(wf) if "failure-summary.py" in s.get("run", ""))
    assert step["if"] == "${{ failure() }}"
    tests_step = next(s for s in steps(wf) if s.get("run") == "bash .ci/run")
    assert "--junitxml=build/junit.xml" in tests_step["env"]["PYTEST_ADDOPTS"]
    plan = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini_plan", plan)
    f = plan / "campaigns" / "alpha" / "tasks" / "01.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("lead: [区甲局]", "lead: [区甲]"), encoding="utf-8")
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite><testcase classname="tests.test_plan_fidelity" name="test_tasks_match">'
        '<failure message="plan_data/campaigns/lantian/tasks/12.yaml: 任务文字与原文不一致">x</failure>'
        "</testcase></testsuite></testsuites>",
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary))
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "failure-summary.py"),
            "--junit",
            str(junit),
            "--data",
            str(plan),
            "--python",
            sys.executable,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert "## 检查未通过:原因摘要" in text and "### 方案数据有误" in text
    assert "tasks/01.yaml:" in text and "是否指“区甲局”" in text
    assert "tests.test_plan_fidelity.test_tasks_match" in text and "任务文字与原文不一致" in text
    assert len(text.splitlines()) < 60  # one screen


def test_the_non_browser_tests_need_no_playwright(tmp_path: Path) -> None:
    """`pytest -m "not browser"` collects (and so runs) on a machine without playwright or axe."""
    import os
    import subprocess
    import sys

    for name in ("playwright", "axe_playwright_python"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(f"raise ImportError('{name} is not installed')\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-m",
            "not browser",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "error" not in proc.stdout.lower().split("\n")[-2], proc.stdout[-500:]
