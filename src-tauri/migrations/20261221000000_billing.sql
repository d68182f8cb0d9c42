-- Billing: prices with history, invoices and credit notes, payments and refunds.
-- Money is integer paisa (1 PKR = 100 paisa) everywhere. Issued documents, payments,
-- refunds and the way payments are applied are never edited or deleted: the triggers
-- below refuse it, so a mistake is corrected by a new row (a void, a credit note, a
-- refund, a release of what was applied), never by changing an old one.
--
-- Appointment and dispensing ids are kept without a foreign key on purpose: erasing a
-- patient's appointments under the retention rules must not be blocked by an invoice,
-- which has its own retention period (a later migration gives billing its rule).

-- A service's price from a day on; the newest row whose day has come is the price.
-- Services with no row yet are priced by `services.price_pkr` (rupees).
CREATE TABLE service_prices (
    id             INTEGER PRIMARY KEY,
    service_id     INTEGER NOT NULL REFERENCES services (id),
    price_paisa    INTEGER NOT NULL CHECK (price_paisa >= 0),
    tax_bp         INTEGER NOT NULL DEFAULT 0 CHECK (tax_bp BETWEEN 0 AND 10000),  -- basis points: 1700 = 17 %
    effective_from TEXT NOT NULL,                                                   -- YYYY-MM-DD, clinic time
    set_by         INTEGER NOT NULL REFERENCES staff (id),
    set_at         TEXT NOT NULL
);
CREATE INDEX service_prices_by_day ON service_prices (service_id, effective_from, id);

-- A pharmacy item's sale price per unit from a day on.
CREATE TABLE item_prices (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES pharmacy_items (id),
    price_paisa    INTEGER NOT NULL CHECK (price_paisa >= 0),
    tax_bp         INTEGER NOT NULL DEFAULT 0 CHECK (tax_bp BETWEEN 0 AND 10000),
    effective_from TEXT NOT NULL,
    set_by         INTEGER NOT NULL REFERENCES staff (id),
    set_at         TEXT NOT NULL
);
CREATE INDEX item_prices_by_day ON item_prices (item_id, effective_from, id);

-- The last number given per series and year: allocated inside the issuing transaction,
-- so numbers have no gaps and no duplicates whoever issues at the same time.
CREATE TABLE document_numbers (
    series TEXT NOT NULL CHECK (series IN ('INV', 'CN')),
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL CHECK (last >= 0),
    PRIMARY KEY (series, year)
) WITHOUT ROWID;

-- Invoices and credit notes. A credit note points at the invoice it corrects and has
-- one line; its total is what it takes off that invoice.
CREATE TABLE invoices (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note')),
    patient_id         INTEGER NOT NULL REFERENCES patients (id),
    status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'void')),
    number             TEXT,
    appointment_id     INTEGER,
    dispensing_id      INTEGER,
    credits_invoice_id INTEGER REFERENCES invoices (id),
    discount_kind      TEXT CHECK (discount_kind IN ('amount', 'percent')),
    discount_value     INTEGER,           -- paisa, or basis points of a percentage
    discount_reason    TEXT,
    subtotal_paisa     INTEGER NOT NULL DEFAULT 0,
    discount_paisa     INTEGER NOT NULL DEFAULT 0,
    tax_paisa          INTEGER NOT NULL DEFAULT 0,
    total_paisa        INTEGER NOT NULL DEFAULT 0,
    created_by         INTEGER NOT NULL REFERENCES staff (id),
    created_at         TEXT NOT NULL,
    issued_by          INTEGER REFERENCES staff (id),
    issued_at          TEXT,
    voided_by          INTEGER REFERENCES staff (id),
    voided_at          TEXT,
    void_reason        TEXT,
    CONSTRAINT invoices_number UNIQUE (number),
    CHECK (total_paisa = subtotal_paisa - discount_paisa + tax_paisa),
    CHECK (status = 'draft' OR (number IS NOT NULL AND issued_at IS NOT NULL)),
    CHECK (status <> 'void' OR (void_reason IS NOT NULL AND voided_at IS NOT NULL)),
    CHECK (kind = 'invoice' OR credits_invoice_id IS NOT NULL),
    CHECK (discount_kind IS NULL OR discount_reason IS NOT NULL)
);
CREATE INDEX invoices_by_patient ON invoices (patient_id, status, issued_at);
CREATE INDEX invoices_by_appointment ON invoices (appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX invoices_by_credited ON invoices (credits_invoice_id) WHERE credits_invoice_id IS NOT NULL;

CREATE TABLE invoice_lines (
    id                     INTEGER PRIMARY KEY,
    invoice_id             INTEGER NOT NULL REFERENCES invoices (id),
    position               INTEGER NOT NULL,
    kind                   TEXT NOT NULL CHECK (kind IN ('service', 'item', 'other', 'credit')),
    service_id             INTEGER REFERENCES services (id),
    item_id                INTEGER REFERENCES pharmacy_items (id),
    appointment_id         INTEGER,
    dispensing_id          INTEGER,
    description            TEXT NOT NULL,
    quantity               INTEGER NOT NULL CHECK (quantity > 0),
    unit_paisa             INTEGER NOT NULL CHECK (unit_paisa >= 0),
    gross_paisa            INTEGER NOT NULL,
    discount_kind          TEXT CHECK (discount_kind IN ('amount', 'percent')),
    discount_value         INTEGER,
    discount_reason        TEXT,
    line_discount_paisa    INTEGER NOT NULL DEFAULT 0 CHECK (line_discount_paisa >= 0),
    -- this line's share of the invoice's own discount, so tax is taken on what is charged
    invoice_discount_paisa INTEGER NOT NULL DEFAULT 0 CHECK (invoice_discount_paisa >= 0),
    tax_bp                 INTEGER NOT NULL DEFAULT 0 CHECK (tax_bp BETWEEN 0 AND 10000),
    tax_paisa              INTEGER NOT NULL DEFAULT 0 CHECK (tax_paisa >= 0),
    total_paisa            INTEGER NOT NULL,
    CHECK (gross_paisa = quantity * unit_paisa),
    CHECK (total_paisa = gross_paisa - line_discount_paisa - invoice_discount_paisa + tax_paisa),
    CHECK (total_paisa >= 0),
    CHECK (discount_kind IS NULL OR discount_reason IS NOT NULL)
);
CREATE INDEX invoice_lines_by_invoice ON invoice_lines (invoice_id, position);
CREATE INDEX invoice_lines_by_dispensing ON invoice_lines (dispensing_id) WHERE dispensing_id IS NOT NULL;

-- Money received (kind 'payment') and money given back (kind 'refund', pointing at the
-- payment it returns). Amounts are positive; a refund's direction is its kind.
CREATE TABLE payments (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    method         TEXT NOT NULL CHECK (method IN ('cash', 'card', 'bank_transfer', 'jazzcash', 'easypaisa')),
    amount_paisa   INTEGER NOT NULL CHECK (amount_paisa > 0),
    tendered_paisa INTEGER,
    change_paisa   INTEGER,
    reference      TEXT,
    refund_of      INTEGER REFERENCES payments (id),
    reason         TEXT,
    taken_by       INTEGER NOT NULL REFERENCES staff (id),
    taken_at       TEXT NOT NULL,
    CHECK (kind = 'payment' OR (refund_of IS NOT NULL AND reason IS NOT NULL)),
    CHECK (tendered_paisa IS NULL OR (method = 'cash' AND change_paisa = tendered_paisa - amount_paisa AND change_paisa >= 0))
);
CREATE INDEX payments_by_patient ON payments (patient_id, taken_at);
CREATE INDEX payments_by_refunded ON payments (refund_of) WHERE refund_of IS NOT NULL;

-- How payments are applied to invoices. A negative row releases what was applied (a
-- void, a credit note) back to the patient's credit.
CREATE TABLE payment_allocations (
    id           INTEGER PRIMARY KEY,
    payment_id   INTEGER NOT NULL REFERENCES payments (id),
    invoice_id   INTEGER NOT NULL REFERENCES invoices (id),
    amount_paisa INTEGER NOT NULL CHECK (amount_paisa <> 0),
    made_at      TEXT NOT NULL
);
CREATE INDEX allocations_by_payment ON payment_allocations (payment_id);
CREATE INDEX allocations_by_invoice ON payment_allocations (invoice_id);

-- An issued invoice: only the step to void (with its reason) may change it.
CREATE TRIGGER invoices_issued_stay BEFORE UPDATE ON invoices
WHEN OLD.status <> 'draft' AND NOT (
    OLD.status = 'issued' AND NEW.status = 'void'
    AND NEW.kind IS OLD.kind AND NEW.patient_id IS OLD.patient_id AND NEW.number IS OLD.number
    AND NEW.appointment_id IS OLD.appointment_id AND NEW.dispensing_id IS OLD.dispensing_id
    AND NEW.credits_invoice_id IS OLD.credits_invoice_id
    AND NEW.discount_kind IS OLD.discount_kind AND NEW.discount_value IS OLD.discount_value
    AND NEW.discount_reason IS OLD.discount_reason
    AND NEW.subtotal_paisa IS OLD.subtotal_paisa AND NEW.discount_paisa IS OLD.discount_paisa
    AND NEW.tax_paisa IS OLD.tax_paisa AND NEW.total_paisa IS OLD.total_paisa
    AND NEW.created_by IS OLD.created_by AND NEW.created_at IS OLD.created_at
    AND NEW.issued_by IS OLD.issued_by AND NEW.issued_at IS OLD.issued_at
)
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed');
END;

CREATE TRIGGER invoices_issued_kept BEFORE DELETE ON invoices
WHEN OLD.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be deleted');
END;

CREATE TRIGGER invoice_lines_add_to_draft BEFORE INSERT ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = NEW.invoice_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed');
END;

CREATE TRIGGER invoice_lines_change_in_draft BEFORE UPDATE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) IS NOT 'draft'
  OR (SELECT status FROM invoices WHERE id = NEW.invoice_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed');
END;

CREATE TRIGGER invoice_lines_delete_in_draft BEFORE DELETE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = OLD.invoice_id) IS NOT 'draft'
BEGIN
    SELECT RAISE(ABORT, 'an issued invoice cannot be changed');
END;

CREATE TRIGGER payments_never_change BEFORE UPDATE ON payments
BEGIN
    SELECT RAISE(ABORT, 'a payment or refund cannot be changed');
END;

CREATE TRIGGER payments_never_deleted BEFORE DELETE ON payments
BEGIN
    SELECT RAISE(ABORT, 'a payment or refund cannot be deleted');
END;

CREATE TRIGGER allocations_never_change BEFORE UPDATE ON payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'how a payment was applied cannot be changed');
END;

CREATE TRIGGER allocations_never_deleted BEFORE DELETE ON payment_allocations
BEGIN
    SELECT RAISE(ABORT, 'how a payment was applied cannot be deleted');
END;

CREATE TRIGGER prices_never_change BEFORE UPDATE ON service_prices
BEGIN
    SELECT RAISE(ABORT, 'a price in the history cannot be changed; set a new one');
END;

CREATE TRIGGER item_prices_never_change BEFORE UPDATE ON item_prices
BEGIN
    SELECT RAISE(ABORT, 'a price in the history cannot be changed; set a new one');
END;
