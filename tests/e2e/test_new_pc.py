"""Moving to a new PC in the real window: a clinic set up on one PC backs up; on a fresh
install the first screen's "Restore from a backup" takes the copy's path and the
recovery key, and the clinic's administrator signs in with her own password."""

import contextlib
import pathlib
import re
import shutil
import tempfile

from conftest import launch
from selenium.webdriver.remote.file_detector import UselessFileDetector

ADMIN = ("rukhsana", "Lahore-clinic-desk")
STATE = {}


def sign_in(w, username, password):
    w.type("signin-username", username)
    w.type("signin-password", password)
    w.click("signin-submit")


def set_up_clinic(w):
    w.click("begin-setup")
    groups = re.findall(r"[0-9A-Z]{4}", w.find("recovery-key").text)
    assert len(groups) == 14
    w.click("saved-checkbox")
    w.click("to-confirm")
    for el in w.all('[data-testid^="confirm-group-"]'):
        testid = el.get_attribute("data-testid")
        w.type(testid, groups[int(testid.rsplit("-", 1)[1]) - 1])
    w.click("confirm-key")
    w.type("clinic-name", "Al-Hayat Physiotherapy & Psychology")
    w.type("clinic-address", "Bahria Town, Lahore")
    w.type("clinic-phone", "+92 300 1010592")
    w.type("admin-full-name", "Rukhsana Parveen")
    w.type("admin-username", ADMIN[0])
    w.type("admin-password", ADMIN[1])
    w.type("admin-password-repeat", ADMIN[1])
    w.click("complete-setup")
    return "-".join(groups)


def test_the_old_pc_sets_up_and_backs_up_to_a_usb_drive(window):
    w = window
    STATE["key"] = set_up_clinic(w)
    sign_in(w, *ADMIN)
    w.click("home-open-backups")
    w.click("backups-back-up-now")
    result = w.find("backups-run-result", timeout=60)
    assert result.get_attribute("data-verified") == "true", result.text
    name = next(
        f.get_attribute("data-written")
        for f in w.all('[data-testid="backups-run-folder"]')
        if f.get_attribute("data-folder") == "backups"
    )
    # The copy and its manifest go to "the USB drive", a folder outside both PCs' data.
    usb = pathlib.Path(tempfile.mkdtemp(prefix="alhayat-usb-"))
    for f in (w.data_dir / "backups").iterdir():
        if f.name.startswith(name):
            shutil.copy(f, usb / f.name)
    STATE["file"] = str(usb / name)
    STATE["usb"] = usb


def test_a_new_pc_restores_from_the_backup_with_the_recovery_key():
    with contextlib.closing(launch({})) as windows:
        w = next(windows)
        # A typed path is text for the field, not a file for Selenium to upload.
        w.driver.file_detector = UselessFileDetector()
        w.click("setup-restore-backup")
        # A wrong recovery key is refused by its field, and nothing is created.
        w.type("restore-file", STATE["file"])
        wrong = "-".join(["AAAA"] * 14)
        w.type("restore-recovery-key", wrong)
        w.click("restore-key-submit")
        assert "mistyped" in w.find("restore-recovery-key-error").text
        assert not (w.data_dir / "clinic.db").exists()

        w.type("restore-recovery-key", STATE["key"])
        w.click("restore-key-submit")
        w.find("restored", timeout=120)
        w.click("restored-continue")
        sign_in(w, *ADMIN)
        assert w.find("me-name").text == "Rukhsana Parveen"
        head = (w.data_dir / "clinic.db").read_bytes()[:16]
        assert head != b"SQLite format 3\x00", "the restored store is encrypted"
    shutil.rmtree(STATE["usb"], ignore_errors=True)
