"""The idle lock on the real window: Today refreshes itself, nobody is at the desk, the
session still locks; a screen's own refreshes never keep a session open, and after the
lock the service refuses commands, whatever the window does."""

import datetime
import time

import pytest

from conftest import launch

PASSWORD = "demo-clinic-2026"
IDLE_SECONDS = 6


@pytest.fixture(scope="module")
def idle_demo_window():
    yield from launch({"ALHAYAT_DEMO": "1", "ALHAYAT_IDLE_SECONDS": str(IDLE_SECONDS)})


def invoke(w, command, args):
    """Calls a command as the window's own code does; returns {"ok": …} or {"err": …}."""
    return w.driver.execute_async_script(
        """
        const [cmd, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(cmd, args).then((ok) => done({ ok }), (err) => done({ err }));
        """,
        command,
        args,
    )


def remember_tokens(w):
    """Keeps the session token the window's own calls carry (it lives in React state
    only). Tauri's invoke cannot be wrapped, but its IPC goes through `fetch`."""
    w.driver.execute_script(
        """
        const original = window.fetch.bind(window);
        window.fetch = (url, init) => {
          try {
            if (String(url).startsWith('ipc:') && init && typeof init.body === 'string') {
              const args = JSON.parse(init.body);
              if (args && typeof args.token === 'string') window.__lastToken = args.token;
            }
          } catch (e) {}
          return original(url, init);
        };
        """
    )


def test_today_left_open_locks_and_the_service_refuses_after(idle_demo_window):
    w = idle_demo_window
    remember_tokens(w)
    w.type("signin-username", "reception")
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")
    w.click("nav-today")
    w.find("today-counts")
    token = w.driver.execute_script("return window.__lastToken")
    assert token, "Today asked for the day with the window's session"
    today = datetime.date.today().isoformat()

    # A session with no window at all, refreshed every second as Today refreshes itself.
    background = invoke(w, "sign_in", {"username": "reception", "password": PASSWORD})["ok"]["token"]
    started = time.time()
    refused = None
    while time.time() - started < IDLE_SECONDS + 10:
        answer = invoke(w, "appointments_on_day", {"token": background, "date": today})
        if "err" in answer:
            refused = answer["err"]
            break
        time.sleep(1)
    assert refused is not None, "the refreshes kept the session open"
    assert refused["kind"] == "locked", refused
    assert time.time() - started >= IDLE_SECONDS - 1, "locked for idleness, not before"

    # The window on Today, left alone as long, is locked over what it shows, and the
    # service refuses its session too.
    w.find("lock-overlay", timeout=15)
    answer = invoke(w, "appointments_on_day", {"token": token, "date": today})
    assert answer.get("err", {}).get("kind") == "locked", answer

    w.type("unlock-password", PASSWORD)
    w.click("unlock-submit")
    w.gone("lock-overlay")
    assert "ok" in invoke(w, "appointments_on_day", {"token": token, "date": today})
