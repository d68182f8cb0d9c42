//! Our own structural checks of what we export, beside the independent validator run
//! by the tests: every entry has a unique `urn:uuid:` full URL matching its id, and
//! every reference anywhere in a resource resolves inside the export.

use std::collections::HashSet;

use serde_json::Value;

fn references<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                match (k.as_str(), child) {
                    ("reference", Value::String(r)) => out.push(r),
                    _ => references(child, out),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|c| references(c, out)),
        _ => {}
    }
}

/// What is wrong with a Bundle's entries and references, one sentence each; empty
/// when every reference resolves.
pub fn bundle_problems(bundle: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(entries) = bundle["entry"].as_array() else {
        return vec!["the bundle has no entries".into()];
    };
    let mut urls = HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        let url = e["fullUrl"].as_str().unwrap_or_default();
        let id = e["resource"]["id"].as_str().unwrap_or_default();
        if url != format!("urn:uuid:{id}") || id.len() != 36 {
            problems.push(format!("entry {i}: fullUrl {url:?} is not urn:uuid: of its id {id:?}"));
        }
        if !urls.insert(url) {
            problems.push(format!("entry {i}: fullUrl {url} appears twice"));
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let mut refs = Vec::new();
        references(&e["resource"], &mut refs);
        for r in refs.into_iter().filter(|r| !urls.contains(r)) {
            problems.push(format!(
                "entry {i} ({}): reference {r} does not resolve",
                e["resource"]["resourceType"]
            ));
        }
    }
    problems
}

/// The same for bulk resources, which refer to each other as `Type/id`.
pub fn bulk_problems<'v>(resources: impl IntoIterator<Item = &'v Value> + Clone) -> Vec<String> {
    let known: HashSet<String> = resources
        .clone()
        .into_iter()
        .map(|r| {
            format!(
                "{}/{}",
                r["resourceType"].as_str().unwrap_or_default(),
                r["id"].as_str().unwrap_or_default()
            )
        })
        .collect();
    let mut problems = Vec::new();
    for r in resources {
        let mut refs = Vec::new();
        references(r, &mut refs);
        problems.extend(
            refs.into_iter().filter(|x| !known.contains(*x)).map(|x| format!("{x} does not resolve")),
        );
    }
    problems
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_dangling_or_mismatched_reference_is_reported() {
        let id = "0b7d4a4e-1111-4b8e-9d5e-000000000001";
        let good = json!({ "entry": [{ "fullUrl": format!("urn:uuid:{id}"),
            "resource": { "resourceType": "Patient", "id": id, "link": [{ "other": { "reference": format!("urn:uuid:{id}") } }] } }] });
        assert!(bundle_problems(&good).is_empty(), "{:?}", bundle_problems(&good));
        let mut bad = good.clone();
        bad["entry"][0]["resource"]["link"][0]["other"]["reference"] = json!("urn:uuid:elsewhere");
        assert_eq!(bundle_problems(&bad).len(), 1);
        bad["entry"][0]["fullUrl"] = json!("Patient/1");
        assert_eq!(bundle_problems(&bad).len(), 2);
    }
}
