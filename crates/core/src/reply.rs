//! Replies to the customer from a service's templates (`Service::reply_templates`): the
//! placeholders a template may use and filling them in for one ticket.

/// The placeholders a reply template may hold: the ticket number, its address and its SLA
/// deadline.
pub const PLACEHOLDERS: [&str; 3] = ["ticket", "address", "deadline"];

/// What fills a template's placeholders for one ticket (already formatted for the reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyValues<'a> {
    /// `{ticket}`: the ticket number, e.g. `№ 1234`.
    pub ticket: &'a str,
    /// `{address}`: the ticket's address.
    pub address: &'a str,
    /// `{deadline}`: the SLA deadline, as the customer reads it.
    pub deadline: &'a str,
}

/// The placeholders of `text`, in order of appearance (each `{name}` with a name of letters,
/// digits and `_`, in any script), whether known or not.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    out.push(name);
                    rest = &after[end + 1..];
                } else {
                    rest = after;
                }
            }
            None => break,
        }
    }
    out
}

/// The placeholders of `text` that are not among [`PLACEHOLDERS`].
pub fn unknown_placeholders(text: &str) -> Vec<&str> {
    placeholders(text)
        .into_iter()
        .filter(|p| !PLACEHOLDERS.contains(p))
        .collect()
}

/// `text` with every known placeholder replaced by its value; anything else is left as
/// written.
pub fn fill(text: &str, values: ReplyValues<'_>) -> String {
    text.replace("{ticket}", values.ticket)
        .replace("{address}", values.address)
        .replace("{deadline}", values.deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: ReplyValues<'static> = ReplyValues {
        ticket: "№ 42",
        address: "ул. Ленина, 1",
        deadline: "8 декабря 12:00",
    };

    #[test]
    fn fills_every_known_placeholder_and_keeps_the_rest() {
        assert_eq!(
            fill(
                "Обращение {ticket} по адресу {address} решим до {deadline}. {ticket}!",
                VALUES
            ),
            "Обращение № 42 по адресу ул. Ленина, 1 решим до 8 декабря 12:00. № 42!"
        );
        assert_eq!(fill("{name} {}", VALUES), "{name} {}");
        assert_eq!(fill("no placeholders", VALUES), "no placeholders");
    }

    #[test]
    fn finds_placeholders_and_the_unknown_ones() {
        assert_eq!(
            placeholders("a {ticket} b {Номер} {x y} {due_date} {} {"),
            vec!["ticket", "Номер", "due_date"]
        );
        assert_eq!(unknown_placeholders("{ticket} {adress}"), vec!["adress"]);
        assert!(unknown_placeholders("{ticket}, {address}, {deadline}").is_empty());
    }
}
