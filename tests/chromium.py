"""Headless Chromium for the browser tests (explorer page, Cytoscape.js import of .cyjs).

Needs Debian's chromium + chromium-driver (``scripts/install-browser.sh``) and selenium; a test
that asks for :func:`driver` is skipped with that reason when they are missing.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time

import pytest

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,900", "--force-device-scale-factor=1")


def driver():
    """A selenium Chrome driver on headless Chromium that logs console and network events."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("headless Chromium not installed: run scripts/install-browser.sh "
                    "(apt-get install chromium chromium-driver fonts-noto-cjk)")
    webdriver = pytest.importorskip("selenium.webdriver",
                                    reason="selenium not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in FLAGS + (f"--user-data-dir={tempfile.mkdtemp(prefix='kgtool-chromium-')}",):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(chromedriver), options=opts)


def wait_for(drv, script: str, timeout: float = 30.0, *args):
    """Poll ``script`` until it returns a truthy value; fail after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = drv.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def console_errors(drv) -> list[dict]:
    """The SEVERE console entries since the last call."""
    return [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]


def requested_urls(drv) -> list[str]:
    """The URLs the page asked for since the last call (DevTools network events)."""
    urls = []
    for entry in drv.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            urls.append(msg["params"].get("request", {}).get("url") or msg["params"].get("url"))
    return [u for u in urls if u]
