-- Patients and the people and consents around them (privacy policy 2.1, 3.2, 10).

CREATE TABLE patients (
    id                   INTEGER PRIMARY KEY,
    mrn                  TEXT NOT NULL,                -- medical record number, assigned by the app
    full_name            TEXT NOT NULL,                -- Latin script
    name_ur              TEXT,                         -- Urdu script
    relative_name        TEXT,                         -- father's or husband's name
    birth_date           TEXT NOT NULL,                -- YYYY-MM-DD (clinic calendar)
    birth_date_estimated INTEGER NOT NULL DEFAULT 0 CHECK (birth_date_estimated IN (0, 1)),
    sex                  TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    cnic                 TEXT,                         -- 12345-1234567-1
    phone                TEXT,                         -- as shown: +92 3xx xxxxxxx, or a landline as typed
    phone_digits         TEXT,                         -- digits only, for search and duplicates
    phone_alt            TEXT,
    phone_alt_digits     TEXT,
    email                TEXT,
    address              TEXT,
    city                 TEXT,
    preferred_language   TEXT NOT NULL DEFAULT 'ur' CHECK (preferred_language IN ('en', 'ur')),
    insurance_payer      TEXT,
    insurance_policy     TEXT,
    reception_note       TEXT,                         -- non-clinical
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CONSTRAINT patients_mrn UNIQUE (mrn),
    CONSTRAINT patients_cnic UNIQUE (cnic)
);
CREATE INDEX patients_by_name ON patients (full_name COLLATE NOCASE);
CREATE INDEX patients_by_name_ur ON patients (name_ur COLLATE NOCASE);
CREATE INDEX patients_by_phone ON patients (phone_digits);
CREATE INDEX patients_by_phone_alt ON patients (phone_alt_digits);
CREATE INDEX patients_by_birth ON patients (birth_date);

-- Guardians and emergency contacts.
CREATE TABLE related_persons (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    kind         TEXT NOT NULL CHECK (kind IN ('guardian', 'emergency_contact')),
    name         TEXT NOT NULL,
    relationship TEXT NOT NULL,
    cnic         TEXT,
    phone        TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX related_by_patient ON related_persons (patient_id);

-- One row per consent given; withdrawal fills in the withdrawal columns, so the
-- history stays.
CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('treatment', 'reminders_sms', 'reminders_whatsapp',
                                                  'reminders_phone', 'reminders_email',
                                                  'care_team_sharing', 'parental')),
    given_by     TEXT NOT NULL,                        -- the patient, or the guardian's name
    method       TEXT NOT NULL CHECK (method IN ('in_person', 'written', 'phone')),
    given_at     TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES staff (id),
    withdrawn_at TEXT,
    withdrawn_by INTEGER REFERENCES staff (id)
);
CREATE INDEX consents_by_patient ON consents (patient_id, purpose);

-- Who changed which field of a patient, when, and from what.
CREATE TABLE patient_changes (
    id         INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    changed_at TEXT NOT NULL,
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT
);
CREATE INDEX changes_by_patient ON patient_changes (patient_id, id);

-- "Contains" search over names in both scripts, phone digits, CNIC digits and MRN;
-- trigram tokens, case- and accent-insensitive. Kept in step by the triggers below.
CREATE VIRTUAL TABLE patient_search USING fts5 (
    full_name, name_ur, phones, cnic, mrn,
    tokenize = 'trigram remove_diacritics 1'
);

CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN
    INSERT INTO patient_search (rowid, full_name, name_ur, phones, cnic, mrn)
    VALUES (NEW.id, NEW.full_name, coalesce(NEW.name_ur, ''),
            coalesce(NEW.phone_digits, '') || ' ' || coalesce(NEW.phone_alt_digits, ''),
            replace(coalesce(NEW.cnic, ''), '-', ''), NEW.mrn);
END;

CREATE TRIGGER patients_search_update AFTER UPDATE ON patients BEGIN
    DELETE FROM patient_search WHERE rowid = OLD.id;
    INSERT INTO patient_search (rowid, full_name, name_ur, phones, cnic, mrn)
    VALUES (NEW.id, NEW.full_name, coalesce(NEW.name_ur, ''),
            coalesce(NEW.phone_digits, '') || ' ' || coalesce(NEW.phone_alt_digits, ''),
            replace(coalesce(NEW.cnic, ''), '-', ''), NEW.mrn);
END;

CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN
    DELETE FROM patient_search WHERE rowid = OLD.id;
END;
