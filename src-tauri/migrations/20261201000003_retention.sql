-- Retention (privacy policy 7 and 8): how long each kind of record is kept, which
-- patients' records are kept past a deletion request (restricted), and which patients
-- were erased or anonymised. Days are `YYYY-MM-DD` in the clinic's calendar.

-- One rule per kind of record: a period counted from an event.
--   last_visit               the last attended appointment or clinical entry (the day
--                            the record was opened when there is neither)
--   last_visit_or_adulthood  the later of the last visit and the 18th birthday, so a
--                            child's record is kept the period past their coming of age
--   record_created           the day the patient was registered
--   with_other_records       as long as the patient's notes, dispensings and
--                            appointments are kept, plus the period
--   kept_always              never erased (the audit trail, by law and by design)
-- Demographics are never erased before the other records and consents, and consents
-- never before the records they cover, whatever their own rule says (see
-- src-tauri/src/retention/evaluate.rs).
CREATE TABLE retention_rules (
    kind          TEXT PRIMARY KEY CHECK (kind IN ('clinical_notes', 'prescriptions_and_dispensings',
                                                   'appointments', 'demographics', 'audit_trail',
                                                   'consents')),
    period_years  INTEGER NOT NULL CHECK (period_years BETWEEN 0 AND 100),
    period_months INTEGER NOT NULL DEFAULT 0 CHECK (period_months BETWEEN 0 AND 11),
    counted_from  TEXT NOT NULL CHECK (counted_from IN ('last_visit', 'last_visit_or_adulthood',
                                                        'record_created', 'with_other_records',
                                                        'kept_always')),
    updated_by    INTEGER REFERENCES staff (id),
    updated_at    TEXT NOT NULL,
    -- The audit trail is kept always; no edit can change that.
    CHECK (kind <> 'audit_trail' OR counted_from = 'kept_always')
) WITHOUT ROWID;

INSERT INTO retention_rules (kind, period_years, period_months, counted_from, updated_at) VALUES
    ('clinical_notes',                7, 0, 'last_visit_or_adulthood', '2026-12-01T00:00:00Z'),
    ('prescriptions_and_dispensings', 5, 0, 'last_visit_or_adulthood', '2026-12-01T00:00:00Z'),
    ('appointments',                  3, 0, 'last_visit',              '2026-12-01T00:00:00Z'),
    ('demographics',                  0, 0, 'with_other_records',      '2026-12-01T00:00:00Z'),
    ('consents',                      0, 0, 'with_other_records',      '2026-12-01T00:00:00Z'),
    ('audit_trail',                   0, 0, 'kept_always',             '2026-12-01T00:00:00Z');

-- A patient erased keeps a row (so ids in the audit trail still resolve, to "erased
-- patient #id") with every identifier removed; an anonymised one keeps its clinical
-- data without identifiers.
ALTER TABLE patients ADD COLUMN erased_at TEXT;
ALTER TABLE patients ADD COLUMN anonymised_at TEXT;

-- Records kept past a deletion request because their retention has not ended: the rest
-- of the app reads these (retention::is_restricted) and uses the records for nothing
-- but what the law keeps them for.
CREATE TABLE retention_restrictions (
    patient_id    INTEGER NOT NULL REFERENCES patients (id),
    kind          TEXT NOT NULL,
    until         TEXT,                       -- NULL: kept always
    reason        TEXT NOT NULL,
    request_id    INTEGER,                    -- the rights request that asked for deletion
    restricted_by INTEGER NOT NULL REFERENCES staff (id),
    restricted_at TEXT NOT NULL,
    PRIMARY KEY (patient_id, kind)
) WITHOUT ROWID;
