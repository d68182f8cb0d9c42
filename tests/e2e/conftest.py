"""Drives the real Tauri window under Xvfb through tauri-driver (WebDriver).

The app binary must serve the bundled UI (`cargo build --features custom-protocol`)
and a Secret Service must be reachable (the README's test command provides both).
"""

import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import urllib3
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP = ROOT / "target" / "debug" / "al-hayat-clinic"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Window:
    """The app window and a few words for driving it by test id."""

    def __init__(self, driver: webdriver.Remote, data_dir: pathlib.Path):
        self.driver = driver
        self.data_dir = data_dir

    def find(self, testid: str, timeout: float = 10):
        return WebDriverWait(self.driver, timeout).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]'))
        )

    def all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def gone(self, testid: str, timeout: float = 10):
        WebDriverWait(self.driver, timeout).until(
            EC.invisibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]'))
        )

    def click(self, testid: str):
        self.find(testid).click()

    def type(self, testid: str, text: str):
        """Replaces a field's text as a person would: select all, type over it (the
        page then sees every change, which a scripted clear() may not tell React)."""
        el = self.find(testid)
        el.send_keys(Keys.CONTROL, "a")
        el.send_keys(Keys.BACKSPACE)
        el.send_keys(text)
        return el

    def wait_for(self, condition, timeout: float = 10):
        return WebDriverWait(self.driver, timeout).until(lambda _d: condition())


def launch(extra_env):
    """Starts the app through tauri-driver on a fresh data folder; yields a Window."""
    if not APP.exists():
        pytest.fail(f"{APP} is missing: build it with `cargo build --features custom-protocol`")
    driver_bin = shutil.which("tauri-driver") or str(pathlib.Path.home() / ".cargo/bin/tauri-driver")
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="alhayat-e2e-"))
    port = free_port()
    env = dict(
        os.environ,
        ALHAYAT_DATA_DIR=str(data_dir),
        ALHAYAT_KEYRING_SERVICE="al-hayat-clinic-e2e",
        ALHAYAT_EXPORT_DIR=str(data_dir / "downloads"),
    )
    env.pop("ALHAYAT_DEMO", None)
    env.update(extra_env)
    proc = subprocess.Popen(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x900x24", driver_bin, "--port", str(port), "--native-port", str(free_port())],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": str(APP)})
    # tauri-driver accepts connections a moment before it can start a session; on a
    # busy two-core machine the first request may be dropped, so it is tried again.
    for attempt in range(4):
        try:
            driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=options)
            break
        except (ConnectionError, urllib3.exceptions.HTTPError):
            if attempt == 3:
                os.killpg(proc.pid, 15)
                raise
            time.sleep(1 + attempt)
    try:
        yield Window(driver, data_dir)
    finally:
        try:
            driver.quit()
        finally:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=10)
            shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def window():
    """One app process on a fresh data folder for the whole module (the steps build on
    each other, as a first day at the clinic would)."""
    yield from launch({"ALHAYAT_IDLE_SECONDS": "6"})


@pytest.fixture(scope="module")
def demo_window():
    """The demo clinic: an account per role and demo patients."""
    yield from launch({"ALHAYAT_DEMO": "1"})
