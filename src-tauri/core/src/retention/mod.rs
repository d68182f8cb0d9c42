//! Retention (privacy policy 7 and 8): how long each kind of record is kept, when a
//! patient's records may go, secure erasure, anonymisation, and the review of records
//! whose retention has ended.

pub mod anonymise;
pub mod erase;
pub mod evaluate;
mod facts;
pub mod restriction;
pub mod review;
pub mod rules;

pub use anonymise::{anonymise_patient, AnonymisationOutcome};
pub use erase::{erase_patient, erase_records, is_erased, ErasureOutcome, KindOutcome};
pub use evaluate::{evaluate, PatientFacts, Verdict};
pub use restriction::{
    is_privacy_officer, is_restricted, require_open, require_writable, restricted, restriction_of, standing,
    Restriction, Standing, RESTRICTED, RESTRICTED_PATIENTS,
};
pub use review::{
    count_due, count_due_on, due_for_review, process_review, ReviewAction, ReviewItem, ReviewProgress,
    ReviewResult,
};
pub use rules::{check_rule, rules, set_rule, CountedFrom, RecordKind, RetentionRule, RetentionRuleInput};
