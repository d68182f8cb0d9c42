//! Reads whole records of a page of patients in a few statements (one per kind of
//! record, `patient_id IN` the page), so a bulk export costs the same few statements
//! per thousand patients as one patient's package costs for one. Rows come back as the
//! plain data the export writers take.

use std::collections::HashMap;

use sqlx::{Row, SqliteConnection};

use crate::catalogue::Discipline;
use crate::error::{AppError, AppResult};
use crate::export::fhir::data::*;
use crate::measures::{Activity, Band, Instrument};

/// The page's ids as the JSON array `json_each` reads: one statement shape for any page.
fn page_json(ids: &[i64]) -> String {
    serde_json::to_string(ids).expect("ids serialize")
}

const IN_PAGE: &str = "IN (SELECT value FROM json_each(?1))";

fn bad(what: &str, id: i64) -> AppError {
    AppError::internal(format!("export: stored {what} of row {id} unreadable"))
}

fn discipline(text: &str, id: i64) -> AppResult<Discipline> {
    Discipline::parse(text).ok_or_else(|| bad("discipline", id))
}

/// Section keys and titles of every note template, in order.
pub async fn templates(
    conn: &mut SqliteConnection,
) -> AppResult<HashMap<i64, (String, Vec<(String, String)>)>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, sections FROM note_templates").fetch_all(conn).await?;
    let mut out = HashMap::new();
    for (id, name, sections) in rows {
        let list: Vec<serde_json::Value> =
            serde_json::from_str(&sections).map_err(|_| bad("template", id))?;
        let keys = list
            .iter()
            .filter_map(|s| Some((s["key"].as_str()?.to_string(), s["title"].as_str()?.to_string())))
            .collect();
        out.insert(id, (name, keys));
    }
    Ok(out)
}

pub async fn staff_names(conn: &mut SqliteConnection) -> AppResult<StaffNames> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, full_name FROM staff").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

pub async fn clinic(conn: &mut SqliteConnection) -> AppResult<ClinicRow> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT name, address, phone FROM clinic_profile WHERE id = 1")
            .fetch_optional(conn)
            .await?;
    let (name, address, phone) =
        row.ok_or_else(|| AppError::not_found("The clinic has not been set up yet."))?;
    Ok(ClinicRow { name, address, phone })
}

type Templates = HashMap<i64, (String, Vec<(String, String)>)>;

/// The records of the patients in `ids` that exist, in the order of `ids`.
pub async fn records(
    conn: &mut SqliteConnection,
    ids: &[i64],
    templates: &Templates,
    today: &str,
) -> AppResult<Vec<PatientRecord>> {
    let page = page_json(ids);
    let mut by_id: HashMap<i64, PatientRecord> = HashMap::with_capacity(ids.len());
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, mrn, full_name, name_ur, relative_name, birth_date, birth_date_estimated, sex, cnic, phone,
                phone_alt, email, address, city, preferred_language, insurance_payer, insurance_policy,
                reception_note, created_at
         FROM patients WHERE id {IN_PAGE}"
    )))
    .bind(&page)
    .fetch_all(&mut *conn)
    .await?;
    for r in rows {
        let patient = PatientRow {
            id: r.try_get(0)?,
            mrn: r.try_get(1)?,
            full_name: r.try_get(2)?,
            name_ur: r.try_get(3)?,
            relative_name: r.try_get(4)?,
            birth_date: r.try_get(5)?,
            birth_date_estimated: r.try_get(6)?,
            sex: r.try_get(7)?,
            cnic: r.try_get(8)?,
            phone: r.try_get(9)?,
            phone_alt: r.try_get(10)?,
            email: r.try_get(11)?,
            address: r.try_get(12)?,
            city: r.try_get(13)?,
            preferred_language: r.try_get(14)?,
            insurance_payer: r.try_get(15)?,
            insurance_policy: r.try_get(16)?,
            reception_note: r.try_get(17)?,
            created_at: r.try_get(18)?,
        };
        by_id.insert(patient.id, PatientRecord { patient, ..Default::default() });
    }
    if by_id.is_empty() {
        return Ok(Vec::new());
    }
    macro_rules! each {
        ($sql:expr, |$r:ident, $rec:ident| $body:block) => {{
            let sql = format!($sql, IN_PAGE = IN_PAGE);
            let wants_today = sql.contains("?2");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&page);
            if wants_today {
                q = q.bind(today);
            }
            let rows = q.fetch_all(&mut *conn).await?;
            for $r in rows {
                let pid: i64 = $r.try_get("patient_id")?;
                if let Some($rec) = by_id.get_mut(&pid) $body
            }
        }};
    }
    each!(
        "SELECT patient_id, id, kind, name, relationship, cnic, phone FROM related_persons
         WHERE patient_id {IN_PAGE} ORDER BY id",
        |r, rec| {
            rec.related.push(RelatedRow {
                id: r.try_get(1)?,
                kind: r.try_get(2)?,
                name: r.try_get(3)?,
                relationship: r.try_get(4)?,
                cnic: r.try_get(5)?,
                phone: r.try_get(6)?,
            });
        }
    );
    each!(
        "SELECT a.patient_id, a.id, a.practitioner_id, s.name, s.discipline, r.name, a.starts_at, a.ends_at,
                a.status, a.cancelled_by, a.cancel_reason, a.arrived_at
         FROM appointments a JOIN services s ON s.id = a.service_id JOIN rooms r ON r.id = a.room_id
         WHERE a.patient_id {IN_PAGE} ORDER BY a.patient_id, a.starts_at, a.id",
        |r, rec| {
            let id: i64 = r.try_get(1)?;
            rec.appointments.push(AppointmentRow {
                id,
                practitioner_id: r.try_get(2)?,
                service: r.try_get(3)?,
                discipline: discipline(r.try_get(4)?, id)?,
                room: r.try_get(5)?,
                starts_at: r.try_get(6)?,
                ends_at: r.try_get(7)?,
                status: r.try_get(8)?,
                cancelled_by: r.try_get(9)?,
                cancel_reason: r.try_get(10)?,
                arrived_at: r.try_get(11)?,
            });
        }
    );
    each!(
        "SELECT patient_id, id, description, icd10, onset, status, recorded_at FROM conditions
         WHERE patient_id {IN_PAGE} ORDER BY id",
        |r, rec| {
            rec.conditions.push(ConditionRow {
                id: r.try_get(1)?,
                description: r.try_get(2)?,
                icd10: r.try_get(3)?,
                onset: r.try_get(4)?,
                status: r.try_get(5)?,
                recorded_at: r.try_get(6)?,
            });
        }
    );
    each!(
        "SELECT patient_id, id, substance, reaction, severity, status, recorded_at FROM allergies
         WHERE patient_id {IN_PAGE} ORDER BY id",
        |r, rec| {
            rec.allergies.push(AllergyRow {
                id: r.try_get(1)?,
                substance: r.try_get(2)?,
                reaction: r.try_get(3)?,
                severity: r.try_get(4)?,
                status: r.try_get(5)?,
                recorded_at: r.try_get(6)?,
            });
        }
    );
    each!(
        "SELECT patient_id, id, name, strength, dose, route, frequency, starts_on, stops_on, prescriber,
                (stops_on IS NULL OR stops_on >= ?2) AS current, recorded_at
         FROM medications WHERE patient_id {IN_PAGE} ORDER BY id",
        |r, rec| {
            rec.medications.push(MedicationRow {
                id: r.try_get(1)?,
                name: r.try_get(2)?,
                strength: r.try_get(3)?,
                dose: r.try_get(4)?,
                route: r.try_get(5)?,
                frequency: r.try_get(6)?,
                starts_on: r.try_get(7)?,
                stops_on: r.try_get(8)?,
                prescriber: r.try_get(9)?,
                current: r.try_get(10)?,
                recorded_at: r.try_get(11)?,
            });
        }
    );
    each!(
        "SELECT d.patient_id, d.id, i.name, i.generic_name, i.strength, i.form, b.batch_no, d.quantity,
                d.instructions, d.dispensed_by, d.dispensed_at
         FROM dispensings d JOIN pharmacy_items i ON i.id = d.item_id JOIN stock_batches b ON b.id = d.batch_id
         WHERE d.patient_id {IN_PAGE} ORDER BY d.id",
        |r, rec| {
            rec.dispensings.push(DispensingRow {
                id: r.try_get(1)?,
                item: r.try_get(2)?,
                generic_name: r.try_get(3)?,
                strength: r.try_get(4)?,
                form: r.try_get(5)?,
                batch_no: r.try_get(6)?,
                quantity: r.try_get(7)?,
                instructions: r.try_get(8)?,
                dispensed_by: r.try_get(9)?,
                dispensed_at: r.try_get(10)?,
            });
        }
    );
    each!(
        "SELECT patient_id, id, instrument, answers, total, band, risk, taken_on, appointment_id, recorded_by,
                recorded_at
         FROM measures WHERE patient_id {IN_PAGE} ORDER BY id",
        |r, rec| {
            let id: i64 = r.try_get(1)?;
            let instrument = Instrument::parse(r.try_get(2)?).ok_or_else(|| bad("instrument", id))?;
            let answers: &str = r.try_get(3)?;
            let (items, activities): (Vec<u8>, Vec<Activity>) = if instrument == Instrument::Psfs {
                (Vec::new(), serde_json::from_str(answers).map_err(|_| bad("answers", id))?)
            } else {
                (serde_json::from_str(answers).map_err(|_| bad("answers", id))?, Vec::new())
            };
            let band: &str = r.try_get(5)?;
            rec.measures.push(MeasureRow {
                id,
                instrument,
                items,
                activities,
                total: r.try_get(4)?,
                band: Band::parse(band),
                risk: r.try_get(6)?,
                taken_on: r.try_get(7)?,
                appointment_id: r.try_get(8)?,
                recorded_by: r.try_get(9)?,
                recorded_at: r.try_get(10)?,
            });
        }
    );
    each!(
        "SELECT patient_id, id, purpose, given_by, method, given_at, withdrawn_at FROM consents
         WHERE patient_id {IN_PAGE} ORDER BY id",
        |r, rec| {
            rec.consents.push(ConsentRow {
                id: r.try_get(1)?,
                purpose: r.try_get(2)?,
                given_by: r.try_get(3)?,
                method: r.try_get(4)?,
                given_at: r.try_get(5)?,
                withdrawn_at: r.try_get(6)?,
            });
        }
    );
    each!(
        "SELECT n.patient_id, n.id, n.discipline, n.template_id, n.author_id, n.appointment_id, n.created_at,
                n.signed_at, n.amends_id, n.amend_reason, n.content,
                (SELECT min(c.id) FROM notes c WHERE c.amends_id = n.id AND c.status = 'signed') AS amended_by
         FROM notes n WHERE n.patient_id {IN_PAGE} AND n.status = 'signed' ORDER BY n.created_at, n.id",
        |r, rec| {
            let id: i64 = r.try_get(1)?;
            let template_id: i64 = r.try_get(3)?;
            let (template, keys) = templates.get(&template_id).ok_or_else(|| bad("template", id))?;
            let content: std::collections::BTreeMap<String, String> =
                serde_json::from_str(r.try_get(10)?).map_err(|_| bad("content", id))?;
            let sections = keys
                .iter()
                .filter_map(|(k, title)| {
                    content.get(k).filter(|t| !t.trim().is_empty()).map(|t| (title.clone(), t.clone()))
                })
                .collect();
            rec.notes.push(NoteRow {
                id,
                discipline: discipline(r.try_get(2)?, id)?,
                template: template.clone(),
                author_id: r.try_get(4)?,
                appointment_id: r.try_get(5)?,
                created_at: r.try_get(6)?,
                signed_at: r.try_get(7)?,
                amends: r.try_get(8)?,
                amend_reason: r.try_get(9)?,
                amended_by: r.try_get(11)?,
                sections,
            });
        }
    );
    each!(
        "SELECT patient_id, id, title, file_name, mime, size_bytes, sha256, discipline, uploaded_by, uploaded_at
         FROM attachments WHERE patient_id {IN_PAGE} ORDER BY id",
        |r, rec| {
            let id: i64 = r.try_get(1)?;
            let d: Option<&str> = r.try_get(7)?;
            rec.attachments.push(AttachmentRow {
                id,
                title: r.try_get(2)?,
                file_name: r.try_get(3)?,
                mime: r.try_get(4)?,
                size_bytes: r.try_get(5)?,
                sha256: r.try_get(6)?,
                discipline: d.map(|d| discipline(d, id)).transpose()?,
                uploaded_by: r.try_get(8)?,
                uploaded_at: r.try_get(9)?,
            });
        }
    );
    each!(
        "SELECT i.patient_id, i.id, i.kind, i.status, i.number, i.issued_at, i.subtotal_paisa, i.discount_paisa,
                i.total_paisa, i.void_reason,
                (SELECT coalesce(sum(a.amount_paisa), 0) FROM payment_allocations a WHERE a.invoice_id = i.id)
         FROM invoices i WHERE i.patient_id {IN_PAGE} AND i.status <> 'draft' ORDER BY i.issued_at, i.id",
        |r, rec| {
            rec.invoices.push(InvoiceRow {
                id: r.try_get(1)?,
                kind: r.try_get(2)?,
                status: r.try_get(3)?,
                number: r.try_get(4)?,
                issued_at: r.try_get(5)?,
                subtotal_paisa: r.try_get(6)?,
                discount_paisa: r.try_get(7)?,
                total_paisa: r.try_get(8)?,
                void_reason: r.try_get(9)?,
                paid_paisa: r.try_get(10)?,
                lines: Vec::new(),
            });
        }
    );
    each!(
        "SELECT i.patient_id, l.id, l.invoice_id, l.position, l.description, l.quantity, l.total_paisa,
                l.appointment_id
         FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE i.patient_id {IN_PAGE} AND i.status <> 'draft' ORDER BY l.invoice_id, l.position",
        |r, rec| {
            let invoice: i64 = r.try_get(2)?;
            if let Some(inv) = rec.invoices.iter_mut().find(|i| i.id == invoice) {
                inv.lines.push(InvoiceLineRow {
                    id: r.try_get(1)?,
                    position: r.try_get(3)?,
                    description: r.try_get(4)?,
                    quantity: r.try_get(5)?,
                    total_paisa: r.try_get(6)?,
                    appointment_id: r.try_get(7)?,
                });
            }
        }
    );
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// One attachment's bytes, read when it is written into the package.
pub async fn attachment_bytes(conn: &mut SqliteConnection, id: i64) -> AppResult<Vec<u8>> {
    Ok(sqlx::query_scalar("SELECT content FROM attachments WHERE id = ?1").bind(id).fetch_one(conn).await?)
}
