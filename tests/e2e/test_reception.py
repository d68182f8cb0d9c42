"""The front desk on the demo clinic: search in Urdu, open a record, register a patient
(with the duplicate check), and find them again."""

from selenium.webdriver.common.keys import Keys

PASSWORD = "demo-clinic-2026"


def sign_in(w, username):
    w.type("signin-username", username)
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")


def results(w):
    return w.all('[data-testid="patient-result"]')


def test_reception_searches_in_urdu_and_opens_a_child_with_a_guardian(demo_window):
    w = demo_window
    sign_in(w, "reception")
    w.find("today-counts")  # reception starts the day on Today
    w.click("nav-patients")
    box = w.find("patient-search")
    box.send_keys("زارا")
    w.wait_for(lambda: len(results(w)) == 1)
    box.send_keys(Keys.ENTER)
    w.find("patient-record")
    assert w.find("patient-mrn").text.startswith("AH-")
    kinds = [r.get_attribute("data-kind") for r in w.all('[data-testid="related-person"]')]
    assert "guardian" in kinds
    w.click("patient-back")


def test_reception_registers_a_patient_and_finds_them_by_phone(demo_window):
    w = demo_window
    w.gone("patient-record")
    box = w.type("patient-search", "Nimra Aslam")
    w.wait_for(lambda: box.get_attribute("value") == "Nimra Aslam")
    w.click("patient-new")
    w.find("patient-form")
    assert w.find("patient-full-name").get_attribute("value") == "Nimra Aslam"
    w.type("patient-name-ur", "نمرہ اسلم")
    w.type("patient-birth-date", "1994-08-14")
    from selenium.webdriver.support.ui import Select

    Select(w.find("patient-sex")).select_by_value("female")
    w.type("patient-cnic", "35202-1234567")  # one digit short
    w.type("patient-phone", "0345 1122334")
    w.click("patient-save")
    assert "13 digits" in w.find("patient-cnic-error").text
    assert w.find("patient-name-ur").get_attribute("value") == "نمرہ اسلم", "nothing typed is lost"
    w.type("patient-cnic", "35202-1234567-9")
    w.click("patient-save")
    w.find("patient-record")
    assert w.find("record-phone").text.strip() == "+92 345 1122334"
    w.click("patient-back")
    box = w.type("patient-search", "+923451122334")
    w.wait_for(lambda: len(results(w)) == 1)
    assert "Nimra Aslam" in results(w)[0].text
