//! Appointments: booking with every conflict rule checked inside the write
//! transaction, recurring series, status changes, moves and cancellations that keep
//! their history, and the views the desk and the calendar read.

mod book;
mod changes;
pub mod conflicts;
mod diary;
mod exports;
pub mod recurrence;
mod series;
mod slots;
mod status;
mod views;

pub use book::{book, check_slot, BookingInput, SlotCheck};
pub use changes::{cancel, reschedule, set_status, CancelInput, CancelledBy, RescheduleInput, Scope};
pub use exports::{diary_ics, slip, ExportFile};
pub use series::{book_series, preview as preview_series, OccurrenceChoice, OccurrencePreview, SeriesInput};
pub use slots::{free_slots, FreeSlot, SlotQuery};
pub use status::{may_change, steps, Status, Step};
pub use views::{
    day, get, history, practitioners, range, Appointment, AppointmentEvent, Practitioner, RangeFilter,
};
