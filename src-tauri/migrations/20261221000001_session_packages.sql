-- Session packages: N sessions of one service for one patient, sold on an invoice,
-- used one per attended appointment, given back when the clinic cancels, and closed
-- with a pro-rata credit note when the rest is refunded. The count is the sum of the
-- append-only `package_sessions` rows (+1 used, -1 given back).

CREATE TABLE session_packages (
    id             INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    service_id     INTEGER NOT NULL REFERENCES services (id),
    sessions       INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 100),
    price_paisa    INTEGER NOT NULL CHECK (price_paisa >= 0),
    expires_on     TEXT NOT NULL,               -- YYYY-MM-DD, clinic time: the last day it may be used
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    sold_by        INTEGER NOT NULL REFERENCES staff (id),
    sold_at        TEXT NOT NULL,
    closed_at      TEXT,
    close_reason   TEXT,
    credit_note_id INTEGER REFERENCES invoices (id),
    CHECK (closed_at IS NULL OR close_reason IS NOT NULL)
);
CREATE INDEX packages_by_patient ON session_packages (patient_id, service_id);

CREATE TABLE package_sessions (
    id             INTEGER PRIMARY KEY,
    package_id     INTEGER NOT NULL REFERENCES session_packages (id),
    appointment_id INTEGER NOT NULL,            -- no foreign key: see the billing migration
    change         INTEGER NOT NULL CHECK (change IN (1, -1)),
    recorded_by    INTEGER NOT NULL REFERENCES staff (id),
    recorded_at    TEXT NOT NULL
);
CREATE INDEX package_sessions_by_package ON package_sessions (package_id);
CREATE INDEX package_sessions_by_appointment ON package_sessions (appointment_id);

-- Only closing changes a package, once.
CREATE TRIGGER packages_close_once BEFORE UPDATE ON session_packages
WHEN OLD.closed_at IS NOT NULL
  OR NEW.patient_id IS NOT OLD.patient_id OR NEW.service_id IS NOT OLD.service_id
  OR NEW.sessions IS NOT OLD.sessions OR NEW.price_paisa IS NOT OLD.price_paisa
  OR NEW.expires_on IS NOT OLD.expires_on OR NEW.invoice_id IS NOT OLD.invoice_id
  OR NEW.sold_by IS NOT OLD.sold_by OR NEW.sold_at IS NOT OLD.sold_at
BEGIN
    SELECT RAISE(ABORT, 'a sold package cannot be changed');
END;

CREATE TRIGGER packages_kept BEFORE DELETE ON session_packages
BEGIN
    SELECT RAISE(ABORT, 'a sold package cannot be deleted');
END;

CREATE TRIGGER package_sessions_never_change BEFORE UPDATE ON package_sessions
BEGIN
    SELECT RAISE(ABORT, 'a used session cannot be changed; give it back instead');
END;

CREATE TRIGGER package_sessions_never_deleted BEFORE DELETE ON package_sessions
BEGIN
    SELECT RAISE(ABORT, 'a used session cannot be deleted; give it back instead');
END;
