//! An invoice's arithmetic, pure: lines (quantity × unit price), their discounts, the
//! invoice's own discount shared over the lines, tax per line on what is charged.
//! Everything is integer paisa with checked sums, so `subtotal − discount + tax =
//! total` holds to the paisa for every invoice, and every line adds up on its own.

use serde::Deserialize;
use ts_rs::TS;

use super::money::{self, Money, FULL_BP};
use crate::error::{AppError, AppResult};
use crate::validate;

/// The most units on one line.
pub const MAX_QUANTITY: i64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LineKind {
    /// A service at its price list price.
    Service,
    /// A pharmacy item at its sale price per unit.
    Item,
    /// Anything else, described and priced at the desk.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DiscountKind {
    Amount,
    Percent,
}

impl DiscountKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DiscountKind::Amount => "amount",
            DiscountKind::Percent => "percent",
        }
    }
    pub fn parse(s: &str) -> Option<DiscountKind> {
        match s {
            "amount" => Some(DiscountKind::Amount),
            "percent" => Some(DiscountKind::Percent),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct DiscountInput {
    pub kind: DiscountKind,
    /// Rupees ("500") for an amount, a percentage ("10", "12.5") for a percent.
    pub value: String,
    /// Always needed: why the discount is given.
    pub reason: String,
}

/// An extra line typed at the desk.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct LineInput {
    pub kind: LineKind,
    #[ts(type = "number | null")]
    pub service_id: Option<i64>,
    #[ts(type = "number | null")]
    pub item_id: Option<i64>,
    /// Whole units, more than 0.
    pub quantity: f64,
    /// For an `other` line: what it is.
    pub description: Option<String>,
    /// For an `other` line: rupees per unit as typed.
    pub unit_price: Option<String>,
    pub discount: Option<DiscountInput>,
}

/// A discount read and checked: `value` is paisa or basis points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discount {
    pub kind: DiscountKind,
    pub value: i64,
    pub reason: String,
}

impl Discount {
    /// Reads a discount typed at the desk; `field` is where it sits ("discount",
    /// "lines.2.discount").
    pub fn read(field: &str, d: &DiscountInput) -> AppResult<Discount> {
        let value_field = format!("{field}.value");
        let value = match d.kind {
            DiscountKind::Amount => Money::parse(&value_field, &d.value)?.paisa(),
            DiscountKind::Percent => money::parse_percent(&value_field, &d.value)?,
        };
        if value == 0 {
            return Err(AppError::validation(
                &value_field,
                "A discount must be more than 0; leave it out for none.",
            ));
        }
        let reason_field = format!("{field}.reason");
        let reason = validate::text(&reason_field, "The reason for the discount", &d.reason, 300)?;
        Ok(Discount { kind: d.kind, value, reason })
    }

    /// What it takes off `base`; never more than `base`.
    fn off(&self, base: Money, field: &str) -> AppResult<Money> {
        match self.kind {
            DiscountKind::Percent => base.share_bp(self.value, field),
            DiscountKind::Amount if self.value > base.paisa() => Err(AppError::validation(
                &format!("{field}.value"),
                format!(
                    "The discount ({}) is more than what it applies to ({}).",
                    Money(self.value).pkr(),
                    base.pkr()
                ),
            )),
            DiscountKind::Amount => Ok(Money(self.value)),
        }
    }
}

/// A line with its price settled, before the arithmetic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    pub kind: &'static str,
    pub service_id: Option<i64>,
    pub item_id: Option<i64>,
    pub appointment_id: Option<i64>,
    pub dispensing_id: Option<i64>,
    pub description: String,
    pub quantity: i64,
    pub unit: Money,
    pub tax_bp: i64,
    pub discount: Option<Discount>,
}

/// A line's amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineAmounts {
    pub gross: Money,
    pub line_discount: Money,
    pub invoice_discount: Money,
    pub tax: Money,
    pub total: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub subtotal: Money,
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
}

/// A quantity typed in a form arrives as a JSON number: whole, from 1 to `MAX_QUANTITY`.
pub fn whole_quantity(field: &str, value: f64) -> AppResult<i64> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(AppError::validation(field, "The quantity must be a whole number."));
    }
    if value < 1.0 {
        return Err(AppError::validation(field, "The quantity must be more than 0."));
    }
    if value > MAX_QUANTITY as f64 {
        return Err(AppError::validation(
            field,
            format!("The quantity can be at most {MAX_QUANTITY} on one line."),
        ));
    }
    Ok(value as i64)
}

/// The arithmetic of a whole invoice. Errors name the line's field
/// (`lines.<n>.quantity`, `lines.<n>.discount.value`) or the invoice's `discount.value`.
pub fn compute(
    lines: &[PricedLine],
    invoice_discount: Option<&Discount>,
) -> AppResult<(Vec<LineAmounts>, Totals)> {
    let mut amounts = Vec::with_capacity(lines.len());
    let mut base = Money::ZERO;
    for (i, l) in lines.iter().enumerate() {
        let gross = l.unit.times(l.quantity, &format!("lines.{i}.quantity"))?;
        let line_discount = match &l.discount {
            Some(d) => d.off(gross, &format!("lines.{i}.discount"))?,
            None => Money::ZERO,
        };
        base = base.add(gross.sub(line_discount, "discount")?, &format!("lines.{i}.quantity"))?;
        amounts.push(LineAmounts { gross, line_discount, ..LineAmounts::default() });
    }
    let whole = match invoice_discount {
        Some(d) => d.off(base, "discount")?,
        None => Money::ZERO,
    };
    share(&mut amounts, whole, base);
    let mut t = Totals::default();
    for (i, (l, a)) in lines.iter().zip(amounts.iter_mut()).enumerate() {
        let field = format!("lines.{i}.quantity");
        let charged = a.gross.sub(a.line_discount, &field)?.sub(a.invoice_discount, &field)?;
        a.tax = charged.share_bp(l.tax_bp, &field)?;
        a.total = charged.add(a.tax, &field)?;
        t.subtotal = t.subtotal.add(a.gross, &field)?;
        t.discount = t.discount.add(a.line_discount, &field)?.add(a.invoice_discount, &field)?;
        t.tax = t.tax.add(a.tax, &field)?;
        t.total = t.total.add(a.total, &field)?;
    }
    debug_assert_eq!(t.total.paisa(), t.subtotal.paisa() - t.discount.paisa() + t.tax.paisa());
    Ok((amounts, t))
}

/// Shares the invoice's discount over the lines in proportion to what each charges,
/// the paisa left by rounding down going one each to the first lines with room.
fn share(amounts: &mut [LineAmounts], whole: Money, base: Money) {
    if whole.paisa() == 0 || base.paisa() == 0 {
        return;
    }
    let mut given = 0i64;
    for a in amounts.iter_mut() {
        let net = a.gross.paisa() - a.line_discount.paisa();
        let part = (i128::from(whole.paisa()) * i128::from(net) / i128::from(base.paisa())) as i64;
        a.invoice_discount = Money(part);
        given += part;
    }
    let mut left = whole.paisa() - given;
    while left > 0 {
        for a in amounts.iter_mut() {
            if left == 0 {
                break;
            }
            if a.gross.paisa() - a.line_discount.paisa() > a.invoice_discount.paisa() {
                a.invoice_discount = Money(a.invoice_discount.paisa() + 1);
                left -= 1;
            }
        }
    }
}

/// The share of `subtotal` that `discount` is, compared with a limit in whole percent:
/// whether it is above the limit (exactly at the limit is allowed).
pub fn above_limit(discount: Money, subtotal: Money, limit_percent: u32) -> bool {
    i128::from(discount.paisa()) * i128::from(FULL_BP)
        > i128::from(subtotal.paisa()) * i128::from(limit_percent) * 100
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(unit: i64, q: i64, tax_bp: i64, discount: Option<Discount>) -> PricedLine {
        PricedLine {
            kind: "other",
            service_id: None,
            item_id: None,
            appointment_id: None,
            dispensing_id: None,
            description: "x".into(),
            quantity: q,
            unit: Money(unit),
            tax_bp,
            discount,
        }
    }

    fn pct(bp: i64) -> Discount {
        Discount { kind: DiscountKind::Percent, value: bp, reason: "loyal patient".into() }
    }

    #[test]
    fn an_invoice_discount_is_shared_to_the_paisa() {
        let lines = [line(333, 1, 0, None), line(333, 1, 1700, None), line(334, 1, 0, None)];
        let d = Discount { kind: DiscountKind::Amount, value: 100, reason: "r".into() };
        let (a, t) = compute(&lines, Some(&d)).unwrap();
        assert_eq!(a.iter().map(|x| x.invoice_discount.paisa()).sum::<i64>(), 100);
        assert_eq!(t.subtotal, Money(1000));
        assert_eq!(t.discount, Money(100));
        assert_eq!(t.total.paisa(), 1000 - 100 + t.tax.paisa());
        assert_eq!(a[1].tax, Money(((333 - a[1].invoice_discount.paisa()) * 1700 + 5000) / 10_000));
    }

    #[test]
    fn a_discount_cannot_take_more_than_the_line() {
        let d = Discount { kind: DiscountKind::Amount, value: 2000, reason: "r".into() };
        let e = compute(&[line(1000, 1, 0, Some(d))], None).unwrap_err();
        assert_eq!(e.field(), Some("lines.0.discount.value"));
        let (_, t) = compute(&[line(1000, 3, 0, Some(pct(10_000)))], None).unwrap();
        assert_eq!(t.total, Money(0));
    }

    #[test]
    fn quantities_are_whole_and_positive() {
        assert_eq!(whole_quantity("q", 3.0).unwrap(), 3);
        for bad in [0.0, -1.0, 1.5, f64::NAN, 10_001.0] {
            assert_eq!(whole_quantity("q", bad).unwrap_err().field(), Some("q"), "{bad}");
        }
    }

    #[test]
    fn the_limit_is_inclusive() {
        assert!(!above_limit(Money(1000), Money(10_000), 10));
        assert!(above_limit(Money(1001), Money(10_000), 10));
        assert!(above_limit(Money(1), Money(10_000), 0));
    }
}
