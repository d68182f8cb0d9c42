"""Billing at the front desk in the real window, on the demo clinic: reception checks a
patient out with one key, pays the invoice half in cash (with change) and half by card,
and sees the balance at zero; then sells another patient a session package in their
record and uses one session of it at their check-out.

(Receipts and closing the day are another part of issue 14 and are not driven here.)"""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

PASSWORD = "demo-clinic-2026"
CAME = ("arrived", "in_session", "completed")

# What the first step used, for the second.
seen = {}


def sign_in(w, username):
    w.type("signin-username", username)
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")


def focused(w):
    return w.driver.switch_to.active_element


def rupees(paisa):
    """Paisa as a person types it: 350000 → '3,500'; 150050 → '1,500.50'."""
    whole, rest = divmod(paisa, 100)
    return f"{whole:,}" + (f".{rest:02d}" if rest else "")


def cells(row):
    return [c.text.strip() for c in row.find_elements(By.CSS_SELECTOR, "td")]


def rows(w):
    return w.all('[data-testid="today-row"]')


def a_patient_to_check_out(w, not_patients=()):
    """A row on Today (or an earlier day) whose patient came, checking one in if needed.
    Returns (appointment id, MRN, service)."""
    for _ in range(8):
        w.wait_for(lambda: rows(w) or w.all('[data-testid="today-empty"]'))
        listed = [(r.get_attribute("data-id"), r.get_attribute("data-status"), cells(r)) for r in rows(w)]
        fresh = [(i, s, c) for i, s, c in listed if c[2] and c[2] not in not_patients]
        for i, s, c in fresh:
            if s in CAME and w.all(f'[data-testid="checkout-{i}"]'):
                return i, c[2], c[5]
        for i, s, c in fresh:
            if s == "booked":
                row = w.driver.find_element(By.CSS_SELECTOR, f'[data-testid="today-row"][data-id="{i}"]')
                w.driver.execute_script("arguments[0].focus()", row)
                focused(w).send_keys(Keys.ENTER)
                w.find(f"checkout-{i}")
                return i, c[2], c[5]
        w.click("today-prev")
    raise AssertionError("no appointment to check out in the last week")


def open_checkout(w, appointment_id):
    """B on the selected row opens the check-out."""
    row = w.driver.find_element(By.CSS_SELECTOR, f'[data-testid="today-row"][data-id="{appointment_id}"]')
    w.driver.execute_script("arguments[0].focus()", row)
    focused(w).send_keys("b")
    return w.find("checkout-dialog")


def test_reception_checks_out_with_cash_and_card_and_the_balance_is_zero(demo_window):
    w = demo_window
    sign_in(w, "reception")
    w.find("today-counts")
    appointment, mrn, service = a_patient_to_check_out(w)
    seen["first_patient"] = mrn
    open_checkout(w, appointment)
    assert service in w.find("checkout-service").text
    w.click("checkout-make")
    w.find("checkout-draft")
    total = int(w.find("invoice-total").get_attribute("data-paisa"))
    assert total > 0
    w.click("checkout-issue")
    issued = w.find("checkout-issued")
    assert "INV-" in issued.text

    # Half in cash, with more handed over than the amount; the rest by card.
    cash = (total // 200) * 100
    w.type("pay-0-amount", rupees(cash))
    w.type("pay-0-tendered", rupees(cash + 50_000))
    assert "PKR 500.00" in w.find("pay-0-change").text
    w.click("pay-add-part")
    card = w.find("pay-1-amount")
    assert card.get_attribute("value") == rupees(total - cash), "the card takes what is left"
    assert Select(w.find("pay-1-method")).first_selected_option.get_attribute("value") == "card"
    # A card without its slip's reference is refused next to the reference.
    w.click("pay-submit")
    assert "approval code" in w.find("pay-1-reference-error").text
    w.type("pay-1-reference", "AUTH-7781")
    w.click("pay-submit")
    assert "PKR 500.00" in w.find("paid-change").text
    account = w.find("checkout-account")
    w.wait_for(lambda: account.get_attribute("data-balance") == "0")
    assert "PKR 0.00" in w.find("checkout-account-balance").text
    w.click("checkout-close")
    w.gone("checkout-dialog")
    # The appointment is billed: a second check-out says so in plain words.
    open_checkout(w, appointment)
    w.click("checkout-make")
    assert "already on an invoice" in w.find("checkout-appointment-error").text
    w.click("checkout-dialog-close")
    w.gone("checkout-dialog")


def test_reception_sells_a_package_and_uses_one_session_at_check_out(demo_window):
    w = demo_window
    appointment, mrn, service = a_patient_to_check_out(w, not_patients=(seen["first_patient"],))

    # The package is sold in the patient's record.
    w.click("nav-patients")
    box = w.type("patient-search", mrn)
    w.wait_for(lambda: len(w.all('[data-testid="patient-result"]')) == 1)
    box.send_keys(Keys.ENTER)
    w.find("billing-section")
    w.click("bill-sell-package")
    w.wait_for(lambda: service in [o.text for o in Select(w.find("package-service")).options])
    Select(w.find("package-service")).select_by_visible_text(service)
    w.type("package-sessions", "5")
    w.type("package-price", "12,000")
    w.click("package-sell")
    assert "Package sold on invoice INV-" in w.find("billing-notice").text
    w.wait_for(lambda: len(w.all('[data-testid="bill-package-row"]')) == 1)
    package = w.all('[data-testid="bill-package-row"]')[0]
    package_id = package.get_attribute("data-id")
    assert package.get_attribute("data-remaining") == "5"

    # At check-out the package's session is offered instead of billing the appointment.
    w.click("nav-today")
    w.find("today-counts")
    row_css = f'[data-testid="today-row"][data-id="{appointment}"]'
    for _ in range(8):
        w.wait_for(lambda: rows(w) or w.all('[data-testid="today-empty"]'))
        if w.all(row_css):
            break
        w.click("today-prev")
    open_checkout(w, appointment)
    use = w.find(f"checkout-use-package-{package_id}")
    assert "5 left" in use.text
    use.click()
    assert "4 left" in w.find("checkout-notice").text
    w.click("checkout-close")
    w.gone("checkout-dialog")

    w.click("nav-patients")
    box = w.type("patient-search", mrn)
    w.wait_for(lambda: len(w.all('[data-testid="patient-result"]')) == 1)
    box.send_keys(Keys.ENTER)
    w.find("billing-section")
    w.wait_for(lambda: w.all(f'[data-testid="bill-package-left-{package_id}"]'))
    assert w.find(f"bill-package-left-{package_id}").text == "4"
