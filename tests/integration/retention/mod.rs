//! Retention on a real encrypted store: erasure that leaves no byte of the patient in
//! the file or the WAL (read page by page with the app's own key), restriction of what
//! must be kept, anonymisation, rule changes, and the review.

mod anonymise;
pub mod decrypt;
mod erase;
mod restriction;
mod review;
pub mod seed;
mod walk;
