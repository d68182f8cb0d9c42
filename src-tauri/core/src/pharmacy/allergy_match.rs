//! Whether an allergy, recorded in free text, concerns a medicine. A warning is asked
//! for rather than missed: a needless warning costs the pharmacist a typed reason, a
//! missed one can cost the patient far more. The rule, on lower-cased words (runs of
//! letters and digits):
//!
//! 1. **The same words.** The allergy's words appear, in order and whole, in the
//!    item's name or generic name, or the other way round: "penicillin" and
//!    "Penicillin V"; "amoxicillin" and an allergy to "Amoxicillin with clavulanate".
//! 2. **One word inside another.** A word of five letters or more of one lies inside
//!    a word of the other: "penicillin" in "phenoxymethylpenicillin", "codeine" in
//!    "dihydrocodeine".
//! 3. **One family.** Both name a member of a family whose members cross-react, or
//!    the family itself: penicillins (…cillin, co-amoxiclav), cephalosporins
//!    (cef…, ceph…), sulfonamides (sulfa…, co-trimoxazole), NSAIDs (aspirin, ibuprofen,
//!    diclofenac, mefenamic acid …). So an allergy to "penicillin" stops amoxicillin.
//!
//! Words that many unrelated medicines share — salts, forms, "acid", "and" — never
//! match on their own: an allergy to "clavulanic acid" does not stop "folic acid".
//! This is a safety net for what is written in the record, not a drug-interaction
//! database: it knows only the families above.

const COMMON: &[&str] = &[
    "acid",
    "and",
    "with",
    "plus",
    "forte",
    "extra",
    "oral",
    "topical",
    "sodium",
    "potassium",
    "calcium",
    "magnesium",
    "hydrochloride",
    "hcl",
    "chloride",
    "sulfate",
    "sulphate",
    "phosphate",
    "citrate",
    "acetate",
    "maleate",
    "tartrate",
    "succinate",
    "fumarate",
    "bromide",
    "mesylate",
    "besylate",
    "tablet",
    "tablets",
    "capsule",
    "capsules",
    "syrup",
    "suspension",
    "cream",
    "ointment",
    "injection",
    "drops",
    "solution",
    "extended",
    "release",
    "mg",
    "ml",
    "allergy",
    "allergic",
    "drug",
    "drugs",
    "medicine",
    "medicines",
];

struct Family {
    /// Words that name the family itself.
    names: &'static [&'static str],
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    members: &'static [&'static str],
}

const FAMILIES: &[Family] = &[
    Family { names: &["penicillins"], prefixes: &[], suffixes: &["cillin"], members: &["amoxiclav"] },
    Family {
        names: &["cephalosporin", "cephalosporins"],
        prefixes: &["cef", "ceph"],
        suffixes: &[],
        members: &[],
    },
    Family {
        names: &["sulfa", "sulpha", "sulfonamide", "sulfonamides", "sulphonamide", "sulphonamides"],
        prefixes: &["sulfa", "sulpha"],
        suffixes: &[],
        members: &["trimoxazole"],
    },
    Family {
        names: &["nsaid", "nsaids"],
        prefixes: &[],
        suffixes: &[],
        members: &[
            "aspirin",
            "acetylsalicylic",
            "ibuprofen",
            "diclofenac",
            "naproxen",
            "mefenamic",
            "ketorolac",
            "piroxicam",
            "meloxicam",
            "indomethacin",
            "celecoxib",
            "etoricoxib",
            "ketoprofen",
            "nimesulide",
        ],
    },
];

impl Family {
    fn has(&self, word: &str) -> bool {
        self.names.contains(&word)
            || self.members.contains(&word)
            || self.prefixes.iter().any(|p| word.starts_with(p))
            || self.suffixes.iter().any(|s| word.ends_with(s))
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

fn significant(word: &str) -> bool {
    !COMMON.contains(&word) && !word.chars().all(|c| c.is_ascii_digit())
}

/// `needle` appears whole, in order, in `hay`; a needle of common words only counts
/// when it is all of `hay`.
fn phrase_in(needle: &[String], hay: &[String]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    if !needle.iter().any(|w| significant(w)) {
        return needle == hay;
    }
    hay.windows(needle.len()).any(|w| w == needle)
}

fn word_inside(a: &[String], b: &[String]) -> bool {
    let long = |w: &&String| w.chars().count() >= 5 && significant(w);
    a.iter()
        .filter(long)
        .any(|x| b.iter().filter(long).any(|y| x.contains(y.as_str()) || y.contains(x.as_str())))
}

fn same_family(a: &[String], b: &[String]) -> bool {
    FAMILIES.iter().any(|f| a.iter().any(|w| f.has(w)) && b.iter().any(|w| f.has(w)))
}

/// Whether an allergy to `substance` concerns the item sold as `name`, of `generic_name`.
pub fn concerns(substance: &str, name: &str, generic_name: &str) -> bool {
    let allergy = words(substance);
    [name, generic_name].into_iter().map(words).any(|drug| {
        phrase_in(&allergy, &drug)
            || phrase_in(&drug, &allergy)
            || word_inside(&allergy, &drug)
            || same_family(&allergy, &drug)
    })
}

#[cfg(test)]
mod tests {
    use super::concerns;

    #[test]
    fn allergies_that_concern_a_medicine() {
        let warned = [
            ("penicillin", "Penicillin V", "phenoxymethylpenicillin"),
            ("Penicillin", "Calpen", "phenoxymethylpenicillin"),
            ("Amoxicillin", "Amoxil", "amoxicillin"),
            ("AMOXICILLIN", "Amoxil", "Amoxicillin trihydrate"),
            ("penicillin", "Amoxil", "amoxicillin"),
            ("Penicillins (all)", "Augmentin", "co-amoxiclav"),
            ("amoxicillin", "Penicillin V", "phenoxymethylpenicillin"),
            ("Amoxicillin with clavulanate", "Amoxil", "amoxicillin"),
            ("Codeine", "DHC Continus", "dihydrocodeine"),
            ("Sulfa drugs", "Septran", "co-trimoxazole"),
            ("sulphonamides", "Septran DS", "sulfamethoxazole and trimethoprim"),
            ("Cephalosporins", "Velosef", "cefradine"),
            ("NSAIDs", "Brufen", "ibuprofen"),
            ("Aspirin", "Ponstan", "mefenamic acid"),
            ("diclofenac", "Voltral", "diclofenac sodium"),
            ("Egg", "Egg lecithin cream", "egg lecithin"),
        ];
        for (allergy, name, generic) in warned {
            assert!(concerns(allergy, name, generic), "{allergy} / {name} ({generic})");
        }
    }

    #[test]
    fn allergies_that_do_not() {
        let quiet = [
            ("Penicillin", "Panadol", "paracetamol"),
            ("Clavulanic acid", "Folic acid", "folic acid"),
            ("Sodium", "Voltral", "diclofenac sodium"),
            ("Latex", "Panadol", "paracetamol"),
            ("Ibuprofen", "Panadol", "paracetamol"),
            ("Peanuts", "Risek", "omeprazole"),
            ("Penicillin", "Ceporex", "cephalexin"),
            ("", "Panadol", "paracetamol"),
        ];
        for (allergy, name, generic) in quiet {
            assert!(!concerns(allergy, name, generic), "{allergy} / {name} ({generic})");
        }
    }
}
