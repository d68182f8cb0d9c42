//! Possible duplicates: the same phone number, or a similar name with the same birth
//! date. Reception sees them and decides; the same CNIC is refused outright.

use sqlx::SqliteConnection;

use super::clinic_today;
use super::record::{check, Checked, PatientInput};
use super::search::{findable, PatientSummary};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::AppResult;
use crate::store::Store;

/// Lower case, single spaces, no punctuation: "Ayesha  Khan." and "ayesha khan" match.
fn name_key(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c.to_lowercase().next().unwrap_or(c) } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Similar: the same words in any order, or one name's words all within the other's
/// ("Ayesha Khan" and "Ayesha Bibi Khan").
fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w))
}

pub(super) async fn candidates(
    conn: &mut SqliteConnection,
    c: &Checked,
    except: i64,
) -> AppResult<Vec<PatientSummary>> {
    // Reception registers; a restricted, erased or anonymised patient is nobody it may be shown.
    let findable = findable(false);
    let same_birth: Vec<PatientSummary> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, mrn, full_name, name_ur, birth_date, sex, phone FROM patients p
         WHERE birth_date = ?1 AND id != ?2 {findable}"
    )))
    .bind(c.birth_date.to_string())
    .bind(except)
    .fetch_all(&mut *conn)
    .await?;
    let mut found: Vec<PatientSummary> =
        same_birth.into_iter().filter(|r| similar(&r.full_name, &c.full_name)).collect();
    for phone in [&c.phone, &c.phone_alt].into_iter().flatten() {
        let same_phone: Vec<PatientSummary> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, mrn, full_name, name_ur, birth_date, sex, phone FROM patients p
             WHERE (phone_digits = ?1 OR phone_alt_digits = ?1) AND id != ?2 {findable} LIMIT 20"
        )))
        .bind(&phone.digits)
        .bind(except)
        .fetch_all(&mut *conn)
        .await?;
        for r in same_phone {
            if !found.iter().any(|f| f.id == r.id) {
                found.push(r);
            }
        }
    }
    Ok(found.into_iter().map(PatientSummary::with_age).collect())
}

/// The possible duplicates of a patient about to be registered, for reception to check
/// before saving. Audited as a read naming the patients shown (not what was typed).
pub async fn find_duplicates(
    store: &Store,
    actor: &Actor,
    input: PatientInput,
) -> AppResult<Vec<PatientSummary>> {
    actor.require(Permission::RegisterPatients)?;
    let c = check(&input, clinic_today())?;
    let found = candidates(&mut *store.pool().acquire().await?, &c, 0).await?;
    let ids: Vec<i64> = found.iter().map(|p| p.id).collect();
    let e = actor.origin().entry(AuditAction::View, "patient_duplicates", None, "duplicate check");
    store.audit_read_naming(e, &ids).await?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_names() {
        assert!(similar("Ayesha Khan", "ayesha  khan."));
        assert!(similar("Ayesha Khan", "Khan Ayesha"));
        assert!(similar("Ayesha Khan", "Ayesha Bibi Khan"));
        assert!(!similar("Ayesha Khan", "Ayesha Malik"));
        assert!(!similar("Ali Raza", "Raza Ahmed"));
    }
}
