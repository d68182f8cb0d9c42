-- The patients a list entry of the audit trail names (privacy policy 5.1): a search, a
-- day's appointments, a bulk export read many patients at once. One row per patient,
-- so a patient's access report finds every export that included them through the index
-- by patient. The chained entry's summary holds the count and SHA-256 of its sorted ids
-- (src-tauri/src/audit/named.rs), which the verifier recomputes: a row added, changed or
-- removed here breaks the chain's promise even if these triggers are dropped.

CREATE TABLE audit_patients (
    seq        INTEGER NOT NULL REFERENCES audit_log (seq),
    patient_id INTEGER NOT NULL,
    PRIMARY KEY (seq, patient_id)
) WITHOUT ROWID;

CREATE INDEX audit_patients_by_patient ON audit_patients (patient_id, seq);

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
