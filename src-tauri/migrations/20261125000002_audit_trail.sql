-- The append-only, hash-chained audit trail (privacy policy 5.1).
-- Entries name people by id only and hold no clinical content, so erasing a patient
-- later leaves every entry, and the chain, intact.

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,          -- UTC, fixed-width RFC 3339, hashed verbatim
    staff_id    INTEGER,                -- NULL for events with nobody signed in
    workstation TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    patient_id  INTEGER,
    summary     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

CREATE INDEX audit_by_staff   ON audit_log (staff_id, seq);
CREATE INDEX audit_by_patient ON audit_log (patient_id, seq);
CREATE INDEX audit_by_action  ON audit_log (action, seq);
CREATE INDEX audit_by_time    ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

-- A person who appears in the audit trail is deactivated, never deleted.
CREATE TRIGGER staff_keep_audited BEFORE DELETE ON staff
WHEN EXISTS (SELECT 1 FROM audit_log WHERE staff_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'staff who appear in the audit trail cannot be deleted');
END;
