-- What each issued invoice still owes and what of each payment is still free, kept
-- beside the rows they come from so that a patient's balance, credit and open invoices
-- are read from one short index range instead of summing every invoice's credit notes
-- and allocations and every payment's allocations and refunds (a patient's invoices
-- lie on scattered pages, each decrypted on its first read).
--
-- Only the triggers below write these tables, in the statement that changes the rows
-- they follow, so they commit or roll back with that write and cannot drift from it:
--   owed = total − issued credit notes on it − what payments applied to it (void: gone)
--   free = amount − what it applied to invoices − what of it was refunded
-- The sums over the source rows stay the definition; the tests compare the two.

CREATE TABLE invoice_dues (
    invoice_id INTEGER PRIMARY KEY,   -- an issued invoice (not a credit note)
    patient_id INTEGER NOT NULL,
    issued_at  TEXT NOT NULL,
    number     TEXT NOT NULL,
    owed_paisa INTEGER NOT NULL
);
-- The patient's open invoices, oldest first: the order payments are applied in.
CREATE INDEX invoice_dues_open ON invoice_dues (patient_id, issued_at, invoice_id, owed_paisa, number)
    WHERE owed_paisa > 0;

CREATE TABLE payment_credits (
    payment_id INTEGER PRIMARY KEY,   -- a payment (not a refund)
    patient_id INTEGER NOT NULL,
    taken_at   TEXT NOT NULL,
    free_paisa INTEGER NOT NULL
);
-- Every payment of the patient, oldest first: the credit is their sum, and credit is
-- applied from the oldest.
CREATE INDEX payment_credits_by_patient ON payment_credits (patient_id, taken_at, payment_id, free_paisa);

INSERT INTO invoice_dues (invoice_id, patient_id, issued_at, number, owed_paisa)
SELECT i.id, i.patient_id, i.issued_at, i.number,
       i.total_paisa
       - coalesce((SELECT sum(c.total_paisa) FROM invoices c WHERE c.credits_invoice_id = i.id AND c.status = 'issued'), 0)
       - coalesce((SELECT sum(a.amount_paisa) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)
FROM invoices i WHERE i.kind = 'invoice' AND i.status = 'issued';

INSERT INTO payment_credits (payment_id, patient_id, taken_at, free_paisa)
SELECT p.id, p.patient_id, p.taken_at,
       p.amount_paisa
       - coalesce((SELECT sum(a.amount_paisa) FROM payment_allocations a WHERE a.payment_id = p.id), 0)
       - coalesce((SELECT sum(r.amount_paisa) FROM payments r WHERE r.refund_of = p.id), 0)
FROM payments p WHERE p.kind = 'payment';

-- An invoice issued owes its total (less anything already credited or applied, which
-- is nothing for a draft today, but the sums keep the definition whatever comes first).
CREATE TRIGGER invoice_dues_issued AFTER UPDATE OF status ON invoices
WHEN NEW.kind = 'invoice' AND NEW.status = 'issued' AND OLD.status <> 'issued'
BEGIN
    INSERT INTO invoice_dues (invoice_id, patient_id, issued_at, number, owed_paisa)
    VALUES (NEW.id, NEW.patient_id, NEW.issued_at, NEW.number,
            NEW.total_paisa
            - coalesce((SELECT sum(c.total_paisa) FROM invoices c WHERE c.credits_invoice_id = NEW.id AND c.status = 'issued'), 0)
            - coalesce((SELECT sum(a.amount_paisa) FROM payment_allocations a WHERE a.invoice_id = NEW.id), 0));
END;

CREATE TRIGGER invoice_dues_inserted_issued AFTER INSERT ON invoices
WHEN NEW.kind = 'invoice' AND NEW.status = 'issued'
BEGIN
    INSERT INTO invoice_dues (invoice_id, patient_id, issued_at, number, owed_paisa)
    VALUES (NEW.id, NEW.patient_id, NEW.issued_at, NEW.number, NEW.total_paisa);
END;

-- A void invoice owes nothing and takes no payments.
CREATE TRIGGER invoice_dues_voided AFTER UPDATE OF status ON invoices
WHEN NEW.kind = 'invoice' AND OLD.status = 'issued' AND NEW.status <> 'issued'
BEGIN
    DELETE FROM invoice_dues WHERE invoice_id = NEW.id;
END;

-- A credit note counts against its invoice while it stands issued.
CREATE TRIGGER invoice_dues_credited AFTER UPDATE OF status ON invoices
WHEN NEW.kind = 'credit_note' AND (OLD.status = 'issued') <> (NEW.status = 'issued')
BEGIN
    UPDATE invoice_dues
    SET owed_paisa = owed_paisa + CASE WHEN NEW.status = 'issued' THEN -NEW.total_paisa ELSE OLD.total_paisa END
    WHERE invoice_id = NEW.credits_invoice_id;
END;

CREATE TRIGGER invoice_dues_credited_on_insert AFTER INSERT ON invoices
WHEN NEW.kind = 'credit_note' AND NEW.status = 'issued'
BEGIN
    UPDATE invoice_dues SET owed_paisa = owed_paisa - NEW.total_paisa WHERE invoice_id = NEW.credits_invoice_id;
END;

CREATE TRIGGER invoice_dues_deleted AFTER DELETE ON invoices
BEGIN
    DELETE FROM invoice_dues WHERE invoice_id = OLD.id;
    UPDATE invoice_dues SET owed_paisa = owed_paisa + OLD.total_paisa
    WHERE OLD.kind = 'credit_note' AND OLD.status = 'issued' AND invoice_id = OLD.credits_invoice_id;
END;

-- A payment is free in full when taken; a refund takes from the payment it returns.
CREATE TRIGGER payment_credits_taken AFTER INSERT ON payments
BEGIN
    INSERT INTO payment_credits (payment_id, patient_id, taken_at, free_paisa)
    SELECT NEW.id, NEW.patient_id, NEW.taken_at,
           NEW.amount_paisa
           - coalesce((SELECT sum(a.amount_paisa) FROM payment_allocations a WHERE a.payment_id = NEW.id), 0)
           - coalesce((SELECT sum(r.amount_paisa) FROM payments r WHERE r.refund_of = NEW.id), 0)
    WHERE NEW.kind = 'payment';
    UPDATE payment_credits SET free_paisa = free_paisa - NEW.amount_paisa
    WHERE NEW.kind = 'refund' AND payment_id = NEW.refund_of;
END;

CREATE TRIGGER payment_credits_deleted AFTER DELETE ON payments
BEGIN
    DELETE FROM payment_credits WHERE payment_id = OLD.id;
    UPDATE payment_credits SET free_paisa = free_paisa + OLD.amount_paisa
    WHERE OLD.kind = 'refund' AND payment_id = OLD.refund_of;
END;

-- What a payment applies to an invoice leaves the payment and the invoice's due alike;
-- a release (a negative row) gives it back to both.
CREATE TRIGGER dues_and_credits_applied AFTER INSERT ON payment_allocations
BEGIN
    UPDATE invoice_dues SET owed_paisa = owed_paisa - NEW.amount_paisa WHERE invoice_id = NEW.invoice_id;
    UPDATE payment_credits SET free_paisa = free_paisa - NEW.amount_paisa WHERE payment_id = NEW.payment_id;
END;

CREATE TRIGGER dues_and_credits_unapplied AFTER DELETE ON payment_allocations
BEGIN
    UPDATE invoice_dues SET owed_paisa = owed_paisa + OLD.amount_paisa WHERE invoice_id = OLD.invoice_id;
    UPDATE payment_credits SET free_paisa = free_paisa + OLD.amount_paisa WHERE payment_id = OLD.payment_id;
END;

-- An issued invoice's date and number never change in the app (`invoices_issued_stay`);
-- should they be changed by hand with that trigger set aside, the copy follows.
CREATE TRIGGER invoice_dues_dated AFTER UPDATE OF issued_at, number ON invoices
WHEN NEW.issued_at IS NOT OLD.issued_at OR NEW.number IS NOT OLD.number
BEGIN
    UPDATE invoice_dues SET issued_at = NEW.issued_at, number = NEW.number WHERE invoice_id = NEW.id;
END;
