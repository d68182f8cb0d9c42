"""A clinic's first morning in the real window: setup with the recovery key, sign-in
mistakes and lock-out, the idle lock keeping a half-typed form, Urdu, and the audit
trail showing all of it. The steps run in order on one app process."""

import re
import time

from selenium.webdriver.common.by import By

ADMIN = ("rukhsana", "Lahore-clinic-desk")
CLERK = ("sana", "front-desk-kettle")


def sign_in(w, username, password):
    w.type("signin-username", username)
    w.type("signin-password", password)
    w.click("signin-submit")


def test_first_run_shows_the_recovery_key_and_asks_for_part_of_it(window):
    w = window
    w.click("begin-setup")
    key_text = w.find("recovery-key").text
    groups = re.findall(r"[0-9A-Z]{4}", key_text)
    assert len(groups) == 14, key_text
    w.click("saved-checkbox")
    w.click("to-confirm")
    inputs = w.all('[data-testid^="confirm-group-"]')
    assert len(inputs) == 2
    # A wrong group is refused in plain words and nothing is created.
    first = inputs[0].get_attribute("data-testid")
    second = inputs[1].get_attribute("data-testid")
    n1, n2 = (int(t.rsplit("-", 1)[1]) for t in (first, second))
    w.type(first, "ZZZZ")
    w.type(second, groups[n2 - 1])
    w.click("confirm-key")
    w.wait_for(lambda: "match" in w.driver.page_source)
    assert not (w.data_dir / "clinic.db").exists()
    w.type(first, groups[n1 - 1].lower())
    w.click("confirm-key")

    w.type("clinic-name", "Al-Hayat Physiotherapy & Psychology")
    w.type("clinic-address", "Bahria Town, Lahore")
    w.type("clinic-phone", "+92 300 1010592")
    w.type("admin-full-name", "Rukhsana Parveen")
    w.type("admin-username", ADMIN[0])
    w.type("admin-password", ADMIN[1])
    w.type("admin-password-repeat", ADMIN[1])
    w.click("complete-setup")
    w.find("signin-username")
    head = (w.data_dir / "clinic.db").read_bytes()[:16]
    assert head != b"SQLite format 3\x00", "the store on disk is encrypted"


def test_a_wrong_password_is_refused_in_plain_words(window):
    w = window
    sign_in(w, ADMIN[0], "not-the-password")
    assert "not right" in w.find("signin-error").text


def read_code(w):
    code = w.find("one-time-code").text.strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code), code
    w.click("one-time-code-done")
    return code


def choose_password(w, username, code, password):
    """Signs in with a one-time code, then chooses the person's own password."""
    sign_in(w, username, code)
    w.find("choose-password")
    w.type("choose-new-password", password)
    w.type("choose-repeat", password)
    w.click("choose-submit")


def test_the_administrator_adds_a_receptionist_who_chooses_her_own_password(window):
    w = window
    sign_in(w, *ADMIN)
    assert w.find("me-name").text == "Rukhsana Parveen"
    w.click("nav-staff")
    w.type("staff-full-name", "Sana Malik")
    w.type("staff-username", CLERK[0])
    # The administrator never types the new person's password: there is no field for it.
    assert not w.all('[data-testid="staff-password"]')
    w.click("staff-role-reception")
    w.click("staff-save")
    code = read_code(w)
    w.wait_for(lambda: any(r.get_attribute("data-username") == CLERK[0] for r in w.all('[data-testid="staff-row"]')))
    w.click("sign-out")
    choose_password(w, CLERK[0], code.lower().replace("-", " "), CLERK[1])
    w.wait_for(lambda: w.find("me-name").text == "Sana Malik")
    w.click("sign-out")
    # The code worked once.
    sign_in(w, CLERK[0], code)
    w.wait_for(lambda: "not right" in w.find("signin-error").text)


def test_five_wrong_passwords_lock_the_account(window):
    w = window
    for _ in range(5):
        sign_in(w, CLERK[0], "wrong-password-1")
        time.sleep(0.3)
    w.wait_for(lambda: "15 minutes" in w.find("signin-error").text)
    sign_in(w, *CLERK)
    w.wait_for(lambda: "locked" in w.find("signin-error").text)
    assert not w.all('[data-testid="me-name"]'), "the right password does not open a locked account"


def test_a_reset_gives_a_code_and_the_person_chooses_a_new_password(window):
    w = window
    sign_in(w, *ADMIN)
    w.click("nav-staff")
    w.find("staff-row")
    w.driver.find_element(
        By.CSS_SELECTOR, f'[data-testid="staff-row"][data-username="{CLERK[0]}"] [data-testid^="staff-reset-"]'
    ).click()
    w.click("staff-reset-submit")
    code = read_code(w)
    w.click("sign-out")
    # The old password no longer works (and the reset lifted the lock-out).
    sign_in(w, *CLERK)
    w.wait_for(lambda: "not right" in w.find("signin-error").text)
    choose_password(w, CLERK[0], code, "front-desk-teapot")
    # She is told once what changed on her account, and by whom.
    w.find("account-changes")
    kinds = [li.get_attribute("data-kind") for li in w.all('[data-testid="account-change"]')]
    assert "password_reset" in kinds, kinds
    assert "Rukhsana Parveen" in w.find("account-changes").text
    w.click("account-changes-ok")
    w.gone("account-changes")
    assert w.find("me-name").text == "Sana Malik"
    w.click("sign-out")
    sign_in(w, CLERK[0], "front-desk-teapot")
    w.find("me-name")
    assert not w.all('[data-testid="account-changes"]'), "shown once"
    w.click("sign-out")


def test_the_idle_lock_keeps_a_half_typed_form(window):
    w = window
    sign_in(w, *ADMIN)
    w.click("nav-staff")
    w.type("staff-full-name", "Half typed Name")
    # No activity for longer than the idle time (6 s in this test run).
    w.find("lock-overlay", timeout=15)
    w.type("unlock-password", ADMIN[1])
    w.click("unlock-submit")
    w.gone("lock-overlay")
    assert w.find("staff-full-name").get_attribute("value") == "Half typed Name"


def test_switching_to_urdu_turns_the_page_right_to_left(window):
    w = window
    w.click("lang-ur")
    html = w.driver.find_element(By.TAG_NAME, "html")
    w.wait_for(lambda: html.get_attribute("dir") == "rtl")
    assert html.get_attribute("lang") == "ur"
    # The choice belongs to the person: it comes back at the next sign-in.
    w.click("sign-out")
    sign_in(w, *ADMIN)
    w.find("me-name")
    w.wait_for(lambda: w.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl")
    w.click("lang-en")
    w.wait_for(lambda: w.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "ltr")


def test_the_audit_viewer_shows_these_events_and_the_chain_verifies(window):
    w = window
    w.click("nav-audit")
    w.find("audit-row")
    actions = {r.get_attribute("data-action") for r in w.all('[data-testid="audit-row"]')}
    for expected in ["setup", "create", "sign_in", "sign_in_failed", "account_locked", "lock", "unlock", "sign_out", "settings_change"]:
        assert expected in actions, f"{expected} not in {sorted(actions)}"
    w.click("audit-verify")
    result = w.find("audit-verify-result")
    w.wait_for(lambda: result.get_attribute("data-ok") == "true")
