-- Appointments, recurring series, their history, reminders and objections
-- (privacy policy 3.1, 3.2 and 7). Instants are UTC text `YYYY-MM-DDTHH:MM:SSZ`,
-- which sorts as time does, like `time_off`.

CREATE TABLE appointment_series (
    id          INTEGER PRIMARY KEY,
    every_weeks INTEGER NOT NULL CHECK (every_weeks BETWEEN 1 AND 8),
    weekdays    TEXT NOT NULL,                      -- "1,3": Monday and Wednesday
    created_by  INTEGER NOT NULL REFERENCES staff (id),
    created_at  TEXT NOT NULL
);

CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    practitioner_id INTEGER NOT NULL REFERENCES staff (id),
    service_id      INTEGER NOT NULL REFERENCES services (id),
    room_id         INTEGER NOT NULL REFERENCES rooms (id),
    starts_at       TEXT NOT NULL,
    ends_at         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'booked'
                    CHECK (status IN ('booked', 'arrived', 'in_session', 'completed', 'cancelled', 'no_show')),
    series_id       INTEGER REFERENCES appointment_series (id),
    cancelled_by    TEXT CHECK (cancelled_by IN ('patient', 'clinic')),
    cancel_reason   TEXT,
    past_reason     TEXT,                           -- why a time already gone was booked
    arrived_at      TEXT,
    created_by      INTEGER NOT NULL REFERENCES staff (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (starts_at < ends_at),
    CHECK (status <> 'cancelled' OR (cancelled_by IS NOT NULL AND cancel_reason IS NOT NULL))
);
-- Conflict checks read a bounded range of start times per practitioner, room and
-- patient; the day view reads one range of start times.
CREATE INDEX appointments_by_practitioner ON appointments (practitioner_id, starts_at);
CREATE INDEX appointments_by_room ON appointments (room_id, starts_at);
CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at);
CREATE INDEX appointments_by_start ON appointments (starts_at);
CREATE INDEX appointments_by_series ON appointments (series_id, starts_at) WHERE series_id IS NOT NULL;

-- What happened to an appointment: booking, each status change, each move.
CREATE TABLE appointment_events (
    id                   INTEGER PRIMARY KEY,
    appointment_id       INTEGER NOT NULL REFERENCES appointments (id),
    at                   TEXT NOT NULL,
    staff_id             INTEGER NOT NULL REFERENCES staff (id),
    kind                 TEXT NOT NULL CHECK (kind IN ('booked', 'status', 'rescheduled')),
    from_status          TEXT,
    to_status            TEXT,
    old_starts_at        TEXT,
    old_ends_at          TEXT,
    old_practitioner_id  INTEGER,
    old_room_id          INTEGER,
    reason               TEXT
);
CREATE INDEX events_by_appointment ON appointment_events (appointment_id, id);

-- Objections per purpose (policy 7); withdrawal keeps the row.
CREATE TABLE objections (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES patients (id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('reminders', 'sharing', 'statistics')),
    received_at  TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES staff (id),
    withdrawn_at TEXT,
    withdrawn_by INTEGER REFERENCES staff (id)
);
CREATE INDEX objections_by_patient ON objections (patient_id, purpose);

-- Reminder messages, one per language, with {placeholders}.
CREATE TABLE reminder_templates (
    language TEXT PRIMARY KEY CHECK (language IN ('en', 'ur')),
    body     TEXT NOT NULL
);
INSERT INTO reminder_templates (language, body) VALUES
    ('en', 'Dear {name}, this is a reminder of your appointment at {clinic} on {date} at {time} with {practitioner} ({room}). To change it, please call {clinic_phone}.'),
    ('ur', '{name}، {clinic} میں {date} کو {time} بجے {practitioner} کے ساتھ آپ کی ملاقات ({room}) کی یاد دہانی۔ تبدیلی کے لیے {clinic_phone} پر فون کریں۔');

-- Which reminder reception has sent, by which channel.
CREATE TABLE reminders_sent (
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    channel        TEXT NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'phone', 'email')),
    sent_at        TEXT NOT NULL,
    staff_id       INTEGER NOT NULL REFERENCES staff (id),
    PRIMARY KEY (appointment_id, channel)
);
