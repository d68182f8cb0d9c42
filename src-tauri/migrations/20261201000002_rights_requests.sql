-- Patients' rights (privacy policy 7, 10): the requests register with its history,
-- the letters sent at each outcome, corrections and statements of disagreement, and
-- the disclosures register (policy 4.1, 4.2). Dates a person types (received, due,
-- disclosed) are clinic-calendar `YYYY-MM-DD`; instants are UTC text.

CREATE TABLE rights_requests (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('access', 'correction', 'deletion', 'portability', 'objection')),
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    requester       TEXT NOT NULL CHECK (requester IN ('patient', 'guardian')),
    -- The guardian on record who asked (policy 10); NULL when the patient asked.
    guardian_id     INTEGER REFERENCES related_persons (id),
    details         TEXT,                            -- what the requester asks for, in their words
    received_on     TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'received'
                    CHECK (state IN ('received', 'identity_verified', 'in_progress', 'fulfilled', 'refused')),
    identity_method TEXT CHECK (identity_method IN ('cnic_seen', 'known_in_person', 'phone_call_back', 'signed_letter', 'other')),
    identity_notes  TEXT,
    outcome_details TEXT,
    refusal_reason  TEXT,
    created_by      INTEGER NOT NULL REFERENCES staff (id),
    created_at      TEXT NOT NULL,
    closed_at       TEXT,
    CHECK ((requester = 'guardian') = (guardian_id IS NOT NULL)),
    CHECK (due_on >= received_on),
    CHECK (state <> 'refused' OR refusal_reason IS NOT NULL)
);
-- One open request of a kind per patient; a second is a duplicate.
CREATE UNIQUE INDEX rights_requests_one_open ON rights_requests (patient_id, kind)
    WHERE state IN ('received', 'identity_verified', 'in_progress');
CREATE INDEX rights_requests_by_due ON rights_requests (state, due_on);
CREATE INDEX rights_requests_by_received ON rights_requests (received_on);

-- Every step a request took: who, when, from which state to which.
CREATE TABLE rights_request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES rights_requests (id),
    from_state TEXT,                                 -- NULL for the recording itself
    to_state   TEXT NOT NULL,
    note       TEXT,
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    at         TEXT NOT NULL
);
CREATE INDEX rights_request_events_by_request ON rights_request_events (request_id, id);

-- The outcome of a correction request: what changed and which record was amended
-- (a note's amendment, or the patient's details whose history is in patient_changes).
CREATE TABLE rights_corrections (
    request_id      INTEGER PRIMARY KEY REFERENCES rights_requests (id),
    change          TEXT NOT NULL,
    amended_entity  TEXT NOT NULL CHECK (amended_entity IN ('note', 'patient_details')),
    amended_id      INTEGER NOT NULL
);

-- A patient's statement of disagreement with a refused correction; exports include it.
CREATE TABLE patient_statements (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    request_id  INTEGER REFERENCES rights_requests (id),
    text        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES staff (id)
);
CREATE INDEX patient_statements_by_patient ON patient_statements (patient_id);

-- Each sharing outside the clinic and each legal disclosure (policy 4.1, 4.2).
CREATE TABLE disclosures (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    recipient    TEXT NOT NULL,
    purpose      TEXT NOT NULL CHECK (purpose IN ('care_team', 'legal', 'other')),
    reason       TEXT NOT NULL,                      -- why, in words (the court order, the referral)
    what         TEXT NOT NULL,                      -- which categories or records
    disclosed_on TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES staff (id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX disclosures_by_patient ON disclosures (patient_id, disclosed_on);

-- The letter to the requester at each outcome, per kind and language, with
-- {placeholders}; the clinic may edit them.
CREATE TABLE rights_letter_templates (
    kind       TEXT NOT NULL CHECK (kind IN ('access', 'correction', 'deletion', 'portability', 'objection')),
    outcome    TEXT NOT NULL CHECK (outcome IN ('fulfilled', 'refused')),
    language   TEXT NOT NULL CHECK (language IN ('en', 'ur')),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by INTEGER REFERENCES staff (id),
    updated_at TEXT,
    PRIMARY KEY (kind, outcome, language)
) WITHOUT ROWID;
INSERT INTO rights_letter_templates (kind, outcome, language, subject, body) VALUES
    ('access', 'fulfilled', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We have now completed it. A copy of the information we hold is enclosed with this letter.

{outcome_details}

If you have any questions, please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('access', 'refused', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We are sorry that we cannot carry it out, for this reason: {reason}

You may ask us to look at this decision again. Please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('access', 'fulfilled', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ ہم نے یہ درخواست مکمل کر دی ہے۔ ہمارے پاس موجود معلومات کی نقل اس خط کے ساتھ منسلک ہے۔

{outcome_details}

کسی بھی سوال کے لیے ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('access', 'refused', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ افسوس ہے کہ ہم یہ درخواست پوری نہیں کر سکتے، اس کی وجہ یہ ہے: {reason}

آپ ہم سے اس فیصلے پر دوبارہ غور کرنے کو کہہ سکتے ہیں۔ ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('correction', 'fulfilled', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We have now completed it. We have corrected the record. The earlier version is kept, marked as corrected, as the law requires.

{outcome_details}

If you have any questions, please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('correction', 'refused', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We are sorry that we cannot carry it out, for this reason: {reason} You may send us a statement saying why you disagree; we will keep it with the record and include it whenever the record is shared.

You may ask us to look at this decision again. Please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('correction', 'fulfilled', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ ہم نے یہ درخواست مکمل کر دی ہے۔ ہم نے ریکارڈ درست کر دیا ہے۔ قانون کے مطابق پرانا ریکارڈ درستی کے نشان کے ساتھ محفوظ رکھا گیا ہے۔

{outcome_details}

کسی بھی سوال کے لیے ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('correction', 'refused', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ افسوس ہے کہ ہم یہ درخواست پوری نہیں کر سکتے، اس کی وجہ یہ ہے: {reason} آپ اپنے اختلاف کا بیان ہمیں بھیج سکتے ہیں؛ ہم اسے ریکارڈ کے ساتھ رکھیں گے اور جب بھی ریکارڈ دیا جائے گا، ساتھ شامل کریں گے۔

آپ ہم سے اس فیصلے پر دوبارہ غور کرنے کو کہہ سکتے ہیں۔ ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('deletion', 'fulfilled', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We have now completed it. Below is what we erased and what we must keep by law, and until when.

{outcome_details}

If you have any questions, please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('deletion', 'refused', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We are sorry that we cannot carry it out, for this reason: {reason}

You may ask us to look at this decision again. Please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('deletion', 'fulfilled', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ ہم نے یہ درخواست مکمل کر دی ہے۔ ذیل میں لکھا ہے کہ ہم نے کیا حذف کیا اور قانون کے تحت کیا اور کب تک رکھنا لازم ہے۔

{outcome_details}

کسی بھی سوال کے لیے ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('deletion', 'refused', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ افسوس ہے کہ ہم یہ درخواست پوری نہیں کر سکتے، اس کی وجہ یہ ہے: {reason}

آپ ہم سے اس فیصلے پر دوبارہ غور کرنے کو کہہ سکتے ہیں۔ ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('portability', 'fulfilled', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We have now completed it. Your information is enclosed in a standard format that another provider can read.

{outcome_details}

If you have any questions, please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('portability', 'refused', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We are sorry that we cannot carry it out, for this reason: {reason}

You may ask us to look at this decision again. Please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('portability', 'fulfilled', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ ہم نے یہ درخواست مکمل کر دی ہے۔ آپ کی معلومات ایک معیاری شکل میں منسلک ہیں جسے کوئی دوسرا معالج پڑھ سکتا ہے۔

{outcome_details}

کسی بھی سوال کے لیے ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('portability', 'refused', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ افسوس ہے کہ ہم یہ درخواست پوری نہیں کر سکتے، اس کی وجہ یہ ہے: {reason}

آپ ہم سے اس فیصلے پر دوبارہ غور کرنے کو کہہ سکتے ہیں۔ ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('objection', 'fulfilled', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We have now completed it. We will no longer use your information for the purposes listed below.

{outcome_details}

If you have any questions, please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('objection', 'refused', 'en', 'Your request for {request_type}', 'Dear {requester_name},

On {received_on} we received your request for {request_type} concerning {patient_name}. We are sorry that we cannot carry it out, for this reason: {reason}

You may ask us to look at this decision again. Please contact our privacy officer on {clinic_phone}.

Yours sincerely,
{clinic_name}'),
    ('objection', 'fulfilled', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ ہم نے یہ درخواست مکمل کر دی ہے۔ ہم آپ کی معلومات کو ذیل میں درج مقاصد کے لیے مزید استعمال نہیں کریں گے۔

{outcome_details}

کسی بھی سوال کے لیے ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}'),
    ('objection', 'refused', 'ur', 'آپ کی درخواست: {request_type}', 'محترم {requester_name}،

ہمیں {received_on} کو {patient_name} کے بارے میں {request_type} کی آپ کی درخواست موصول ہوئی۔ افسوس ہے کہ ہم یہ درخواست پوری نہیں کر سکتے، اس کی وجہ یہ ہے: {reason}

آپ ہم سے اس فیصلے پر دوبارہ غور کرنے کو کہہ سکتے ہیں۔ ہمارے پرائیویسی آفیسر سے {clinic_phone} پر رابطہ کریں۔

خیر اندیش،
{clinic_name}');
