//! Cells written to a CSV file. A spreadsheet program opening the file runs a cell that starts
//! with `=`, `+`, `-` or `@` (or a tab or carriage return before one) as a formula — a campaign
//! name from an imported export could then fetch a URL or run a command. Such a cell is written
//! with a leading apostrophe, which spreadsheets show as text; a plain number such as `-1200.50`
//! stays a number.
use std::borrow::Cow;

/// `text` as a cell no spreadsheet will run.
pub fn inert(text: &str) -> Cow<'_, str> {
    let risky = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty()
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// A field of an RFC 4180 line: inert, and quoted when it holds a separator, a quote or a
/// line break.
pub fn field(text: &str) -> String {
    let text = inert(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_spreadsheet_would_run_is_written_as_text() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert!(inert(risky).starts_with('\''), "{risky}");
        }
        for plain in [
            "双11",
            "-1200.50",
            "+86",
            "1,299.00",
            "",
            "a=b",
            "KOL @小红书",
        ] {
            assert_eq!(inert(plain), plain);
        }
        assert_eq!(field("=1+1,2"), "\"'=1+1,2\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
