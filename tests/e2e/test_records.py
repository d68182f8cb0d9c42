"""Clinical records in the real window, on the demo clinic: a physiotherapist writes,
signs and amends a note (saved as typed); reception is not offered the chart; a
psychologist enters a PHQ-9 and sees its score, band and chart; the record is exported as
a PDF that reads back.

The steps build on each other in order, as one day would."""

import pathlib
import subprocess

from selenium.webdriver.support.ui import Select

PASSWORD = "demo-clinic-2026"
PATIENT = "Zara Tariq"
written = {}


def sign_in(w, username):
    w.type("signin-username", username)
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")
    w.find("me-name")


def sign_out(w):
    w.click("sign-out")
    w.find("signin-username")


def open_patient_record(w, query, name):
    w.click("nav-patients")
    w.type("patient-search", query)
    w.wait_for(lambda: any(name in r.text for r in w.all('[data-testid="patient-result"]')))
    row = [r for r in w.all('[data-testid="patient-result"]') if name in r.text][0]
    row.find_element("css selector", '[data-testid^="patient-open-"]').click()
    w.find("patient-record")


def open_chart(w, query=PATIENT, name=PATIENT):
    open_patient_record(w, query, name)
    w.click("chart-open")
    w.find("chart")


def saved(w):
    return w.find("note-save-state").get_attribute("data-state") == "saved"


def test_a_physiotherapist_writes_signs_and_amends_a_note(demo_window):
    w = demo_window
    sign_in(w, "physio")
    open_chart(w)
    w.click("chart-tab-notes")
    w.click("note-new")
    w.click("note-template-1")  # the built-in physiotherapy template
    w.find("note-editor")
    w.type("note-section-subjective", "Right ankle sprain playing cricket on Sunday.")
    w.type("note-section-pain", "6")
    w.type("note-section-plan", "Rest, ice, compression; review in a week.")
    w.wait_for(lambda: saved(w), timeout=15)  # saved as typed, without a button
    w.click("note-sign")
    w.click("note-sign-confirm")
    view = w.find("note-view")
    w.wait_for(lambda: view.get_attribute("data-status") == "signed")
    original = view.get_attribute("data-id")
    assert "Right ankle sprain" in view.text

    w.click("note-amend")
    w.type("note-amend-reason", "The left ankle, not the right one.")
    w.click("note-amend-confirm")
    w.find("note-amending")
    w.type("note-section-subjective", "Left ankle sprain playing cricket on Sunday.")
    w.wait_for(lambda: saved(w), timeout=15)
    w.click("note-sign")
    w.click("note-sign-confirm")
    w.wait_for(lambda: len(w.all('[data-testid="note-version"]')) == 2, timeout=15)
    versions = {v.get_attribute("data-id"): v.get_attribute("data-amended") for v in w.all('[data-testid="note-version"]')}
    assert versions[original] == "true", versions
    written["original"] = original
    sign_out(w)


def test_reception_is_not_offered_the_chart(demo_window):
    w = demo_window
    sign_in(w, "reception")
    open_patient_record(w, "زارا", PATIENT)
    assert not w.all('[data-testid="chart-open"]'), "reception never sees clinical notes"
    assert "Right ankle" not in w.find("patient-record").text
    sign_out(w)


def test_a_psychologist_enters_a_phq9_and_sees_score_band_and_chart(demo_window):
    w = demo_window
    sign_in(w, "psych")
    open_chart(w)
    # The physiotherapy note is sealed from psychology staff, so is not listed.
    w.click("chart-tab-notes")
    w.wait_for(lambda: not any(r.get_attribute("data-id") == written["original"] for r in w.all('[data-testid="note-row"]')))
    w.click("chart-tab-measures")
    w.click("measure-new-phq9")
    for item, answer in enumerate([2, 2, 1, 2, 1, 1, 1, 1, 0], start=1):
        Select(w.find(f"measure-item-{item}")).select_by_value(str(answer))
    w.click("measure-save")
    result = w.find("measure-result")
    assert result.get_attribute("data-total") == "11"
    assert "moderate" in result.get_attribute("data-band").lower()
    assert result.get_attribute("data-risk") == "false"
    chart = w.find("measure-chart-phq9")
    w.wait_for(lambda: int(chart.get_attribute("data-points")) >= 1)


def test_the_record_exports_as_a_pdf_that_reads_back(demo_window):
    w = demo_window
    Select(w.find("record-purpose")).select_by_value("care")
    w.click("record-export")
    path = pathlib.Path(w.find("record-export-path", timeout=30).text.strip())
    assert path.parent == w.data_dir / "downloads", path
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\u202a", "").replace("\u202b", "").replace("\u202c", "")
    assert PATIENT in text and "زارا طارق" in text
    assert "CONFIDENTIAL" in text
    assert "PHQ-9" in text
    assert "Left ankle" not in text, "a psychologist's copy has no physiotherapy notes"
    pages = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    n = int([l for l in pages.splitlines() if l.startswith("Pages:")][0].split()[1])
    assert f"Page {n} of {n}" in text
