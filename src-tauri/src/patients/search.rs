//! The one search box at the front desk: any part of a name in either script, a phone
//! number in any spelling, a CNIC with or without dashes, or an MRN.

use serde::Serialize;
use ts_rs::TS;

use super::{clinic_today, fields};
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

/// `s` for a LIKE pattern, with its wildcards taken literally (ESCAPE '\').
fn like_escaped(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

const MAX_QUERY: usize = 100;
const CANDIDATES: i64 = 300;

pub async fn search(store: &Store, actor: &Actor, query: &str, limit: u32) -> AppResult<Vec<PatientSummary>> {
    actor.require(Permission::ViewPatients)?;
    if query.chars().count() > MAX_QUERY {
        return Err(AppError::validation("query", "Type at most 100 characters to search."));
    }
    let Some(q) = classify(query) else { return Ok(Vec::new()) };
    let limit = i64::from(limit.clamp(1, 100));
    let rows: Vec<PatientSummary> = match q {
        Query::Mrn(mrn) => {
            sqlx::query_as(
                "SELECT id, mrn, full_name, name_ur, birth_date, sex, phone FROM patients WHERE mrn = ?",
            )
            .bind(mrn)
            .fetch_all(store.pool())
            .await?
        }
        Query::Digits { phone, cnic } => {
            let mut terms = Vec::new();
            if phone.len() >= 3 {
                terms.push(format!("phones : {}", phrase(&phone)));
            }
            terms.push(format!("cnic : {}", phrase(&cnic)));
            sqlx::query_as(
                "SELECT p.id, p.mrn, p.full_name, p.name_ur, p.birth_date, p.sex, p.phone
                 FROM (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1 LIMIT ?2) hits
                 JOIN patients p ON p.id = hits.rowid
                 ORDER BY p.full_name COLLATE NOCASE LIMIT ?3",
            )
            .bind(terms.join(" OR "))
            .bind(CANDIDATES)
            .bind(limit)
            .fetch_all(store.pool())
            .await?
        }
        Query::Text(text) => {
            // The first few hundred hits, ranked: whole name, then start of the name,
            // then start of a word, then anywhere; then by name.
            sqlx::query_as(
                "SELECT p.id, p.mrn, p.full_name, p.name_ur, p.birth_date, p.sex, p.phone
                 FROM (SELECT rowid FROM patient_search WHERE patient_search MATCH ?1 LIMIT ?2) hits
                 JOIN patients p ON p.id = hits.rowid
                 ORDER BY CASE
                     WHEN p.full_name = ?3 COLLATE NOCASE OR p.name_ur = ?3 THEN 0
                     WHEN p.full_name LIKE ?4 || '%' ESCAPE '\\' OR p.name_ur LIKE ?4 || '%' ESCAPE '\\' THEN 1
                     WHEN p.full_name LIKE '% ' || ?4 || '%' ESCAPE '\\' OR p.name_ur LIKE '% ' || ?4 || '%' ESCAPE '\\' THEN 2
                     ELSE 3 END,
                   p.full_name COLLATE NOCASE
                 LIMIT ?5",
            )
            .bind(format!("{{full_name name_ur}} : {}", phrase(&text)))
            .bind(CANDIDATES)
            .bind(&text)
            .bind(like_escaped(&text))
            .bind(limit)
            .fetch_all(store.pool())
            .await?
        }
        Query::Prefix(text) => {
            sqlx::query_as(
                "SELECT id, mrn, full_name, name_ur, birth_date, sex, phone FROM patients
                 WHERE full_name LIKE ?1 || '%' ESCAPE '\\' OR name_ur LIKE ?1 || '%' ESCAPE '\\'
                 ORDER BY full_name COLLATE NOCASE LIMIT ?2",
            )
            .bind(like_escaped(&text))
            .bind(limit)
            .fetch_all(store.pool())
            .await?
        }
    };
    Ok(rows.into_iter().map(PatientSummary::with_age).collect())
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
        assert_eq!(classify("123"), Some(Query::Text("123".into())));
    }

    #[test]
    fn typed_text_never_becomes_syntax() {
        assert_eq!(phrase(r#"a" OR "b"#), r#""a"" OR ""b""#);
        assert_eq!(like_escaped("50%_off\\"), "50\\%\\_off\\\\");
    }
}
