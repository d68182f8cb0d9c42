"""Billing at the front desk in the real window, on the demo clinic: reception checks a
patient out with one key, pays the invoice half in cash (with change) and half by card,
sees the balance at zero, and prints the receipt in English and in Urdu (both read back
with pdftotext); then sells another patient a session package in their record and uses
one session of it at their check-out; at the end of the day the cashier counts the
drawer, closes the day with a note for the difference, and reads back its Z report."""

import pathlib
import re
import subprocess

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


def patient_names(w, appointment_id):
    """The patient's name on Today's row, and their name in Urdu script if they have one."""
    row = w.driver.find_element(By.CSS_SELECTOR, f'[data-testid="today-row"][data-id="{appointment_id}"]')
    spans = row.find_elements(By.CSS_SELECTOR, ".patient-cell > span")
    latin = spans[0].text.strip()
    urdu = [s.text.strip() for s in spans if "urdu" in (s.get_attribute("class") or "")]
    return latin, (urdu[0] if urdu else None)


def pdf_text(path):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.replace("\u202a", "").replace("\u202b", "").replace("\u202c", "")


def save_pdf(w, prefix, button, before=None):
    """Clicks one of the print form's buttons and returns the path it shows once it is a new one."""
    w.click(f"{prefix}-{button}")
    w.wait_for(lambda: w.all(f'[data-testid="{prefix}-path"]') and w.find(f"{prefix}-path").text.strip() not in ("", before), timeout=30)
    path = pathlib.Path(w.find(f"{prefix}-path").text.strip())
    assert path.parent == w.data_dir / "downloads", path
    return path


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
    name, name_ur = patient_names(w, appointment)
    open_checkout(w, appointment)
    assert service in w.find("checkout-service").text
    w.click("checkout-make")
    w.find("checkout-draft")
    total = int(w.find("invoice-total").get_attribute("data-paisa"))
    assert total > 0
    w.click("checkout-issue")
    issued = w.find("checkout-issued")
    assert "INV-" in issued.text
    number = re.search(r"INV-\d{4}-\d+", issued.text).group(0)

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
    seen["cash"] = cash

    # The receipt, in English and then in Urdu: one receipt for both parts of the payment;
    # the second print of it is marked COPY.
    Select(w.find("checkout-print-language")).select_by_value("en")
    english = save_pdf(w, "checkout-print", "receipt")
    assert english.name.startswith("receipt-R-") and english.name.endswith("-a5-en.pdf"), english
    text = " ".join(pdf_text(english).split())
    for want in ("Receipt", name, mrn, "Received", f"PKR {rupees(cash)}", "Card, ref. AUTH-7781", "Change given", "PKR 500.00", "Thank you."):
        assert want in text, f"{want!r} not in the English receipt:\n{text}"
    assert "COPY" not in text
    Select(w.find("checkout-print-language")).select_by_value("ur")
    Select(w.find("checkout-print-paper")).select_by_value("roll80")
    urdu = save_pdf(w, "checkout-print", "receipt", before=str(english))
    assert urdu.name.endswith("-roll80-ur-copy.pdf"), urdu
    text = pdf_text(urdu)
    for want in ("رسید", "نقد", "کارڈ", "وصول شدہ", "شکریہ", "COPY", "نقل", mrn, "AUTH-7781"):
        assert want in text, f"{want!r} not in the Urdu receipt:\n{text}"
    if name_ur:
        assert name_ur in text, f"{name_ur!r} not in the Urdu receipt:\n{text}"
    # The invoice it paid, in the patient's own language.
    Select(w.find("checkout-print-language")).select_by_value("")
    Select(w.find("checkout-print-paper")).select_by_value("a5")
    invoice = save_pdf(w, "checkout-print", "invoice", before=str(urdu))
    assert invoice.name.startswith(f"invoice-{number}-a5-"), invoice
    assert number in pdf_text(invoice)
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


def test_the_cashier_closes_the_day_with_a_difference_and_reads_back_the_z_report(demo_window):
    w = demo_window
    w.click("nav-close-day")
    expected = w.find("close-expected")
    # Only the cash of the first check-out was taken today (the package was not paid).
    w.wait_for(lambda: expected.get_attribute("data-paisa") == str(seen["cash"]))
    assert w.find("close-methods-net-cash").get_attribute("data-paisa") == str(seen["cash"])
    assert int(w.find("close-methods-net-card").get_attribute("data-paisa")) > 0

    # A hundred rupees short: the difference shows while typing, and a note is asked for.
    counted = seen["cash"] - 10_000
    w.type("close-counted", rupees(counted))
    difference = w.find("close-difference")
    w.wait_for(lambda: difference.get_attribute("data-paisa") == "-10000")
    assert "PKR 100.00 less than expected" in difference.text
    w.click("close-submit")
    assert "say why in a note" in w.find("close-note-error").text
    w.type("close-note", "Change given from the drawer for the pharmacy")
    w.click("close-submit")
    done = w.find("close-done", timeout=20)
    assert "-PKR 100.00" in done.text

    # The closing is listed, and its Z report reads back.
    w.wait_for(lambda: len(w.all('[data-testid="closing-row"]')) == 1)
    row = w.all('[data-testid="closing-row"]')[0]
    assert row.get_attribute("data-difference") == "-10000"
    assert "Change given from the drawer for the pharmacy" in row.text
    w.click("close-z-report")
    w.wait_for(lambda: w.all('[data-testid="z-report-path"]'), timeout=30)
    path = pathlib.Path(w.find("z-report-path").text.strip())
    assert path.parent == w.data_dir / "downloads", path
    text = " ".join(pdf_text(path).split())
    for want in (
        "Z report",
        "Sana Malik",
        "Cash expected",
        f"PKR {rupees(seen['cash'])}",
        "Cash counted",
        f"PKR {rupees(counted)}",
        "-PKR 100.00",
        "Change given from the drawer for the pharmacy",
        "AUTH-7781",
    ):
        assert want in text, f"{want!r} not in the Z report:\n{text}"

    # A closed day is not closed again: the form is gone for today.
    assert not w.all('[data-testid="close-day-form"]')
