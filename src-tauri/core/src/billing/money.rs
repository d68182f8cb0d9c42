//! Money as integer paisa (1 PKR = 100 paisa), read from what a receptionist types and
//! written back as PKR. Every sum is checked: an amount too large to hold is refused as
//! a plain validation error on the field it came from, never a wrap or a panic.

use crate::error::{AppError, AppResult};

/// The most one amount, line or document may come to: PKR 1 arab (100 crore). Far
/// above any clinic bill, far below where sums of many of them could overflow an `i64`.
pub const MAX_PAISA: i64 = 100_000_000_000;

/// Percentages are kept in basis points: 100 % = 10,000.
pub const FULL_BP: i64 = 10_000;

/// An amount of money in paisa. Never negative once parsed from the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub i64);

fn too_large(field: &str) -> AppError {
    AppError::validation(field, "This amount is too large. Check the figure and enter it in rupees.")
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn paisa(self) -> i64 {
        self.0
    }

    /// Reads "1500", "1,500", "1500.5", "1500.50", "Rs 1,500", "PKR 1500": rupees with
    /// at most two decimals. Refuses a minus sign, fractions of a paisa (0.001), letters
    /// and amounts above `MAX_PAISA`, naming `field`.
    pub fn parse(field: &str, typed: &str) -> AppResult<Money> {
        let t = typed.trim();
        let t = ["PKR", "Rs.", "Rs", "pkr", "rs.", "rs"]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .unwrap_or(t)
            .trim();
        if t.is_empty() {
            return Err(AppError::validation(
                field,
                "Enter an amount in rupees, for example 1,500 or 1500.50.",
            ));
        }
        if t.starts_with('-') {
            return Err(AppError::validation(field, "The amount cannot be negative."));
        }
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t, ""),
        };
        // Thousands ("150,000") or lakhs ("1,50,000"), the last group always three digits:
        // "1,00" is refused rather than read as a hundred when one rupee was meant.
        let groups: Vec<&str> = whole.split(',').collect();
        let grouped_ok = groups.iter().enumerate().all(|(i, g)| {
            let size_ok = i == 0 || g.len() == 3 || (g.len() == 2 && i + 1 < groups.len());
            !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()) && size_ok
        });
        if !grouped_ok || !frac.chars().all(|c| c.is_ascii_digit()) || (t.contains('.') && frac.is_empty()) {
            return Err(AppError::validation(
                field,
                "Enter the amount in rupees using digits only, for example 1,500 or 1500.50.",
            ));
        }
        if frac.len() > 2 {
            return Err(AppError::validation(
                field,
                "An amount can have at most two decimals (paisa); 0.001 rupees cannot be charged or paid.",
            ));
        }
        let digits: String = whole.chars().filter(|c| *c != ',').collect();
        let digits = digits.trim_start_matches('0');
        if digits.len() > 12 {
            return Err(too_large(field));
        }
        let rupees: i64 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| too_large(field))? };
        let paisa_part: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().unwrap_or(0) * 10,
            _ => frac.parse::<i64>().unwrap_or(0),
        };
        let total = rupees
            .checked_mul(100)
            .and_then(|r| r.checked_add(paisa_part))
            .ok_or_else(|| too_large(field))?;
        if total > MAX_PAISA {
            return Err(too_large(field));
        }
        Ok(Money(total))
    }

    /// `parse`, and more than zero.
    pub fn parse_positive(field: &str, typed: &str) -> AppResult<Money> {
        let m = Money::parse(field, typed)?;
        if m.0 == 0 {
            return Err(AppError::validation(field, "The amount must be more than 0."));
        }
        Ok(m)
    }

    pub fn add(self, other: Money, field: &str) -> AppResult<Money> {
        checked(self.0.checked_add(other.0), field)
    }

    pub fn sub(self, other: Money, field: &str) -> AppResult<Money> {
        checked(self.0.checked_sub(other.0), field)
    }

    pub fn times(self, quantity: i64, field: &str) -> AppResult<Money> {
        checked(self.0.checked_mul(quantity), field)
    }

    /// `bp` basis points of this amount, rounded half up to the paisa.
    pub fn share_bp(self, bp: i64, field: &str) -> AppResult<Money> {
        let v = i128::from(self.0) * i128::from(bp);
        let rounded = (v + i128::from(FULL_BP / 2)).div_euclid(i128::from(FULL_BP));
        checked(i64::try_from(rounded).ok(), field)
    }

    /// "PKR 1,500.00"; a negative amount as "-PKR 1,500.00".
    pub fn pkr(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (rupees, paisa) = (abs / 100, abs % 100);
        let digits = rupees.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}PKR {grouped}.{paisa:02}")
    }
}

fn checked(v: Option<i64>, field: &str) -> AppResult<Money> {
    match v {
        Some(x) if x.abs() <= MAX_PAISA => Ok(Money(x)),
        _ => Err(too_large(field)),
    }
}

/// Reads a percentage as typed ("10", "12.5", "12.50 %") into basis points, from 0 to
/// 100 % (a discount refuses 0 itself; a tax rate of 0 means none).
pub fn parse_percent(field: &str, typed: &str) -> AppResult<i64> {
    let t = typed.trim().trim_end_matches('%').trim();
    let bad = || AppError::validation(field, "Enter the percentage as a number, for example 10 or 12.5.");
    if t.starts_with('-') {
        return Err(AppError::validation(field, "The percentage cannot be negative."));
    }
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || (t.contains('.') && frac.is_empty())
    {
        return Err(bad());
    }
    if frac.len() > 2 {
        return Err(AppError::validation(field, "A percentage can have at most two decimals."));
    }
    if whole.len() > 4 {
        return Err(AppError::validation(field, "A percentage cannot be more than 100 %."));
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
        _ => frac.parse().map_err(|_| bad())?,
    };
    let bp = w * 100 + f;
    if bp > FULL_BP {
        return Err(AppError::validation(field, "A percentage cannot be more than 100 %."));
    }
    Ok(bp)
}

/// Basis points as a percentage for people: 1250 → "12.5".
pub fn percent_text(bp: i64) -> String {
    let s = format!("{}.{:02}", bp / 100, bp % 100);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_desk_types_is_read_to_the_paisa() {
        for (typed, paisa) in [
            ("1500", 150_000),
            ("1,500", 150_000),
            ("1500.50", 150_050),
            ("1500.5", 150_050),
            ("1,50,000", 15_000_000),
            ("Rs 1,500", 150_000),
            ("PKR 2,500.75", 250_075),
            ("0.01", 1),
            ("  700 ", 70_000),
            ("0", 0),
        ] {
            assert_eq!(Money::parse("amount", typed).unwrap(), Money(paisa), "{typed}");
        }
    }

    #[test]
    fn what_cannot_be_money_is_refused_naming_the_field() {
        for (typed, says) in [
            ("0.001", "two decimals"),
            ("-5", "negative"),
            ("abc", "digits"),
            ("1.2.3", "digits"),
            ("1,5,00", "digits"),
            ("1,00", "digits"),
            ("1,50,00", "digits"),
            ("12.", "digits"),
            ("", "Enter an amount"),
            ("99999999999999999999", "too large"),
            ("1000000001", "too large"),
            ("1\u{202E}500", "digits"),
        ] {
            let e = Money::parse("amount", typed).unwrap_err();
            assert_eq!(e.field(), Some("amount"), "{typed}");
            assert!(e.to_string().contains(says), "{typed}: {e}");
        }
        let e = Money::parse_positive("amount", "0").unwrap_err();
        assert!(e.to_string().contains("more than 0"), "{e}");
    }

    #[test]
    fn sums_that_overflow_are_refused_not_wrapped() {
        let e = Money(i64::MAX).add(Money(1), "total").unwrap_err();
        assert_eq!(e.field(), Some("total"));
        assert!(Money(MAX_PAISA).times(i64::MAX, "quantity").is_err());
        assert_eq!(Money(150_000).times(3, "quantity").unwrap(), Money(450_000));
    }

    #[test]
    fn shares_round_half_up_to_the_paisa() {
        assert_eq!(Money(10_001).share_bp(5_000, "x").unwrap(), Money(5_001));
        assert_eq!(Money(999).share_bp(1_700, "x").unwrap(), Money(170));
        assert_eq!(Money(100).share_bp(FULL_BP, "x").unwrap(), Money(100));
    }

    #[test]
    fn amounts_are_shown_as_pkr() {
        assert_eq!(Money(150_050).pkr(), "PKR 1,500.50");
        assert_eq!(Money(123_456_789).pkr(), "PKR 1,234,567.89");
        assert_eq!(Money(5).pkr(), "PKR 0.05");
        assert_eq!(Money(-100).pkr(), "-PKR 1.00");
    }

    #[test]
    fn percentages_are_basis_points_up_to_a_hundred() {
        assert_eq!(parse_percent("p", "10").unwrap(), 1000);
        assert_eq!(parse_percent("p", "12.5 %").unwrap(), 1250);
        assert_eq!(parse_percent("p", "100").unwrap(), 10_000);
        assert_eq!(percent_text(1250), "12.5");
        assert_eq!(percent_text(1000), "10");
        for bad in ["100.01", "150", "-5", "x", "1.234", "99999"] {
            assert_eq!(parse_percent("p", bad).unwrap_err().field(), Some("p"), "{bad}");
        }
    }
}
