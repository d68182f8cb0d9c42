-- Printed money documents (invoices, credit notes, receipts).
--
-- Every print of an invoice, credit note or receipt: the first is the original, every
-- later one is marked COPY. A receipt is keyed by the first payment it shows.
CREATE TABLE document_prints (
    id          INTEGER PRIMARY KEY,
    document    TEXT NOT NULL CHECK (document IN ('invoice', 'receipt')),
    document_id INTEGER NOT NULL,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    language    TEXT NOT NULL CHECK (language IN ('en', 'ur')),
    paper       TEXT NOT NULL CHECK (paper IN ('a5', 'roll80')),
    copy        INTEGER NOT NULL CHECK (copy IN (0, 1)),
    printed_by  INTEGER NOT NULL REFERENCES staff (id),
    printed_at  TEXT NOT NULL
);
CREATE INDEX document_prints_by_document ON document_prints (document, document_id);
