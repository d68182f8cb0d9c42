"""Backups in the real window, on the demo clinic: the administrator backs up now and sees
the copy checked, runs a test restore and sees it pass; reception registers a patient;
the administrator restores the earlier backup (the preview says one patient is lost),
everyone is signed out, and after signing in again the audit viewer's verification
passes and lists the restore.

The steps build on each other in order."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

PASSWORD = "demo-clinic-2026"
# Set by the first step: the copy "Back up now" wrote, restored later.
BACKUP = {}


def sign_in(w, username):
    w.type("signin-username", username)
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")
    w.find("me-name")


def sign_out(w):
    w.click("sign-out")
    w.find("signin-username")


def backup_row(w, name):
    rows = w.driver.find_elements(
        By.CSS_SELECTOR, f'[data-testid="backup-row"][data-folder="backups"][data-name="{name}"]'
    )
    return rows[0] if rows else None


def test_the_administrator_backs_up_now_and_sees_the_copy_checked(demo_window):
    w = demo_window
    sign_in(w, "admin")
    # The administrator's home screen carries the backups card, which leads to the screen.
    w.find("home-backups")
    w.click("home-open-backups")
    w.find("backup-health")
    w.click("backups-back-up-now")
    result = w.find("backups-run-result", timeout=60)
    assert result.get_attribute("data-verified") == "true", result.text
    written = [
        f.get_attribute("data-written")
        for f in w.all('[data-testid="backups-run-folder"]')
        if f.get_attribute("data-folder") == "backups"
    ]
    assert written and written[0].endswith("-manual.db"), written
    BACKUP["name"] = written[0]
    # The list shows it, checked, with its counts.
    w.wait_for(lambda: backup_row(w, BACKUP["name"]) is not None)
    row = backup_row(w, BACKUP["name"])
    assert row.get_attribute("data-verified") == "true"
    assert "patients" in row.text
    assert w.find("backup-newest").get_attribute("data-overdue") == "false"


def test_the_test_restore_passes(demo_window):
    w = demo_window
    w.click("backups-test-restore")
    w.wait_for(
        lambda: w.all('[data-testid="backups-drill-result"][data-fresh="true"]'), timeout=60
    )
    drill = w.find("backups-drill-result")
    assert drill.get_attribute("data-ok") == "true", drill.text
    w.wait_for(lambda: w.find("backup-drill").get_attribute("data-overdue") == "false")
    sign_out(w)


def test_reception_registers_a_patient_after_the_backup(demo_window):
    w = demo_window
    sign_in(w, "reception")
    w.click("nav-patients")
    box = w.type("patient-search", "Faiza Rehmat")
    w.wait_for(lambda: box.get_attribute("value") == "Faiza Rehmat")
    w.click("patient-new")
    w.find("patient-form")
    w.type("patient-birth-date", "1991-03-22")
    Select(w.find("patient-sex")).select_by_value("female")
    w.type("patient-cnic", "35202-7654321-3")
    w.type("patient-phone", "0333 4455667")
    w.click("patient-save")
    w.find("patient-record")
    w.click("patient-back")
    # The last person signing out also takes a backup: the restore below must choose
    # the earlier copy by its name, not the newest.
    sign_out(w)


def test_the_administrator_restores_the_earlier_backup_and_signs_in_again(demo_window):
    w = demo_window
    sign_in(w, "admin")
    w.click("nav-backups")
    w.wait_for(lambda: backup_row(w, BACKUP["name"]) is not None)
    backup_row(w, BACKUP["name"]).find_element(By.CSS_SELECTOR, '[data-testid="backup-restore"]').click()
    w.find("restore-preview")
    lost = w.find("restore-lost-patients")
    assert lost.get_attribute("data-count") == "1", lost.text
    assert w.find("restore-erasures").get_attribute("data-count") == "0"
    # Not without the explicit confirmation.
    w.click("restore-submit")
    w.find("restore-understood-error")
    w.click("restore-understood")
    w.click("restore-submit")
    done = w.find("restored", timeout=120)
    assert "replaced-" in w.find("restored-kept-as").text, done.text
    assert w.find("restored-erased-again").get_attribute("data-count") == "0"
    assert not w.all('[data-testid="me-name"]'), "every session ended"
    w.click("restored-continue")
    w.find("signin-username")
    sign_in(w, "admin")


def test_the_audit_viewer_verifies_and_lists_the_restore(demo_window):
    w = demo_window
    w.click("nav-audit")
    w.find("audit-row")
    actions = {r.get_attribute("data-action") for r in w.all('[data-testid="audit-row"]')}
    assert "backup_restored" in actions, sorted(actions)
    w.click("audit-verify")
    result = w.find("audit-verify-result", timeout=60)
    w.wait_for(lambda: result.get_attribute("data-ok") == "true", timeout=60)
    restores = w.all('[data-testid="audit-verify-restore"]')
    assert len(restores) == 1, [r.text for r in restores]
    assert "restored from the backup of" in restores[0].text


def test_the_patient_registered_after_the_backup_is_gone(demo_window):
    w = demo_window
    sign_out(w)
    sign_in(w, "reception")
    w.click("nav-patients")
    w.type("patient-search", "Faiza Rehmat")
    w.find("patient-no-results")
