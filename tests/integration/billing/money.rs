//! Invoice arithmetic over many random invoices: lines − discounts + tax = total to
//! the paisa, every line on its own and every invoice as a whole, with no drift; once
//! in memory against a reference computed here, once through the store.

use alhayat::billing::lines::{self, Discount, PricedLine};
use alhayat::billing::{self, DiscountInput, DiscountKind, LineInput, Money, PaymentMethod};

use super::*;

/// xorshift64*: small, deterministic, good enough to spread test cases.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

const TAXES: [i64; 5] = [0, 0, 500, 1600, 1700];

fn half_up(v: i128, bp: i128) -> i128 {
    (v * bp + 5_000).div_euclid(10_000)
}

struct Case {
    lines: Vec<PricedLine>,
    discount: Option<Discount>,
}

fn random_discount(r: &mut Rng, base: i64) -> Option<Discount> {
    match r.below(4) {
        0 if base > 0 => {
            Some(Discount { kind: DiscountKind::Amount, value: 1 + r.below(base as u64), reason: "r".into() })
        }
        1 => Some(Discount { kind: DiscountKind::Percent, value: 1 + r.below(10_000), reason: "r".into() }),
        _ => None,
    }
}

fn random_case(r: &mut Rng) -> Case {
    let n = 1 + r.below(8) as usize;
    let mut lines = Vec::with_capacity(n);
    let mut base = 0;
    for _ in 0..n {
        let unit = r.below(500_001);
        let quantity = 1 + r.below(20);
        let gross = unit * quantity;
        let discount = random_discount(r, gross);
        base += gross - off(&discount, i128::from(gross)) as i64;
        lines.push(PricedLine {
            kind: "other",
            service_id: None,
            item_id: None,
            appointment_id: None,
            dispensing_id: None,
            description: "x".into(),
            quantity,
            unit: Money(unit),
            tax_bp: TAXES[r.below(5) as usize],
            discount,
        });
    }
    let discount = random_discount(r, base / 2);
    Case { lines, discount }
}

fn off(d: &Option<Discount>, base: i128) -> i128 {
    match d {
        None => 0,
        Some(d) if d.kind == DiscountKind::Amount => i128::from(d.value),
        Some(d) => half_up(base, i128::from(d.value)),
    }
}

#[test]
fn ten_thousand_random_invoices_add_up_to_the_paisa() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut grand_lines, mut grand_totals) = (0i128, 0i128);
    for case_no in 0..10_000 {
        let c = random_case(&mut r);
        let (amounts, totals) = lines::compute(&c.lines, c.discount.as_ref()).unwrap();
        // The reference, in i128 and written independently of the service.
        let nets: Vec<i128> = c
            .lines
            .iter()
            .map(|l| {
                let gross = i128::from(l.unit.paisa()) * i128::from(l.quantity);
                gross - off(&l.discount, gross)
            })
            .collect();
        let base: i128 = nets.iter().sum();
        let whole = off(&c.discount, base);
        let shared: i128 = amounts.iter().map(|a| i128::from(a.invoice_discount.paisa())).sum();
        assert_eq!(shared, whole, "case {case_no}: the invoice's discount is shared whole");
        let (mut sub, mut disc, mut tax, mut total) = (0i128, 0i128, 0i128, 0i128);
        for ((l, a), net) in c.lines.iter().zip(&amounts).zip(&nets) {
            let gross = i128::from(l.unit.paisa()) * i128::from(l.quantity);
            assert_eq!(i128::from(a.gross.paisa()), gross, "case {case_no}");
            assert_eq!(i128::from(a.line_discount.paisa()), gross - net, "case {case_no}");
            let share = i128::from(a.invoice_discount.paisa());
            assert!(share <= *net, "case {case_no}: a line's share is more than it charges");
            if base > 0 {
                // In proportion to what the line charges, give or take the paisa of rounding.
                let exact_floor = whole * net / base;
                assert!((share - exact_floor).abs() <= 1, "case {case_no}: {share} vs {exact_floor}");
            }
            let charged = net - share;
            let line_tax = half_up(charged, i128::from(l.tax_bp));
            assert_eq!(i128::from(a.tax.paisa()), line_tax, "case {case_no}");
            assert_eq!(i128::from(a.total.paisa()), charged + line_tax, "case {case_no}");
            sub += gross;
            disc += gross - net + share;
            tax += line_tax;
            total += charged + line_tax;
        }
        assert_eq!(i128::from(totals.subtotal.paisa()), sub, "case {case_no}");
        assert_eq!(i128::from(totals.discount.paisa()), disc, "case {case_no}");
        assert_eq!(i128::from(totals.tax.paisa()), tax, "case {case_no}");
        assert_eq!(i128::from(totals.total.paisa()), total, "case {case_no}");
        assert_eq!(total, sub - disc + tax, "case {case_no}");
        grand_lines += amounts.iter().map(|a| i128::from(a.total.paisa())).sum::<i128>();
        grand_totals += i128::from(totals.total.paisa());
    }
    assert_eq!(grand_lines, grand_totals, "no drift over all invoices");
}

fn typed(paisa: i64) -> String {
    format!("{}.{:02}", paisa / 100, paisa % 100)
}

fn typed_discount(d: &Discount) -> DiscountInput {
    DiscountInput { kind: d.kind, value: typed(d.value), reason: "Loyal patient".into() }
}

#[tokio::test]
async fn random_invoices_through_the_store_keep_their_sums_and_the_balance() {
    let t = team().await;
    let s = &t.d.f.store;
    let mut r = Rng(42);
    let (mut billed, mut paid_total) = (0i64, 0i64);
    for _ in 0..150 {
        let c = random_case(&mut r);
        let input_lines: Vec<LineInput> = c
            .lines
            .iter()
            .map(|l| LineInput {
                discount: l.discount.as_ref().map(typed_discount),
                ..other("Consumables", &typed(l.unit.paisa()), l.quantity as f64)
            })
            .collect();
        let mut input = lines_only(t.patient, input_lines);
        input.discount = c.discount.as_ref().map(typed_discount);
        // The administrator, so any discount is allowed; tax is none on typed lines.
        let draft = billing::create_invoice(s, &t.admin, input).await.unwrap();
        let untaxed: Vec<PricedLine> =
            c.lines.iter().map(|l| PricedLine { tax_bp: 0, ..l.clone() }).collect();
        let (_, expected) = lines::compute(&untaxed, c.discount.as_ref()).unwrap();
        assert_eq!(draft.total_paisa, expected.total.paisa());
        let inv = billing::issue_invoice(s, &t.admin, draft.id).await.unwrap();
        billed += inv.total_paisa;
        let part_paid = r.below(inv.total_paisa.max(1) as u64 + 1);
        if part_paid > 0 {
            billing::take_payment(
                s,
                &t.reception,
                pay(t.patient, None, vec![part(PaymentMethod::Card, &typed(part_paid))]),
            )
            .await
            .unwrap();
            paid_total += part_paid;
        }
    }
    let broken: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM invoices i WHERE total_paisa <> subtotal_paisa - discount_paisa + tax_paisa
            OR total_paisa <> (SELECT sum(total_paisa) FROM invoice_lines l WHERE l.invoice_id = i.id)
            OR subtotal_paisa <> (SELECT sum(gross_paisa) FROM invoice_lines l WHERE l.invoice_id = i.id)
            OR discount_paisa <> (SELECT sum(line_discount_paisa + invoice_discount_paisa) FROM invoice_lines l WHERE l.invoice_id = i.id)",
    )
    .fetch_one(s.pool())
    .await
    .unwrap();
    assert_eq!(broken, 0);
    let account = billing::patient_account(s, &t.reception, t.patient).await.unwrap();
    // Payments first fill older invoices; what is over became credit.
    assert_eq!(account.balance_paisa - account.credit_paisa, billed - paid_total);
}
