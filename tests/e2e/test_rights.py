"""Patients' rights in the real window, on the demo clinic: the privacy officer registers
a guardian's portability request for a child, takes it through its steps, saves the
package (a zip with the FHIR bundle, the record PDF and a true manifest) and the letter,
and sees the request counted on the dashboard; answers an access request with the record
and the access report; and answers a deletion request, whose letter lists what was kept.

The steps build on each other in order, as one day at the privacy desk would."""

import datetime
import hashlib
import json
import pathlib
import subprocess
import zipfile
from zoneinfo import ZoneInfo

from selenium.webdriver.support.ui import Select

PASSWORD = "demo-clinic-2026"
CHILD = "Zara Tariq"
GUARDIAN = "Tariq Mehmood"
state = {}


def sign_in(w, username):
    w.type("signin-username", username)
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")
    w.find("me-name")


def pdf_text(path):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u202a", "").replace("\u202b", "").replace("\u202c", "").split())


def detail_state(w):
    return w.find("rights-detail").get_attribute("data-state")


def saved_path(w):
    path = pathlib.Path(w.find("rights-saved-path", timeout=30).text.strip())
    assert path.parent == w.data_dir / "downloads", path
    assert path.exists(), path
    return path


def new_request(w, query, name, kind):
    w.click("rights-new")
    w.find("rights-form")
    w.type("rights-patient-search", query)
    w.wait_for(lambda: any(name in o.text for o in w.all('[data-testid="rights-patient-option"]')))
    [o for o in w.all('[data-testid="rights-patient-option"]') if name in o.text][0].click()
    w.find("rights-chosen-patient")
    Select(w.find("rights-kind")).select_by_value(kind)


def to_in_progress(w):
    Select(w.find("rights-verify-method")).select_by_index(0)
    w.type("rights-verify-notes", "CNIC seen at the desk.")
    w.click("rights-verify")
    w.wait_for(lambda: detail_state(w) == "identity_verified")
    w.click("rights-start")
    w.wait_for(lambda: detail_state(w) == "in_progress")


def adult_request(w, kind, details):
    """A request by an adult demo patient (the first "Ali" found who is not a child)."""
    if w.all('[data-testid="rights-back"]'):
        w.click("rights-back")
    new_request(w, "Ali", "Ali", kind)
    assert w.find("rights-by-patient").is_enabled()
    w.click("rights-by-patient")
    w.type("rights-details", details)
    w.click("rights-save")
    w.wait_for(lambda: detail_state(w) == "received")


def test_a_guardians_request_for_a_child_is_registered(demo_window):
    w = demo_window
    sign_in(w, "privacy")
    w.find("rights-new")  # the privacy officer starts on the requests
    new_request(w, "Zara", CHILD, "portability")
    # A child under 13 asks only through a guardian on record: the patient cannot be chosen.
    w.find("rights-child-hint")
    assert not w.find("rights-by-patient").is_enabled()
    assert GUARDIAN in Select(w.find("rights-guardian")).first_selected_option.text
    w.type("rights-details", "The father asks for his daughter's records to take to a new clinic.")
    w.click("rights-save")
    detail = w.find("rights-detail")
    w.wait_for(lambda: detail_state(w) == "received")
    state["id"] = detail.get_attribute("data-id")


def test_the_request_goes_through_its_steps_and_the_package_is_saved(demo_window):
    w = demo_window
    to_in_progress(w)
    w.click("rights-package")  # saving the package answers the request
    zip_path = saved_path(w)
    w.wait_for(lambda: detail_state(w) == "fulfilled")
    with zipfile.ZipFile(zip_path) as z:
        names = set(z.namelist())
        assert {"manifest.json", "fhir/bundle.json"} <= names, names
        manifest = json.loads(z.read("manifest.json"))
        assert len(manifest["files"]) == len(names) - 1, "every file but the manifest is listed"
        for entry in manifest["files"]:
            assert hashlib.sha256(z.read(entry["path"])).hexdigest() == entry["sha256"], entry["path"]
        bundle = json.loads(z.read("fhir/bundle.json"))
        assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
        kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
        assert {"Patient", "RelatedPerson", "Organization"} <= kinds, kinds
        pdfs = [n for n in names if n.endswith(".pdf")]
        assert pdfs, names
        record = zip_path.parent / "record-from-zip.pdf"
        record.write_bytes(z.read(pdfs[0]))
    assert CHILD in pdf_text(record)
    assert zip_path.name in w.find("rights-outcome").text


def test_the_letter_is_saved_in_english_and_in_urdu(demo_window):
    w = demo_window
    w.click("rights-letter-en")
    english = pdf_text(saved_path(w))
    assert GUARDIAN in english, english[:400]
    w.click("rights-letter-ur")
    w.wait_for(lambda: w.find("rights-saved-path").text.strip().endswith("-ur.pdf"))
    urdu = pdf_text(saved_path(w))
    assert "Al-Hayat" in urdu or "الحیات" in urdu, urdu[:400]
    assert any("\u0600" <= c <= "\u06ff" for c in urdu), "the Urdu letter reads back in Urdu"


def test_the_dashboard_counts_the_answered_request(demo_window):
    w = demo_window
    w.click("rights-back")
    month = datetime.datetime.now(ZoneInfo("Asia/Karachi")).strftime("%Y-%m")
    assert w.find(f"rights-count-{month}-portability").text.strip() == "1"
    w.click("rights-show-answered")
    w.wait_for(lambda: any(r.get_attribute("data-id") == state["id"] for r in w.all('[data-testid="rights-answered-row"]')))
    row = [r for r in w.all('[data-testid="rights-answered-row"]') if r.get_attribute("data-id") == state["id"]][0]
    assert row.get_attribute("data-state") == "fulfilled"


def test_an_access_request_is_answered_with_the_record_and_the_access_report(demo_window):
    w = demo_window
    adult_request(w, "access", "A copy of everything you hold about me.")
    to_in_progress(w)
    w.click("rights-fulfil-access")
    w.wait_for(lambda: len(w.all('[data-testid="rights-saved-path"]')) == 2, timeout=30)
    record, report = [pathlib.Path(e.text.strip()) for e in w.all('[data-testid="rights-saved-path"]')]
    assert detail_state(w) == "fulfilled"
    assert "CONFIDENTIAL" in pdf_text(record)
    text = pdf_text(report)
    assert "the information we hold about you" in text and "How long we keep it" in text, text[:600]


def test_a_deletion_request_erases_what_may_go_and_the_letter_says_what_was_kept(demo_window):
    w = demo_window
    adult_request(w, "deletion", "Please delete my data.")
    to_in_progress(w)
    w.click("rights-erase")
    assert "cannot be undone" in w.find("rights-deletion-confirm").text
    w.click("rights-deletion-confirm-yes")
    w.wait_for(lambda: detail_state(w) == "fulfilled", timeout=30)
    assert "Kept" in w.find("rights-outcome").text
    # The letters were saved with the deletion, while the names they address were held.
    w.wait_for(lambda: len(w.all('[data-testid="rights-saved-path"]')) == 2)
    english, urdu = [pathlib.Path(e.text.strip()) for e in w.all('[data-testid="rights-saved-path"]')]
    assert urdu.name.endswith("-ur.pdf") and urdu.exists()
    letter = pdf_text(english)
    assert "Kept, as the law requires" in letter and "until" in letter, letter[:800]
