//! Reminder messages: a template with `{placeholders}`, filled per appointment.

/// The placeholders a template may use, in the order the settings screen lists them.
pub const PLACEHOLDERS: [&str; 7] =
    ["name", "clinic", "date", "time", "practitioner", "room", "clinic_phone"];

/// What one reminder says, before it is put into words.
#[derive(Debug, Clone)]
pub struct Values<'a> {
    pub name: &'a str,
    pub clinic: &'a str,
    pub date: &'a str,
    pub time: &'a str,
    pub practitioner: &'a str,
    pub room: &'a str,
    pub clinic_phone: &'a str,
}

impl Values<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        Some(match key {
            "name" => self.name,
            "clinic" => self.clinic,
            "date" => self.date,
            "time" => self.time,
            "practitioner" => self.practitioner,
            "room" => self.room,
            "clinic_phone" => self.clinic_phone,
            _ => return None,
        })
    }
}

/// The `{words}` of a template that are not placeholders, for the settings form.
pub fn unknown_placeholders(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let key = &after[..close];
        if !PLACEHOLDERS.contains(&key) && !out.iter().any(|k| k == key) {
            out.push(key.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

/// Puts the values in. Anything between braces that is not a placeholder stays as typed.
pub fn fill(body: &str, v: &Values<'_>) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| v.get(&after[..close]).map(|val| (close, val))) {
            Some((close, val)) => {
                out.push_str(val);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values<'static> {
        Values {
            name: "Ayesha Khan",
            clinic: "Al-Hayat",
            date: "Tuesday 8 December",
            time: "10:00",
            practitioner: "Dr. Bilal Ahmed",
            room: "Therapy room 1",
            clinic_phone: "+92 300 1010592",
        }
    }

    #[test]
    fn placeholders_are_filled_and_the_rest_is_kept() {
        assert_eq!(
            fill("Dear {name}, {date} at {time} ({room}) {unknown} {", &values()),
            "Dear Ayesha Khan, Tuesday 8 December at 10:00 (Therapy room 1) {unknown} {"
        );
        assert_eq!(fill("{name}{name}", &values()), "Ayesha KhanAyesha Khan");
        let ur = fill("{name}، {date} کو {time} بجے", &Values { name: "عائشہ خان", ..values() });
        assert_eq!(ur, "عائشہ خان، Tuesday 8 December کو 10:00 بجے");
    }

    #[test]
    fn unknown_placeholders_are_found_once() {
        assert_eq!(unknown_placeholders("{name} {nmae} {nmae} {clinic_phone}"), vec!["nmae".to_string()]);
        assert!(unknown_placeholders("no braces, or an open { only").is_empty());
    }
}
