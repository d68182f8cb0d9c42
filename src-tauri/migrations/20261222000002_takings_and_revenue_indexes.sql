-- The day's takings read payments by time, and the month's revenue reads issued
-- invoices by the time they were issued: without these, both scan every row.
CREATE INDEX payments_by_taken ON payments (taken_at);
CREATE INDEX invoices_by_issued ON invoices (issued_at) WHERE issued_at IS NOT NULL;
