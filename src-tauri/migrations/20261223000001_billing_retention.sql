-- Billing records (invoices, credit notes, payments, refunds, packages) get their own
-- retention rule: kept 6 years after the last visit (the tax law's span), then erased
-- with the rest of what may go. Personal details stay as long as they do.

CREATE TABLE retention_rules_new (
    kind          TEXT PRIMARY KEY CHECK (kind IN ('clinical_notes', 'prescriptions_and_dispensings',
                                                   'billing', 'appointments', 'demographics',
                                                   'audit_trail', 'consents')),
    period_years  INTEGER NOT NULL CHECK (period_years BETWEEN 0 AND 100),
    period_months INTEGER NOT NULL DEFAULT 0 CHECK (period_months BETWEEN 0 AND 11),
    counted_from  TEXT NOT NULL CHECK (counted_from IN ('last_visit', 'last_visit_or_adulthood',
                                                        'record_created', 'with_other_records',
                                                        'kept_always')),
    updated_by    INTEGER REFERENCES staff (id),
    updated_at    TEXT NOT NULL,
    CHECK (kind <> 'audit_trail' OR counted_from = 'kept_always')
);
INSERT INTO retention_rules_new SELECT kind, period_years, period_months, counted_from, updated_by, updated_at
FROM retention_rules;
DROP TABLE retention_rules;
ALTER TABLE retention_rules_new RENAME TO retention_rules;
INSERT INTO retention_rules (kind, period_years, period_months, counted_from, updated_at)
VALUES ('billing', 6, 0, 'last_visit', '2026-12-23T00:00:00Z');

-- Billing rows are never deleted, except by the erasure of a patient whose billing
-- retention has ended: it puts the patient's id here for the length of its write
-- transaction (one writer at a time), and the triggers below let those rows go.
CREATE TABLE billing_erasure (patient_id INTEGER PRIMARY KEY);

DROP TRIGGER invoices_issued_kept;
CREATE TRIGGER invoices_issued_kept BEFORE DELETE ON invoices
WHEN OLD.status <> 'draft' AND OLD.patient_id NOT IN (SELECT patient_id FROM billing_erasure)
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be deleted');
END;

DROP TRIGGER invoice_lines_delete_in_draft;
CREATE TRIGGER invoice_lines_delete_in_draft BEFORE DELETE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) IS NOT 'draft'
  AND (SELECT patient_id FROM invoices WHERE id = OLD.invoice_id) NOT IN (SELECT patient_id FROM billing_erasure)
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed');
END;

DROP TRIGGER payments_never_deleted;
CREATE TRIGGER payments_never_deleted BEFORE DELETE ON payments
WHEN OLD.patient_id NOT IN (SELECT patient_id FROM billing_erasure)
BEGIN
    SELECT RAISE(ABORT, 'a payment or refund cannot be deleted');
END;

DROP TRIGGER allocations_never_deleted;
CREATE TRIGGER allocations_never_deleted BEFORE DELETE ON payment_allocations
WHEN (SELECT patient_id FROM payments WHERE id = OLD.payment_id) NOT IN (SELECT patient_id FROM billing_erasure)
BEGIN
    SELECT RAISE(ABORT, 'how a payment was applied cannot be deleted');
END;

DROP TRIGGER packages_kept;
CREATE TRIGGER packages_kept BEFORE DELETE ON session_packages
WHEN OLD.patient_id NOT IN (SELECT patient_id FROM billing_erasure)
BEGIN
    SELECT RAISE(ABORT, 'a sold package cannot be deleted');
END;

DROP TRIGGER package_sessions_never_deleted;
CREATE TRIGGER package_sessions_never_deleted BEFORE DELETE ON package_sessions
WHEN (SELECT patient_id FROM session_packages WHERE id = OLD.package_id) NOT IN (SELECT patient_id FROM billing_erasure)
BEGIN
    SELECT RAISE(ABORT, 'a used session cannot be deleted; give it back instead');
END;
