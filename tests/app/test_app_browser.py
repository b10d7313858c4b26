"""End to end: the app served by `streamlit run`, driven in headless Chromium through Playwright.

Uses Debian's chromium (/usr/bin/chromium, installed by `make browser`), never a Playwright download.
The screenshot goes to the test's tmp_path and to /tmp/app_screenshot.png for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT_COPY = Path("/tmp/app_screenshot.png")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CSV = "region,month,sales,units\n" + "".join(
    f"{r},2024-{m:02d}-01,{100 + 7 * m + 13 * i + (m % 3) * 5},{3 + (m * (i + 1)) % 11}\n"
    for i, r in enumerate(["North", "South", "East", "West"])
    for m in range(1, 13)
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium: run `make browser` (Debian, as root)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode} before serving")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout:.0f} s")


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free 127.0.0.1 port, stopped (with its sandbox workers) afterwards."""
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("wb")
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
    for name in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "OPENAI_BASE_URL"):
        env.pop(name, None)  # the app must come up offline whatever the developer's shell holds
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, proc)
        yield url
    finally:
        # Our own process group: streamlit and the sandbox workers it started, nothing else.
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        log.close()


def test_upload_csv_and_see_ranked_charts(app_url: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    data = tmp_path / "regional_sales.csv"
    data.write_text(CSV, encoding="utf-8")
    shot = tmp_path / "app.png"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2600})
            page.goto(app_url, wait_until="domcontentloaded")
            upload = page.locator('[data-testid="stFileUploader"] input[type="file"]')
            upload.wait_for(state="attached", timeout=60_000)
            upload.set_input_files(str(data))
            # ranked charts drawn by vega-embed (canvas or svg), then the run's closing caption
            page.wait_for_function(
                "document.querySelectorAll('.vega-embed canvas, .vega-embed svg.marks').length >= 3",
                timeout=180_000,
            )
            page.get_by_text("charts from", exact=False).first.wait_for(timeout=60_000)
            page.wait_for_timeout(1500)  # let the last charts finish drawing before the picture
            page.screenshot(path=str(shot), full_page=True)
            drawn = page.locator(".vega-embed").count()
            heads = page.locator("strong", has_text="#1").count()
            errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
            body = page.locator("body").inner_text()
        finally:
            browser.close()
    shutil.copyfile(shot, SCREENSHOT_COPY)
    assert shot.stat().st_size > 10_000
    assert drawn >= 3
    assert heads >= 1
    assert errors == 0, body[:2000]
    assert "Traceback" not in body
    assert "regional_sales" in body or "region" in body
