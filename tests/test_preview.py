"""The preview never hangs: under `mkdocs serve`, invalid data turns every page into a Chinese error
page with check's messages, and the real page comes back (live reload) once the file is fixed.

Runs the real `mkdocs serve` on a copy of the mini plan and watches it in the real browser.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import MINI_PLAN, ROOT, new_page

if TYPE_CHECKING:  # the browser tests need playwright; `-m "not browser"` runs without it
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        assert proc.poll() is None, "mkdocs serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not come up")


def test_preview_shows_the_problems_then_the_fixed_page(browser: Browser, tmp_path: Path) -> None:
    data = tmp_path / "plan_data"
    shutil.copytree(MINI_PLAN, data)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "HUIJI_PLAN_DATA": str(data), "HUIJI_SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    proc = subprocess.Popen(
        [str(mkdocs), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base + "tasks/alpha-01/", proc)
        page = new_page(browser, base, 1280, [])
        page.goto(base + "tasks/alpha-01/", wait_until="load")
        assert "第一项任务" in page.inner_text("h1")
        task = data / "campaigns" / "alpha" / "tasks" / "01.yaml"
        good = task.read_text(encoding="utf-8")
        task.write_text(good.replace("number: 1\n", "number 1\n"), encoding="utf-8")
        page.wait_for_selector(".preview-error", timeout=60_000)  # live reload, no hang
        text = page.inner_text(".preview-error")
        assert "campaigns/alpha/tasks/01.yaml:2:1: 错误: YAML 语法错误:缺少冒号" in text
        assert page.inner_text("h1").startswith("方案数据有误,预览暂停更新")
        task.write_text(good, encoding="utf-8")
        back = "document.querySelector('h1') && document.querySelector('h1').innerText.includes('第一项任务')"
        page.wait_for_function(back, timeout=60_000)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
