//! Appointments. So far: the pure rules that say whether a booking fits (conflicts,
//! working hours, time off) and where the next free slots are. The booking service
//! will run them inside its write transaction, so two racing bookings cannot both win.

pub mod conflicts;
