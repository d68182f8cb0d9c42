-- Which patients were erased, and when: ids, kinds and dates only, never what the
-- records held. A restore from an older backup reads it (with its copy kept beside the
-- backups) to erase again the patients erased after the backup was taken (policy 8).
CREATE TABLE erasure_ledger (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL,
    -- 'all' for a whole patient (a deletion request), else the record kinds, comma-separated.
    kinds TEXT NOT NULL,
    erased_at TEXT NOT NULL,
    staff_id INTEGER
);
CREATE INDEX erasure_ledger_at ON erasure_ledger (erased_at);

-- Erasures made before the ledger existed are implied by the tombstones.
INSERT INTO erasure_ledger (patient_id, kinds, erased_at, staff_id)
SELECT id, 'all', erased_at, NULL FROM patients WHERE erased_at IS NOT NULL;
