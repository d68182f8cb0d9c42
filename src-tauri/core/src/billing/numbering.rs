//! Document numbers without gaps per series and year: `INV-2026-000123`,
//! `CN-2026-000001`. The next number is taken inside the transaction that issues the
//! document, so a failed issue gives its number back (the transaction rolls back) and
//! two desks issuing at once get consecutive numbers (the store has one writer).

use sqlx::SqliteConnection;

use crate::error::AppResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Invoice,
    CreditNote,
}

impl Series {
    pub fn prefix(self) -> &'static str {
        match self {
            Series::Invoice => "INV",
            Series::CreditNote => "CN",
        }
    }
}

/// Takes the next number of `series` in `year`. Call only inside the write transaction
/// that stores the document with it.
pub async fn next(conn: &mut SqliteConnection, series: Series, year: i32) -> AppResult<String> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO document_numbers (series, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (series, year) DO UPDATE SET last = last + 1
         RETURNING last",
    )
    .bind(series.prefix())
    .bind(year)
    .fetch_one(conn)
    .await?;
    Ok(format(series, year, n))
}

pub fn format(series: Series, year: i32, n: i64) -> String {
    format!("{}-{year}-{n:06}", series.prefix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_zero_padded_per_series() {
        assert_eq!(format(Series::Invoice, 2026, 123), "INV-2026-000123");
        assert_eq!(format(Series::CreditNote, 2026, 1), "CN-2026-000001");
    }
}
