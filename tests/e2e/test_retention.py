"""Retention in the real window, on the demo clinic: the administrator shortens how long
appointments are kept; the privacy officer sees the patients now due in the review, with
the count in the navigation, erases one patient's appointments after a confirmation that
states the count, and watches the progress (a Tauri channel) reach the end.

The steps build on each other in order."""

from selenium.webdriver.support.ui import Select

PASSWORD = "demo-clinic-2026"


def sign_in(w, username):
    w.type("signin-username", username)
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")
    w.find("me-name")


def sign_out(w):
    w.click("sign-out")
    w.find("signin-username")


def test_the_administrator_shortens_how_long_appointments_are_kept(demo_window):
    w = demo_window
    sign_in(w, "admin")
    w.click("nav-retention-rules")
    w.find("rule-appointments-years")
    w.type("rule-appointments-years", "101")
    w.click("rule-appointments-save")
    assert "100" in w.find("rule-appointments-years-error").text, "the service refuses over 100 years"
    w.type("rule-appointments-years", "0")
    w.type("rule-appointments-months", "0")
    Select(w.find("rule-appointments-from")).select_by_value("last_visit")
    w.click("rule-appointments-save")
    w.find("rules-notice")
    sign_out(w)


def test_the_privacy_officer_erases_a_due_patients_appointments_with_progress(demo_window):
    w = demo_window
    sign_in(w, "privacy")
    # Every demo patient seen in the last two weeks now has appointments past their time.
    count = int(w.find("nav-retention-count").text.strip())
    assert count > 0
    w.click("nav-retention")
    w.wait_for(lambda: len(w.all('[data-testid="retention-row"]')) == count)
    row = w.all('[data-testid="retention-row"]')[0]
    assert row.get_attribute("data-whole") == "false", "only the appointments are due, not the whole record"
    patient = row.get_attribute("data-id")
    w.click(f"retention-pick-{patient}")
    w.click("retention-erase")
    confirm = w.find("retention-confirm")
    assert "1" in confirm.text and "cannot be undone" in confirm.text, confirm.text
    w.click("retention-confirm-yes")
    progress = w.find("retention-progress", timeout=30)
    w.wait_for(lambda: progress.get_attribute("data-done") == progress.get_attribute("data-total") == "1", timeout=30)
    w.find("retention-result")
    w.wait_for(lambda: all(r.get_attribute("data-id") != patient for r in w.all('[data-testid="retention-row"]')))
    w.wait_for(lambda: w.find("nav-retention-count").text.strip() == str(count - 1))
