-- The patients a list entry of the audit trail names (privacy policy 5.1): a search, a
-- day's appointments, a bulk export read many patients at once. One row per such entry:
-- its patients' ids, ascending, comma-separated. The chained entry's summary holds their
-- count and the SHA-256 of exactly this text (src-tauri/src/audit/named.rs), which the
-- verifier recomputes: a list added, changed or removed here is caught even if these
-- triggers are dropped. One row per entry, not per patient, keeps verifying a long trail
-- a matter of hashing bytes rather than reading millions of rows.

CREATE TABLE audit_patients (
    seq         INTEGER PRIMARY KEY REFERENCES audit_log (seq),
    patient_ids TEXT NOT NULL
);

-- Ids are written with their entry, in the same transaction, and never afterwards.
CREATE TRIGGER audit_patients_only_newest BEFORE INSERT ON audit_patients
WHEN NEW.seq <> (SELECT max(seq) FROM audit_log)
BEGIN
    SELECT RAISE(ABORT, 'patients are listed only with the newest audit entry');
END;

CREATE TRIGGER audit_patients_no_update BEFORE UPDATE ON audit_patients
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_patients_no_delete BEFORE DELETE ON audit_patients
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
