-- Clinical records (privacy policy 2.2, 4.1, 5.1, 7): session notes from templates,
-- signed and amended; medical history and attachments; pharmacy stock and dispensing;
-- outcome measures; emergency ("break the glass") access. Instants are UTC text
-- `YYYY-MM-DDTHH:MM:SSZ`; days are `YYYY-MM-DD` in the clinic's calendar.

-- A template is a list of titled sections: JSON `[{"key", "title", "kind"}]`, where
-- kind is `text` or `score_0_10` (a 0–10 number, e.g. the pain score).
CREATE TABLE note_templates (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL COLLATE NOCASE,
    discipline  TEXT NOT NULL CHECK (discipline IN ('physiotherapy', 'psychology', 'pharmacy')),
    sections    TEXT NOT NULL,
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_by  INTEGER REFERENCES staff (id),
    created_at  TEXT NOT NULL,
    CONSTRAINT note_templates_name UNIQUE (name)
);
INSERT INTO note_templates (name, discipline, sections, builtin, created_at) VALUES
    ('Physiotherapy session', 'physiotherapy', '[
        {"key": "subjective", "title": "Subjective", "kind": "text"},
        {"key": "pain", "title": "Pain score (0–10)", "kind": "score_0_10"},
        {"key": "range_of_motion", "title": "Objective: range of motion", "kind": "text"},
        {"key": "strength", "title": "Objective: strength", "kind": "text"},
        {"key": "special_tests", "title": "Objective: special tests", "kind": "text"},
        {"key": "assessment", "title": "Assessment", "kind": "text"},
        {"key": "plan", "title": "Plan", "kind": "text"},
        {"key": "home_exercises", "title": "Home exercises", "kind": "text"}]', 1, '2026-12-01T00:00:00Z'),
    ('Psychology session', 'psychology', '[
        {"key": "presenting_concerns", "title": "Presenting concerns", "kind": "text"},
        {"key": "mental_state", "title": "Mental state", "kind": "text"},
        {"key": "risk_assessment", "title": "Risk assessment", "kind": "text"},
        {"key": "interventions", "title": "Interventions", "kind": "text"},
        {"key": "plan", "title": "Plan", "kind": "text"}]', 1, '2026-12-01T00:00:00Z'),
    ('Pharmacy consultation', 'pharmacy', '[
        {"key": "reason", "title": "Reason for consultation", "kind": "text"},
        {"key": "medicines_reviewed", "title": "Medicines reviewed", "kind": "text"},
        {"key": "advice", "title": "Advice given", "kind": "text"},
        {"key": "follow_up", "title": "Follow-up", "kind": "text"}]', 1, '2026-12-01T00:00:00Z');

-- A note is a draft until signed; a signed note never changes. A correction is a new
-- note that points at the one it amends, with a reason. `content` is JSON
-- `{"section key": "text"}`; `content_sha256` is fixed when the note is signed.
CREATE TABLE notes (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    appointment_id  INTEGER REFERENCES appointments (id),
    template_id     INTEGER NOT NULL REFERENCES note_templates (id),
    discipline      TEXT NOT NULL CHECK (discipline IN ('physiotherapy', 'psychology', 'pharmacy')),
    author_id       INTEGER NOT NULL REFERENCES staff (id),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
    content         TEXT NOT NULL DEFAULT '{}',
    amends_id       INTEGER REFERENCES notes (id),
    amend_reason    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    signed_at       TEXT,
    content_sha256  TEXT,
    CHECK (amends_id IS NULL OR amend_reason IS NOT NULL),
    CHECK (status = 'draft' OR (signed_at IS NOT NULL AND content_sha256 IS NOT NULL))
);
CREATE INDEX notes_by_patient ON notes (patient_id, created_at);
CREATE INDEX notes_by_appointment ON notes (appointment_id) WHERE appointment_id IS NOT NULL;
CREATE INDEX notes_by_amends ON notes (amends_id) WHERE amends_id IS NOT NULL;
CREATE INDEX notes_drafts_by_author ON notes (author_id, status) WHERE status = 'draft';

CREATE TRIGGER notes_signed_are_locked BEFORE UPDATE ON notes
WHEN OLD.status = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'a signed note cannot be changed; amend it instead');
END;

-- Medical history. Changes to a row keep the old value in `clinical_changes`.
CREATE TABLE conditions (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    description TEXT NOT NULL,
    icd10       TEXT,
    onset       TEXT,                           -- YYYY-MM-DD, or YYYY-MM, or YYYY
    status      TEXT NOT NULL CHECK (status IN ('active', 'resolved')),
    recorded_by INTEGER NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX conditions_by_patient ON conditions (patient_id);

CREATE TABLE allergies (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    substance   TEXT NOT NULL,
    reaction    TEXT,
    severity    TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'unknown')),
    status      TEXT NOT NULL CHECK (status IN ('active', 'inactive')),
    recorded_by INTEGER NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX allergies_by_patient ON allergies (patient_id);

CREATE TABLE medications (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    name        TEXT NOT NULL,
    strength    TEXT,
    dose        TEXT,
    route       TEXT,
    frequency   TEXT,
    starts_on   TEXT,
    stops_on    TEXT,
    prescriber  TEXT,
    recorded_by INTEGER NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (stops_on IS NULL OR starts_on IS NULL OR starts_on <= stops_on)
);
CREATE INDEX medications_by_patient ON medications (patient_id);

CREATE TABLE clinical_changes (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    entity      TEXT NOT NULL,                  -- conditions, allergies, medications
    entity_id   INTEGER NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    changed_at  TEXT NOT NULL,
    staff_id    INTEGER NOT NULL REFERENCES staff (id)
);
CREATE INDEX clinical_changes_by_entity ON clinical_changes (entity, entity_id, id);
-- The chart reads a patient's changes in one go.
CREATE INDEX clinical_changes_by_patient ON clinical_changes (patient_id, id);

-- Documents kept inside the encrypted store, never as plain files. `discipline` NULL:
-- every clinician of the patient's care may see it. `content` is the last column: SQLite
-- reaches a column stored after a large blob only by reading the blob's overflow pages,
-- so listing attachments would otherwise decrypt every file's bytes.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    title       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    mime        TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes BETWEEN 1 AND 20971520),
    sha256      TEXT NOT NULL,
    discipline  TEXT CHECK (discipline IN ('physiotherapy', 'psychology', 'pharmacy')),
    uploaded_by INTEGER NOT NULL REFERENCES staff (id),
    uploaded_at TEXT NOT NULL,
    content     BLOB NOT NULL
);
CREATE INDEX attachments_by_patient ON attachments (patient_id, uploaded_at);

-- Pharmacy: what is stocked, in which batches, and what was handed to whom.
CREATE TABLE pharmacy_items (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE,  -- as sold, e.g. "Panadol"
    generic_name TEXT NOT NULL COLLATE NOCASE,  -- e.g. "paracetamol"
    strength     TEXT NOT NULL,                 -- e.g. "500 mg"
    form         TEXT NOT NULL,                 -- tablet, syrup …
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CONSTRAINT pharmacy_items_unique UNIQUE (name, strength, form)
);

CREATE TABLE stock_batches (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES pharmacy_items (id),
    batch_no    TEXT NOT NULL,
    expires_on  TEXT NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity >= 0),
    received_at TEXT NOT NULL,
    received_by INTEGER NOT NULL REFERENCES staff (id),
    CONSTRAINT stock_batches_unique UNIQUE (item_id, batch_no)
);
CREATE INDEX stock_by_item ON stock_batches (item_id, expires_on);

CREATE TABLE dispensings (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    item_id         INTEGER NOT NULL REFERENCES pharmacy_items (id),
    batch_id        INTEGER NOT NULL REFERENCES stock_batches (id),
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    instructions    TEXT NOT NULL,
    appointment_id  INTEGER REFERENCES appointments (id),
    allergy_override TEXT,                      -- the reason, when an allergy warning was overridden
    dispensed_by    INTEGER NOT NULL REFERENCES staff (id),
    dispensed_at    TEXT NOT NULL
);
CREATE INDEX dispensings_by_patient ON dispensings (patient_id, dispensed_at);

-- Outcome measures: the answers as entered (JSON array of numbers), and their score.
CREATE TABLE measures (
    id             INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    instrument     TEXT NOT NULL CHECK (instrument IN ('phq9', 'gad7', 'nprs', 'psfs')),
    answers        TEXT NOT NULL,
    total          REAL NOT NULL,
    band           TEXT NOT NULL,
    risk           INTEGER NOT NULL DEFAULT 0 CHECK (risk IN (0, 1)),
    taken_on       TEXT NOT NULL,
    appointment_id INTEGER REFERENCES appointments (id),
    recorded_by    INTEGER NOT NULL REFERENCES staff (id),
    recorded_at    TEXT NOT NULL
);
CREATE INDEX measures_by_patient ON measures (patient_id, instrument, taken_on);

-- Emergency access to one patient's whole record, for a limited time, with a reason.
CREATE TABLE emergency_access (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    staff_id    INTEGER NOT NULL REFERENCES staff (id),
    reason      TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    CHECK (granted_at < expires_at)
);
CREATE INDEX emergency_by_staff ON emergency_access (staff_id, patient_id, expires_at);
