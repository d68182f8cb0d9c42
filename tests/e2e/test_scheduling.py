"""The appointment book in the real window, on the demo clinic: book from the keyboard
alone (searching in Urdu), meet a taken slot and book one of the suggested times, check a
patient in with one key, and book a weekly series whose clashing week is skipped.

The steps build on each other in order, as one morning at the front desk would."""

import datetime
import pathlib
import subprocess

from selenium.webdriver.common.keys import Keys

PASSWORD = "demo-clinic-2026"
KARACHI = datetime.timezone(datetime.timedelta(hours=5))  # no daylight saving

# What the earlier steps booked, for the later ones.
booked = {}


def sign_in(w, username):
    w.type("signin-username", username)
    w.type("signin-password", PASSWORD)
    w.click("signin-submit")


def focused(w):
    return w.driver.switch_to.active_element


def press(w, *keys):
    focused(w).send_keys(*keys)


def focused_testid(w):
    return focused(w).get_attribute("data-testid")


def choose(w, testid, text):
    """Moves down a list with the arrow key until the focused option says `text`, then Enter."""
    w.wait_for(lambda: focused_testid(w) == testid)
    for _ in range(20):
        if text in focused(w).text:
            press(w, Keys.ENTER)
            return
        press(w, Keys.ARROW_DOWN)
    raise AssertionError(f"no {testid} says {text!r}")


def clinic_time(iso_utc):
    """'2026-12-07T05:00:00Z' → the clinic's 'YYYY-MM-DD HH:MM'."""
    t = datetime.datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(KARACHI).strftime("%Y-%m-%d %H:%M")


def open_booking(w, patient_query, service, practitioner):
    """N opens the panel; the patient, service and practitioner are picked by keyboard."""
    w.find("book-open")
    focused(w).send_keys(Keys.ESCAPE)  # nothing in particular has the focus
    w.driver.find_element("css selector", "body").send_keys("n")
    w.find("book-panel")
    w.wait_for(lambda: focused_testid(w) == "book-patient-search")
    press(w, patient_query)
    w.wait_for(lambda: len(w.all('[data-testid="book-patient-option"]')) >= 1)
    press(w, Keys.ENTER)
    choose(w, "book-service-option", service)
    choose(w, "book-practitioner-option", practitioner)
    w.find("book-step-slot")


def close_booking(w):
    press(w, Keys.ESCAPE)
    w.gone("book-panel")


def test_reception_books_from_the_keyboard_alone(demo_window):
    w = demo_window
    sign_in(w, "reception")
    w.find("today-counts")
    open_booking(w, "زارا", "Physiotherapy session", "Dr. Bilal Ahmed")
    # The next free times are listed with the first one focused: Enter takes it.
    w.wait_for(lambda: focused_testid(w) == "book-slot-option")
    starts = focused(w).get_attribute("data-starts")
    press(w, Keys.ENTER)
    w.wait_for(lambda: focused_testid(w) == "book-confirm")
    press(w, Keys.ENTER)
    done = w.find("book-done")
    booked["first"] = {"id": done.get_attribute("data-id"), "starts": starts}
    assert "Zara Tariq" in done.text
    close_booking(w)


def test_a_taken_slot_names_the_clash_and_a_suggested_time_books(demo_window):
    w = demo_window
    taken = booked["first"]["starts"]
    open_booking(w, "Ahmed Tariq", "Physiotherapy session", "Dr. Bilal Ahmed")
    w.type("book-time", clinic_time(taken))
    clash = w.find("book-clash")
    w.wait_for(lambda: "Zara Tariq" in clash.text)
    assert "Dr. Bilal Ahmed is already seeing Zara Tariq" in clash.text
    # Down from the time field to the suggestions; Enter takes the first.
    w.driver.find_element("css selector", '[data-testid="book-time"]').send_keys(Keys.ARROW_DOWN)
    w.wait_for(lambda: focused_testid(w) == "book-suggestion")
    suggested = focused(w).get_attribute("data-starts")
    assert suggested != taken
    press(w, Keys.ENTER)
    w.wait_for(lambda: focused_testid(w) == "book-confirm")
    press(w, Keys.ENTER)
    done = w.find("book-done")
    assert "Ahmed Tariq" in done.text
    assert clinic_time(suggested)[-5:] in done.text, done.text
    close_booking(w)


def test_one_key_checks_the_patient_in(demo_window):
    w = demo_window
    first = booked["first"]
    w.type("today-date", clinic_time(first["starts"])[:10] + Keys.ENTER)
    row_css = f'[data-testid="today-row"][data-id="{first["id"]}"]'
    w.wait_for(lambda: len(w.all(row_css)) == 1)
    row = w.all(row_css)[0]
    assert row.get_attribute("data-status") == "booked"
    # Select the row as the arrow keys would (WebKit's driver will not click a table row).
    w.driver.execute_script("arguments[0].focus()", row)
    press(w, Keys.ENTER)
    w.wait_for(lambda: w.all(row_css)[0].get_attribute("data-status") == "arrived")
    # U undoes a mistaken check-in.
    focused(w).send_keys("u")
    w.wait_for(lambda: w.all(row_css)[0].get_attribute("data-status") == "booked")


def a_weekday_afternoon(days_ahead):
    """A Tuesday at least `days_ahead` days away, 15:00 (past the demo's own bookings)."""
    day = datetime.datetime.now(KARACHI).date() + datetime.timedelta(days=days_ahead)
    while day.isoweekday() != 2:
        day += datetime.timedelta(days=1)
    return day


def book_at(w, patient, when):
    """Books `when` (clinic time), typed into the time field and checked as typed."""
    open_booking(w, patient, "Physiotherapy session", "Dr. Bilal Ahmed")
    field = w.type("book-time", when)
    w.find("book-time-free")
    field.send_keys(Keys.ENTER)
    w.wait_for(lambda: focused_testid(w) == "book-confirm")


def test_a_weekly_series_skips_its_clashing_week(demo_window):
    w = demo_window
    first_day = a_weekday_afternoon(9)
    second_week = first_day + datetime.timedelta(days=7)
    # Someone already has the series' second week.
    book_at(w, "Usman", f"{second_week} 15:00")
    press(w, Keys.ENTER)
    w.find("book-done")
    close_booking(w)

    book_at(w, "زارا", f"{first_day} 15:00")
    w.click("book-repeat")
    w.find("series-form")
    assert w.find("series-weekday-2").is_selected(), "the first day's weekday is chosen"
    w.type("series-count", "4")
    w.click("series-preview")
    w.wait_for(lambda: len(w.all('[data-testid="series-occurrence"]')) == 4)
    clashes = [o.get_attribute("data-clash") for o in w.all('[data-testid="series-occurrence"]')]
    assert clashes == ["false", "true", "false", "false"], clashes
    assert "Usman" in w.all('[data-testid="series-occurrence"]')[1].text
    w.click("series-skip-1")
    w.click("series-book")
    w.find("book-done")
    assert len(w.all('[data-testid="book-done-row"]')) == 3
    close_booking(w)


def test_the_slip_is_saved_as_a_pdf_with_both_scripts(demo_window):
    w = demo_window
    first = booked["first"]
    w.type("today-date", clinic_time(first["starts"])[:10] + Keys.ENTER)
    w.click(f"slip-{first['id']}")
    notice = w.find("today-notice")
    w.wait_for(lambda: ".pdf" in notice.text)
    path = pathlib.Path(notice.text.split("saved: ", 1)[1].strip())
    assert path.parent == w.data_dir / "downloads", path
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\u202a", "").replace("\u202b", "").replace("\u202c", "")
    assert "Zara Tariq" in text and "زارا طارق" in text and "Dr. Bilal Ahmed" in text
