//! Invoice numbers have no gaps and no duplicates, with two desks issuing at once and
//! with an issue that fails half-way.

use std::collections::BTreeSet;

use alhayat::auth::Role;
use alhayat::billing::{self, DiscountKind};
use chrono::Datelike;

use super::*;
use crate::support::{actor, add_staff};

#[tokio::test]
async fn two_desks_issuing_at_once_get_every_number_once_in_order() {
    let t = team().await;
    let s = &t.d.f.store;
    let second = add_staff(s, "hira", "Hira Batool", &[Role::Reception]).await;
    let desks = [t.reception.clone(), actor(second, &[Role::Reception])];
    const EACH: usize = 15;
    let mut drafts = [Vec::new(), Vec::new()];
    for (d, list) in drafts.iter_mut().enumerate() {
        for i in 0..EACH {
            let p = t.d.patients[(d + i) % 3];
            let input = lines_only(p, vec![other("Exercise band", "150", 1.0)]);
            list.push(billing::create_invoice(s, &desks[d], input).await.unwrap().id);
        }
    }
    // A draft the administrator gave a large discount: the desk may not issue it, and
    // the refused issue takes no number.
    let mut big = lines_only(t.patient, vec![other("Exercise band", "150", 1.0)]);
    big.discount = Some(discount(DiscountKind::Percent, "50"));
    let approved_later = billing::create_invoice(s, &t.admin, big).await.unwrap().id;

    let issue_all = |desk: usize| {
        let (s, who, ids) = (s, desks[desk].clone(), drafts[desk].clone());
        async move {
            let mut numbers = Vec::new();
            for (i, id) in ids.into_iter().enumerate() {
                if desk == 0 && i == 5 {
                    let e = billing::issue_invoice(s, &who, approved_later).await.unwrap_err();
                    assert_eq!(e.field(), Some("discount"));
                }
                numbers.push(billing::issue_invoice(s, &who, id).await.unwrap().number.unwrap());
                tokio::task::yield_now().await;
            }
            numbers
        }
    };
    let (a, b) = tokio::join!(issue_all(0), issue_all(1));
    let year = alhayat::patients::clinic_today().year();
    let all: BTreeSet<String> = a.iter().chain(&b).cloned().collect();
    assert_eq!(all.len(), 2 * EACH, "no number given twice");
    let expected: BTreeSet<String> = (1..=2 * EACH).map(|n| format!("INV-{year}-{n:06}")).collect();
    assert_eq!(all, expected, "no gaps");
    // Each desk's own numbers rise.
    for mine in [&a, &b] {
        assert!(mine.windows(2).all(|w| w[0] < w[1]), "{mine:?}");
    }
    let last = billing::issue_invoice(s, &t.admin, approved_later).await.unwrap();
    assert_eq!(last.number, Some(format!("INV-{year}-{:06}", 2 * EACH + 1)));
}
