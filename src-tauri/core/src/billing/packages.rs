//! Session packages: N sessions of one service sold to one patient (not transferable)
//! for a price, on an invoice of their own, until an expiry date. An appointment of
//! that service takes one session; a cancellation by the clinic gives it back; what is
//! unused can be refunded pro rata (a credit note on the package's invoice, after
//! which the desk refunds the freed credit) and the package is closed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::invoices::{self, Draft};
use super::lines::{self, PricedLine};
use super::money::Money;
use super::{now_text, prices, require_reader, require_writer, today};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;
use crate::validate;

/// The most sessions in one package.
pub const MAX_SESSIONS: i64 = 100;

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct PackageInput {
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number")]
    pub service_id: i64,
    /// Whole sessions, 1 to 100.
    pub sessions: f64,
    /// The whole package's price in rupees, as typed.
    pub price: String,
    /// YYYY-MM-DD: the last day a session may be taken.
    pub expires_on: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SessionPackage {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    #[ts(type = "number")]
    pub service_id: i64,
    pub service_name: String,
    #[ts(type = "number")]
    pub sessions: i64,
    #[ts(type = "number")]
    pub used: i64,
    /// Sessions still to take (0 once closed).
    #[ts(type = "number")]
    pub remaining: i64,
    #[ts(type = "number")]
    pub price_paisa: i64,
    pub expires_on: String,
    pub expired: bool,
    #[ts(type = "number")]
    pub invoice_id: i64,
    pub invoice_number: Option<String>,
    pub closed_at: Option<String>,
    pub close_reason: Option<String>,
    #[ts(type = "number | null")]
    pub credit_note_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    patient_id: i64,
    service_id: i64,
    service_name: String,
    sessions: i64,
    used: i64,
    price_paisa: i64,
    expires_on: String,
    invoice_id: i64,
    invoice_number: Option<String>,
    closed_at: Option<String>,
    close_reason: Option<String>,
    credit_note_id: Option<i64>,
}

impl From<Row> for SessionPackage {
    fn from(r: Row) -> Self {
        let expired = r.expires_on < today().to_string();
        SessionPackage {
            remaining: if r.closed_at.is_some() { 0 } else { r.sessions - r.used },
            expired,
            id: r.id,
            patient_id: r.patient_id,
            service_id: r.service_id,
            service_name: r.service_name,
            sessions: r.sessions,
            used: r.used,
            price_paisa: r.price_paisa,
            expires_on: r.expires_on,
            invoice_id: r.invoice_id,
            invoice_number: r.invoice_number,
            closed_at: r.closed_at,
            close_reason: r.close_reason,
            credit_note_id: r.credit_note_id,
        }
    }
}

macro_rules! select {
    () => {
        "SELECT k.id, k.patient_id, k.service_id, s.name AS service_name, k.sessions,
                coalesce((SELECT sum(u.change) FROM package_sessions u WHERE u.package_id = k.id), 0) AS used,
                k.price_paisa, k.expires_on, k.invoice_id, i.number AS invoice_number, k.closed_at, k.close_reason,
                k.credit_note_id
         FROM session_packages k JOIN services s ON s.id = k.service_id JOIN invoices i ON i.id = k.invoice_id"
    };
}

async fn load(conn: &mut SqliteConnection, id: i64) -> AppResult<SessionPackage> {
    let row: Option<Row> =
        sqlx::query_as(concat!(select!(), " WHERE k.id = ?")).bind(id).fetch_optional(conn).await?;
    row.map(Into::into).ok_or_else(|| AppError::not_found("This package does not exist."))
}

fn audit_entry(
    actor: &Actor,
    action: AuditAction,
    id: i64,
    patient_id: i64,
    summary: String,
) -> crate::audit::AuditEntry {
    let mut e = actor.origin().entry(action, "session_package", Some(id.to_string()), summary);
    e.patient_id = Some(patient_id);
    e
}

/// Sells a package: the package and its invoice (issued, numbered) in one transaction.
pub async fn sell_package(store: &Store, actor: &Actor, input: PackageInput) -> AppResult<SessionPackage> {
    let mut tx = store.begin_write().await?;
    require_writer(tx.conn(), actor, Permission::Bill, input.patient_id).await?;
    let sessions = lines::whole_quantity("sessions", input.sessions)?;
    if sessions > MAX_SESSIONS {
        return Err(AppError::validation(
            "sessions",
            format!("A package can have at most {MAX_SESSIONS} sessions."),
        ));
    }
    let price = Money::parse_positive("price", &input.price)?;
    let expires_on = crate::clock::parse_date("expires_on", input.expires_on.trim())?;
    if expires_on < today() {
        return Err(AppError::validation("expires_on", "The expiry date has already passed."));
    }
    let service: Option<(String, bool)> = sqlx::query_as("SELECT name, active FROM services WHERE id = ?")
        .bind(input.service_id)
        .fetch_optional(tx.conn())
        .await?;
    let name = match service {
        Some((name, true)) => name,
        Some(_) => return Err(AppError::validation("service_id", "This service is no longer offered.")),
        None => return Err(AppError::validation("service_id", "This service does not exist.")),
    };
    let tax_bp = prices::service_price(tx.conn(), input.service_id, today()).await?.tax_bp;
    let line = PricedLine {
        kind: "service",
        service_id: Some(input.service_id),
        item_id: None,
        appointment_id: None,
        dispensing_id: None,
        description: format!("Package: {sessions} × {name}, until {expires_on}"),
        quantity: 1,
        unit: price,
        tax_bp,
        discount: None,
    };
    let priced = [line];
    let (amounts, totals) = lines::compute(&priced, None).map_err(|_| {
        AppError::validation("price", "This price is too large. Check the figure and enter it in rupees.")
    })?;
    let draft =
        Draft { patient_id: input.patient_id, appointment_id: None, dispensing_id: None, discount: None };
    let invoice_id = invoices::insert_draft(tx.conn(), actor, &draft, &priced, &amounts, &totals).await?;
    let (number, _) = invoices::issue_in(tx.conn(), actor, invoice_id, input.patient_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO session_packages (patient_id, service_id, sessions, price_paisa, expires_on, invoice_id, sold_by, sold_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(input.patient_id)
    .bind(input.service_id)
    .bind(sessions)
    .bind(price.paisa())
    .bind(expires_on.to_string())
    .bind(invoice_id)
    .bind(actor.staff_id)
    .bind(now_text())
    .fetch_one(tx.conn())
    .await?;
    let summary = format!("{sessions} sessions of service {}, invoice {number}", input.service_id);
    tx.audit(audit_entry(actor, AuditAction::Create, id, input.patient_id, summary)).await?;
    let saved = load(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// The package, checked open for the person and the patient.
async fn open_package(
    conn: &mut SqliteConnection,
    actor: &Actor,
    permission: Permission,
    id: i64,
) -> AppResult<SessionPackage> {
    actor.require(permission)?;
    let k = load(conn, id).await?;
    require_writer(conn, actor, permission, k.patient_id).await?;
    if k.closed_at.is_some() {
        return Err(AppError::conflict(
            "This package was closed and refunded; no session can be taken or given back.",
        ));
    }
    Ok(k)
}

/// (patient, service, status, cancelled by) of an appointment.
async fn appointment(conn: &mut SqliteConnection, id: i64) -> AppResult<(i64, i64, String, Option<String>)> {
    let row =
        sqlx::query_as("SELECT patient_id, service_id, status, cancelled_by FROM appointments WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.ok_or_else(|| AppError::validation("appointment_id", "This appointment does not exist."))
}

async fn used_for(conn: &mut SqliteConnection, package: Option<i64>, appointment_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT coalesce(sum(change), 0) FROM package_sessions WHERE appointment_id = ?1 AND (?2 IS NULL OR package_id = ?2)",
    )
    .bind(appointment_id)
    .bind(package)
    .fetch_one(conn)
    .await?)
}

fn expired_on(k: &SessionPackage) -> AppResult<NaiveDate> {
    crate::clock::parse_date("expires_on", &k.expires_on)
}

/// Takes one session of the package for an appointment of its patient and service.
pub async fn use_package_session(
    store: &Store,
    actor: &Actor,
    package_id: i64,
    appointment_id: i64,
) -> AppResult<SessionPackage> {
    let mut tx = store.begin_write().await?;
    let k = open_package(tx.conn(), actor, Permission::Bill, package_id).await?;
    let expires = expired_on(&k)?;
    if today() > expires {
        return Err(AppError::validation(
            "package_id",
            format!("This package expired on {expires}; its sessions can no longer be used."),
        ));
    }
    let (patient, service, status, _) = appointment(tx.conn(), appointment_id).await?;
    if patient != k.patient_id {
        return Err(AppError::validation(
            "appointment_id",
            "A package is used only by the patient it was sold to.",
        ));
    }
    if service != k.service_id {
        return Err(AppError::validation(
            "appointment_id",
            format!("This package is for {}, not this appointment's service.", k.service_name),
        ));
    }
    if status == "cancelled" {
        return Err(AppError::validation(
            "appointment_id",
            "A cancelled appointment does not use a session.",
        ));
    }
    if used_for(tx.conn(), None, appointment_id).await? > 0 {
        return Err(AppError::Conflict {
            message: "This appointment already used a package session.".into(),
            field: Some("appointment_id".into()),
        });
    }
    if k.remaining <= 0 {
        return Err(AppError::conflict("No sessions are left in this package."));
    }
    record(tx.conn(), actor, package_id, appointment_id, 1).await?;
    let summary = format!("session used for appointment {appointment_id}");
    tx.audit(audit_entry(actor, AuditAction::Update, package_id, k.patient_id, summary)).await?;
    let saved = load(tx.conn(), package_id).await?;
    tx.commit().await?;
    Ok(saved)
}

async fn record(
    conn: &mut SqliteConnection,
    actor: &Actor,
    package_id: i64,
    appointment_id: i64,
    change: i64,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO package_sessions (package_id, appointment_id, change, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(package_id)
    .bind(appointment_id)
    .bind(change)
    .bind(actor.staff_id)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// Gives back the session an appointment took, when the clinic cancelled it.
pub async fn return_package_session(
    store: &Store,
    actor: &Actor,
    package_id: i64,
    appointment_id: i64,
) -> AppResult<SessionPackage> {
    let mut tx = store.begin_write().await?;
    let k = open_package(tx.conn(), actor, Permission::Bill, package_id).await?;
    let (_, _, status, by) = appointment(tx.conn(), appointment_id).await?;
    if status != "cancelled" || by.as_deref() != Some("clinic") {
        return Err(AppError::validation(
            "appointment_id",
            "Only an appointment the clinic cancelled gives its session back.",
        ));
    }
    if used_for(tx.conn(), Some(package_id), appointment_id).await? <= 0 {
        return Err(AppError::Conflict {
            message: "This appointment did not use a session of this package.".into(),
            field: Some("appointment_id".into()),
        });
    }
    record(tx.conn(), actor, package_id, appointment_id, -1).await?;
    let summary = format!("session given back for appointment {appointment_id}");
    tx.audit(audit_entry(actor, AuditAction::Update, package_id, k.patient_id, summary)).await?;
    let saved = load(tx.conn(), package_id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// Closes the package and credits its unused sessions pro rata (rounded down to the
/// paisa) on its invoice (the administrator's). The desk then refunds the credit.
pub async fn refund_package(
    store: &Store,
    actor: &Actor,
    package_id: i64,
    reason: &str,
) -> AppResult<SessionPackage> {
    let mut tx = store.begin_write().await?;
    let k = open_package(tx.conn(), actor, Permission::CorrectInvoices, package_id).await?;
    let reason = validate::text("reason", "The reason for the refund", reason, 300)?;
    if k.remaining <= 0 {
        return Err(AppError::conflict(
            "Every session of this package was used; there is nothing to refund.",
        ));
    }
    let amount = (i128::from(k.price_paisa) * i128::from(k.remaining) / i128::from(k.sessions)) as i64;
    let credit_note = if amount > 0 {
        Some(super::corrections::credit_in(tx.conn(), actor, k.invoice_id, Money(amount), &reason).await?.0)
    } else {
        None
    };
    sqlx::query(
        "UPDATE session_packages SET closed_at = ?, close_reason = ?, credit_note_id = ? WHERE id = ?",
    )
    .bind(now_text())
    .bind(&reason)
    .bind(credit_note)
    .bind(package_id)
    .execute(tx.conn())
    .await?;
    let summary = format!("closed, {} unused sessions credited {amount} paisa", k.remaining);
    tx.audit(audit_entry(actor, AuditAction::Update, package_id, k.patient_id, summary)).await?;
    let saved = load(tx.conn(), package_id).await?;
    tx.commit().await?;
    Ok(saved)
}

/// A patient's packages, newest first; the reading is audited.
pub async fn patient_packages(
    store: &Store,
    actor: &Actor,
    patient_id: i64,
) -> AppResult<Vec<SessionPackage>> {
    actor.require(Permission::Bill)?;
    let mut tx = store.begin_write().await?;
    require_reader(tx.conn(), actor, patient_id).await?;
    let rows: Vec<Row> =
        sqlx::query_as(concat!(select!(), " WHERE k.patient_id = ? ORDER BY k.sold_at DESC, k.id DESC"))
            .bind(patient_id)
            .fetch_all(tx.conn())
            .await?;
    let mut e = actor.origin().entry(AuditAction::View, "session_packages", None, "");
    e.patient_id = Some(patient_id);
    tx.audit(e).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(Into::into).collect())
}
