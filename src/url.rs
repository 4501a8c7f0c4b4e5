//! Percent-encoding of URL query values, shared by `api` and the pages that keep their
//! filters in the URL.

/// Percent-encodes a query value: its UTF-8 bytes, with RFC 3986's unreserved characters
/// (and any byte in `keep`) left as they are.
pub fn encode_query_value_keeping(v: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || keep.contains(&b)
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes a query value; only RFC 3986's unreserved characters stay.
pub fn encode_query_value(v: &str) -> String {
    encode_query_value_keeping(v, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_stay_the_rest_is_encoded() {
        assert_eq!(encode_query_value("a-Z_0.~"), "a-Z_0.~");
        assert_eq!(encode_query_value("a b&c=d,e"), "a%20b%26c%3Dd%2Ce");
        assert_eq!(encode_query_value("я"), "%D1%8F");
        assert_eq!(encode_query_value_keeping("a,b c", b","), "a,b%20c");
    }
}
