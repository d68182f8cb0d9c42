//! Fulfilling a deletion request (policy 7 and 8): erase what the retention rules let
//! go, keep and restrict the rest, or anonymise instead; and say, for the letter's
//! `{outcome_details}`, which kinds went and which were kept, why and until when.
//!
//! The erasure and the request's fulfilment are one write transaction: `erase_in` and
//! `anonymise_in` work inside a transaction they are given, so the request is marked
//! fulfilled, with the outcome that names what was kept, in the very commit that
//! erases. There is no moment where the records are gone and the request still looks
//! open (or the other way round), and a failure anywhere leaves both as they were.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::letters;
use super::requests::{load, RightsRequest};
use super::steps::{begin_fulfilment, finish_fulfilment, Fulfilled};
use super::{clinic_date, RequestKind, RequestState};
use crate::auth::{Actor, Permission};
use crate::downloads::Downloads;
use crate::error::AppResult;
use crate::retention::erase::{checkpoint, compact, erase_in, long_date};
use crate::retention::{anonymise, AnonymisationOutcome, ErasureOutcome, RecordKind};
use crate::staff::Language;
use crate::store::Store;

/// Erase what may go, or anonymise the whole record instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeletionMode {
    Erase,
    Anonymise,
}

fn records(n: i64) -> String {
    if n == 1 {
        "1 record".into()
    } else {
        format!("{n} records")
    }
}

/// The promise about backups (policy 8): copies made before today are overwritten by then.
fn backups_words(gone_by: NaiveDate) -> String {
    format!(
        "\n\nCopies in the clinic's backups are overwritten by {}: backups are kept for a limited time only, \
         and a backup restored before then has your erasure made again at once.",
        long_date(gone_by)
    )
}

/// Which kinds were erased and which kept (why, until when), in plain words, and by
/// when the backups no longer hold what went (`gone_by`).
pub fn erasure_words(out: &ErasureOutcome, gone_by: NaiveDate) -> String {
    let mut erased = Vec::new();
    let mut kept = Vec::new();
    for k in &out.kinds {
        if k.kind == RecordKind::AuditTrail {
            continue;
        }
        if k.erased > 0 {
            erased.push(format!("- {} ({})", k.kind.label(), records(k.erased)));
        }
        if k.kept > 0 {
            let until = match k.keep_until {
                Some(d) => format!("kept until {}", long_date(d)),
                None => "kept always".into(),
            };
            kept.push(format!("- {} ({}), {until}. {}", k.kind.label(), records(k.kept), k.reason));
        }
    }
    let mut text = String::from("Erased:\n");
    text.push_str(&if erased.is_empty() {
        "- nothing could be erased yet".into()
    } else {
        erased.join("\n")
    });
    text.push_str("\n\nKept, as the law requires, and used for nothing else until then:\n");
    text.push_str(&if kept.is_empty() { "- nothing".into() } else { kept.join("\n") });
    text.push_str(
        "\n\nThe record of who saw or changed your information (the audit trail) is kept always; \
         it refers to you by a number only.",
    );
    text.push_str(&backups_words(gone_by));
    text
}

fn anonymisation_words(out: &AnonymisationOutcome, gone_by: NaiveDate) -> String {
    let mut text = format!(
        "Your name, CNIC, phone numbers, address and every other detail that identifies you were \
         removed for good, with {} and {}. What is left (dates of visits, scores and \
         diagnoses codes) no longer says who you are and is used only for statistics.",
        match out.notes_removed {
            1 => "1 clinical note".to_string(),
            n => format!("{n} clinical notes"),
        },
        match out.attachments_removed {
            1 => "1 attachment".to_string(),
            n => format!("{n} attachments"),
        }
    );
    text.push_str(&backups_words(gone_by));
    text
}

/// What the deletion did, with the request fulfilled.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeletionFulfilled {
    pub fulfilled: Fulfilled,
    /// Set for `erase`.
    pub erasure: Option<ErasureOutcome>,
    /// Set for `anonymise`.
    pub anonymisation: Option<AnonymisationOutcome>,
    /// Where the letters (English, then Urdu) were saved: written in the erasing
    /// transaction, since afterwards the store no longer holds the names they address.
    pub letters: Vec<String>,
}

/// Erases (or anonymises) the patient of deletion request `request_id`, which must be
/// in progress, marks it fulfilled with what went and what was kept, and saves its
/// letters in English and Urdu.
pub async fn fulfil_deletion(
    store: &Store,
    actor: &Actor,
    request_id: i64,
    mode: DeletionMode,
    downloads: &Downloads,
    now: DateTime<Utc>,
) -> AppResult<DeletionFulfilled> {
    actor.require(Permission::ManageRightsRequests)?;
    actor.require(Permission::EraseRecords)?;
    // Read before the write begins: nothing else is read beside the writing connection.
    let gone_by = crate::backups::gone_by(store, clinic_date(now)).await?;
    let mut tx = store.begin_write().await?;
    let cur = begin_fulfilment(tx.conn(), request_id, RequestKind::Deletion).await?;
    let asked = load(tx.conn(), request_id).await?;
    let to = letters::addressee(tx.conn(), &asked).await?;
    let (details, erasure, anonymisation) = match mode {
        DeletionMode::Erase => {
            let out = erase_in(&mut tx, actor, cur.patient_id, None, Some(cur.id), clinic_date(now)).await?;
            (erasure_words(&out, gone_by), Some(out), None)
        }
        DeletionMode::Anonymise => {
            let out = anonymise::anonymise_in(&mut tx, actor, cur.patient_id, Some(cur.id)).await?;
            (anonymisation_words(&out, gone_by), None, Some(out))
        }
    };
    compact(tx.conn()).await?;

    // The letters, as they will read once the request is fulfilled in this commit.
    let decided = RightsRequest {
        state: RequestState::Fulfilled,
        outcome_details: Some(details.clone()),
        closed_at: Some(crate::clock::utc_text(now)),
        ..asked
    };
    let mut saved = Vec::new();
    let written = async {
        for language in [Language::En, Language::Ur] {
            let file = letters::letter_file(tx.conn(), store, &decided, &to, language, now).await?;
            saved.push(downloads.save(&file.name, &file.bytes)?);
            tx.audit(letters::letter_audit(actor, &decided, language)?).await?;
        }
        let extra = format!("; {}", if erasure.is_some() { "erased" } else { "anonymised" });
        finish_fulfilment(tx, actor, &cur, &details, &extra, now).await
    }
    .await;
    let request = match written {
        Ok(request) => request,
        Err(e) => {
            // Nothing was erased: letters saying otherwise must not stay behind.
            for path in &saved {
                let _ = std::fs::remove_file(path);
            }
            return Err(e);
        }
    };
    checkpoint(store).await?;
    Ok(DeletionFulfilled {
        fulfilled: Fulfilled { request, recipients_to_tell: Vec::new() },
        erasure,
        anonymisation,
        letters: saved,
    })
}
