//! The one search box at the front desk: any part of a name in either script, a phone
//! number in any spelling, a CNIC with or without dashes, or an MRN.

use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::{clinic_today, fields};
use crate::audit::AuditAction;
use crate::auth::{Actor, Permission};
use crate::error::{AppError, AppResult};
use crate::store::Store;

#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct PatientSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub mrn: String,
    pub full_name: String,
    pub name_ur: Option<String>,
    pub birth_date: String,
    #[sqlx(skip)]
    pub age: u32,
    pub sex: String,
    pub phone: Option<String>,
    /// Found by this guardian's CNIC or mobile number (a parent gives their own at the
    /// desk): shown as "child of …".
    #[sqlx(default)]
    pub guardian_name: Option<String>,
}

impl PatientSummary {
    pub(super) fn with_age(mut self) -> Self {
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&self.birth_date, "%Y-%m-%d") {
            self.age = fields::age_on(d, clinic_today());
        }
        self
    }
}

/// How a typed query is looked up.
#[derive(Debug, PartialEq, Eq)]
enum Query {
    Mrn(String),
    /// Digits of a phone number or CNIC, at least four.
    Digits {
        phone: String,
        cnic: String,
    },
    /// Three characters or more: "contains", through the trigram index.
    Text(String),
    /// One or two characters: names that start with them.
    Prefix(String),
}

fn classify(q: &str) -> Option<Query> {
    // A name pasted from a right-to-left chat often carries embedding marks; they are
    // never part of a stored name, so they are dropped rather than refused.
    let q = crate::validate::strip_bidi_controls(q);
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    let upper = q.to_uppercase();
    if let Some(num) = upper.strip_prefix("AH").map(|r| r.trim_start_matches(['-', ' '])) {
        if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) {
            return num.parse::<u64>().ok().map(|n| Query::Mrn(format!("AH-{n:06}")));
        }
    }
    if q.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')')) {
        let cnic: String = q.chars().filter(char::is_ascii_digit).collect();
        if cnic.len() >= 4 {
            return Some(Query::Digits { phone: fields::phone_search_digits(q), cnic });
        }
    }
    if q.chars().count() >= 3 {
        Some(Query::Text(q.to_string()))
    } else {
        Some(Query::Prefix(q.to_string()))
    }
}

/// A phrase for FTS5: quoted, with quotes doubled, so nothing typed is syntax.
fn phrase(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// The half-open range of case-folded text that starts with `prefix`: the prefix, and
/// the prefix with its last character moved one on.
fn prefix_range(prefix: &str) -> (String, String) {
    let lower = prefix.to_lowercase();
    let mut chars: Vec<char> = lower.chars().collect();
    let last = chars.pop().unwrap_or('\0');
    let next = char::from_u32(last as u32 + 1).unwrap_or(char::MAX);
    chars.push(next);
    (lower, chars.into_iter().collect())
}

/// `s` for a LIKE pattern, with its wildcards taken literally (ESCAPE '\').
fn like_escaped(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

impl Query {
    /// What the audit entry says was searched for: the kind of query, never its text.
    fn kind(&self) -> &'static str {
        match self {
            Query::Mrn(_) => "mrn",
            Query::Digits { phone, cnic } if cnic.len() == 13 && phone.len() != 12 => "cnic",
            Query::Digits { phone, .. } if phone.len() == 12 => "phone",
            Query::Digits { .. } => "phone or cnic",
            Query::Text(_) | Query::Prefix(_) => "name",
        }
    }
}

const MAX_QUERY: usize = 100;
const CANDIDATES: i64 = 300;

/// Who is left out of every search and duplicate check: erased and anonymised patients
/// (nobody to find) and, but for the privacy officer, restricted ones. Appended to a
/// query's WHERE; `p` is the patients table.
pub(super) fn findable(privacy_officer: bool) -> &'static str {
    if privacy_officer {
        " AND p.erased_at IS NULL AND p.anonymised_at IS NULL"
    } else {
        " AND p.erased_at IS NULL AND p.anonymised_at IS NULL
          AND p.id NOT IN (SELECT patient_id FROM retention_restrictions)"
    }
}

/// Finds patients as the desk types. Reception and clinicians never see a restricted
/// patient here; the privacy officer does, since she is the one who must find them to
/// answer their requests and to erase what comes due. Nobody finds an erased or
/// anonymised patient. Each search is audited: the kind of query and the ids shown.
pub async fn search(store: &Store, actor: &Actor, query: &str, limit: u32) -> AppResult<Vec<PatientSummary>> {
    actor.require(Permission::ViewPatients)?;
    if query.chars().count() > MAX_QUERY {
        return Err(AppError::validation("query", "Type at most 100 characters to search."));
    }
    let Some(q) = classify(query) else { return Ok(Vec::new()) };
    let kind = q.kind();
    // Typed a key at a time: read and audited on the desk's connection, whose cache stays warm.
    let mut read = store.audited_read().await?;
    let privacy_officer = crate::retention::is_privacy_officer(actor);
    let rows = find(read.conn(), q, i64::from(limit.clamp(1, 100)), privacy_officer).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let e = actor.origin().entry(AuditAction::View, "patient_search", None, format!("search by {kind}"));
    read.audit_naming(e, &ids).await?;
    Ok(rows.into_iter().map(PatientSummary::with_age).collect())
}

async fn find(
    conn: &mut SqliteConnection,
    q: Query,
    limit: i64,
    privacy_officer: bool,
) -> AppResult<Vec<PatientSummary>> {
    let findable = findable(privacy_officer);
    Ok(match q {
        Query::Mrn(mrn) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, mrn, full_name, name_ur, birth_date, sex, phone FROM patients p WHERE mrn = ?1 {findable}"
            )))
            .bind(mrn)
            .fetch_all(&mut *conn)
            .await?
        }
        Query::Digits { phone, cnic } if phone.len() == 12 || cnic.len() == 13 => {
            // A whole mobile number or CNIC: straight to its index.
            let cnic = (cnic.len() == 13).then(|| format!("{}-{}-{}", &cnic[..5], &cnic[5..12], &cnic[12..]));
            let mut found: Vec<PatientSummary> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id, mrn, full_name, name_ur, birth_date, sex, phone FROM patients p
                 WHERE (phone_digits = ?1 OR phone_alt_digits = ?1 OR cnic = ?2) {findable}
                 ORDER BY full_name COLLATE NOCASE LIMIT ?3"
            )))
            .bind(&phone)
            .bind(&cnic)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?;
            // Then the children whose guardian this is. A guardian's mobile is kept as it
            // is shown (`+92 300 1234567`), so the whole number finds it by index too.
            let shown = (phone.len() == 12 && phone.starts_with("923"))
                .then(|| format!("+92 {} {}", &phone[2..5], &phone[5..]));
            if (cnic.is_some() || shown.is_some()) && (found.len() as i64) < limit {
                let children: Vec<PatientSummary> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT p.id, p.mrn, p.full_name, p.name_ur, p.birth_date, p.sex, p.phone,
                            min(g.name) AS guardian_name
                     FROM related_persons g JOIN patients p ON p.id = g.patient_id
                     WHERE g.kind = 'guardian' AND (g.cnic = ?1 OR g.phone = ?2) {findable}
                     GROUP BY p.id
                     ORDER BY p.full_name COLLATE NOCASE LIMIT ?3"
                )))
                .bind(&cnic)
                .bind(&shown)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?;
                for child in children {
                    if (found.len() as i64) < limit && found.iter().all(|f| f.id != child.id) {
                        found.push(child);
                    }
                }
            }
            found
        }
        Query::Digits { phone, cnic } => {
            let mut terms = Vec::new();
            if phone.len() >= 3 {
                terms.push(format!("phones : {}", phrase(&phone)));
            }
            terms.push(format!("cnic : {}", phrase(&cnic)));
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT p.id, p.mrn, p.full_name, p.name_ur, p.birth_date, p.sex, p.phone
                 FROM (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1 LIMIT ?2) hits
                 JOIN patients p ON p.id = hits.rowid
                 WHERE 1 {findable}
                 ORDER BY p.full_name COLLATE NOCASE LIMIT ?3"
            )))
            .bind(terms.join(" OR "))
            .bind(CANDIDATES)
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
        Query::Text(text) => {
            // The first few hundred hits, ranked: whole name, then start of the name,
            // then start of a word, then anywhere; then by name.
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT p.id, p.mrn, p.full_name, p.name_ur, p.birth_date, p.sex, p.phone
                 FROM (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1 LIMIT ?2) hits
                 JOIN patients p ON p.id = hits.rowid
                 WHERE 1 {findable}
                 ORDER BY CASE
                     WHEN p.full_name = ?3 COLLATE NOCASE OR p.name_ur = ?3 THEN 0
                     WHEN p.full_name LIKE ?4 || '%' ESCAPE '\\' OR p.name_ur LIKE ?4 || '%' ESCAPE '\\' THEN 1
                     WHEN p.full_name LIKE '% ' || ?4 || '%' ESCAPE '\\' OR p.name_ur LIKE '% ' || ?4 || '%' ESCAPE '\\' THEN 2
                     ELSE 3 END,
                   p.full_name COLLATE NOCASE
                 LIMIT ?5"
            )))
            .bind(format!("{{full_name name_ur}} : {}", phrase(&text)))
            .bind(CANDIDATES)
            .bind(&text)
            .bind(like_escaped(&text))
            .bind(limit)
            .fetch_all(&mut *conn)
            .await?
        }
        Query::Prefix(text) => {
            // A range on the name index, read in order: the first twenty are the answer.
            let (lo, hi) = prefix_range(&text);
            let column = if text.chars().any(is_arabic_script) { "name_ur" } else { "full_name" };
            let sql = format!(
                "SELECT id, mrn, full_name, name_ur, birth_date, sex, phone FROM patients p
                 WHERE {column} COLLATE NOCASE >= ?1 AND {column} COLLATE NOCASE < ?2 {findable}
                 ORDER BY {column} COLLATE NOCASE LIMIT ?3"
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(lo).bind(hi).bind(limit).fetch_all(&mut *conn).await?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_read_the_way_the_desk_types_them() {
        assert_eq!(classify("  "), None);
        assert_eq!(classify("AH-000123"), Some(Query::Mrn("AH-000123".into())));
        assert_eq!(classify("ah123"), Some(Query::Mrn("AH-000123".into())));
        assert_eq!(
            classify("0300-1234567"),
            Some(Query::Digits { phone: "923001234567".into(), cnic: "03001234567".into() })
        );
        assert_eq!(
            classify("35202-1234567-1"),
            Some(Query::Digits { phone: "3520212345671".into(), cnic: "3520212345671".into() })
        );
        assert_eq!(classify("ay"), Some(Query::Prefix("ay".into())));
        assert_eq!(classify("ayes"), Some(Query::Text("ayes".into())));
        assert_eq!(classify("عائ"), Some(Query::Text("عائ".into())));
        assert_eq!(classify("\u{202B}عائ\u{202C}"), Some(Query::Text("عائ".into())));
        assert_eq!(classify("123"), Some(Query::Text("123".into())));
    }

    #[test]
    fn the_audit_names_the_kind_of_query_only() {
        let kind = |q: &str| classify(q).unwrap().kind();
        assert_eq!(kind("AH-000123"), "mrn");
        assert_eq!(kind("35202-1234567-1"), "cnic");
        assert_eq!(kind("0300-1234567"), "phone");
        assert_eq!(kind("1234567"), "phone or cnic");
        assert_eq!(kind("ay"), "name");
        assert_eq!(kind("Ayesha"), "name");
    }

    #[test]
    fn prefix_ranges() {
        assert_eq!(prefix_range("Ay"), ("ay".to_string(), "az".to_string()));
        assert_eq!(prefix_range("عا"), ("عا".to_string(), "عب".to_string()));
    }

    #[test]
    fn typed_text_never_becomes_syntax() {
        assert_eq!(phrase(r#"a" OR "b"#), r#""a"" OR ""b""#);
        assert_eq!(like_escaped("50%_off\\"), "50\\%\\_off\\\\");
    }
}
