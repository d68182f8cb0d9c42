-- The day's takings.
--
-- A cashier closes their day once: what the payments and refunds they took come to per
-- method (expected), the cash they counted, the difference and a note. A closing is
-- never changed or deleted. The payments it covers are those taken that clinic day up
-- to `through_payment_id`; one taken later the same day belongs to the next day's
-- takings, and no payment may be written with a time inside a period already closed.
CREATE TABLE day_closings (
    id                  INTEGER PRIMARY KEY,
    cashier_id          INTEGER NOT NULL REFERENCES staff (id),
    day                 TEXT NOT NULL,                -- YYYY-MM-DD, clinic time
    workstation         TEXT NOT NULL,                -- the desk it was closed at
    through_payment_id  INTEGER NOT NULL CHECK (through_payment_id >= 0),
    expected_cash_paisa INTEGER NOT NULL,
    counted_cash_paisa  INTEGER NOT NULL CHECK (counted_cash_paisa >= 0),
    difference_paisa    INTEGER NOT NULL,
    note                TEXT,
    closed_at           TEXT NOT NULL,
    CONSTRAINT day_closings_once UNIQUE (cashier_id, day),
    CHECK (difference_paisa = counted_cash_paisa - expected_cash_paisa),
    CHECK (difference_paisa = 0 OR note IS NOT NULL)
);
CREATE INDEX day_closings_by_day ON day_closings (day);

-- What each method came to in a closing (every method, zeros included).
CREATE TABLE day_closing_methods (
    closing_id     INTEGER NOT NULL REFERENCES day_closings (id),
    method         TEXT NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'jazzcash', 'easypaisa')),
    payments       INTEGER NOT NULL CHECK (payments >= 0),
    paid_paisa     INTEGER NOT NULL CHECK (paid_paisa >= 0),
    refunds        INTEGER NOT NULL CHECK (refunds >= 0),
    refunded_paisa INTEGER NOT NULL CHECK (refunded_paisa >= 0),
    PRIMARY KEY (closing_id, method)
) WITHOUT ROWID;

CREATE TRIGGER day_closings_never_change BEFORE UPDATE ON day_closings
BEGIN
    SELECT RAISE(ABORT, 'a closed day cannot be changed');
END;

CREATE TRIGGER day_closings_never_deleted BEFORE DELETE ON day_closings
BEGIN
    SELECT RAISE(ABORT, 'a closed day cannot be deleted');
END;

CREATE TRIGGER day_closing_methods_never_change BEFORE UPDATE ON day_closing_methods
BEGIN
    SELECT RAISE(ABORT, 'a closed day cannot be changed');
END;

CREATE TRIGGER day_closing_methods_never_deleted BEFORE DELETE ON day_closing_methods
BEGIN
    SELECT RAISE(ABORT, 'a closed day cannot be deleted');
END;

-- No payment or refund is written back into a period its cashier has closed.
CREATE TRIGGER payments_not_into_a_closed_day BEFORE INSERT ON payments
WHEN EXISTS (SELECT 1 FROM day_closings c WHERE c.cashier_id = NEW.taken_by AND NEW.taken_at < c.closed_at)
BEGIN
    SELECT RAISE(ABORT, 'this cashier has closed that day; a payment cannot be dated into it');
END;
