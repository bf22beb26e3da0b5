//! @mentions: which people a comment names, and who the one being typed may be.
//!
//! A mention is written `@username` (the picker inserts it); it counts where the `@` starts a
//! word, so an e-mail address is not a mention. The picker finds people by username, by any
//! part of their name, and by the first letters of their name's pinyin (`zw` finds 张伟).
use crate::model::MentionCandidate;

fn username_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Every mention in `text`: where it starts (its `@`), where it ends, and the username as
/// written.
pub fn spans(text: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts_word = previous.is_none_or(|p| !username_char(p) && p != '@');
        previous = Some(c);
        if c != '@' || !starts_word {
            continue;
        }
        let rest = &text[at + 1..];
        let len = rest.find(|c: char| !username_char(c)).unwrap_or(rest.len());
        // A full stop after a name ends the sentence, not the name.
        let name = rest[..len].trim_end_matches(['.', '-']);
        if !name.is_empty() {
            found.push((at, at + 1 + name.len(), name));
        }
    }
    found
}

/// The usernames `text` mentions, lower case, each once, in order.
pub fn mentioned(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (_, _, name) in spans(text) {
        let name = name.to_ascii_lowercase();
        if !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// The mention being typed when the caret is at byte `caret` of `text`: where its `@` is and
/// what follows it so far. `None` when the caret is not in one.
pub fn typing_at(text: &str, caret: usize) -> Option<(usize, String)> {
    let before = text.get(..caret)?;
    let at = before.rfind('@')?;
    let query = &before[at + 1..];
    if query.chars().any(char::is_whitespace) || query.chars().count() > 32 {
        return None;
    }
    let starts_word = before[..at]
        .chars()
        .next_back()
        .is_none_or(|p| !username_char(p));
    starts_word.then(|| (at, query.to_string()))
}

/// How well `candidate` matches what was typed: `None` not at all, lower is better.
pub fn rank(candidate: &MentionCandidate, query: &str) -> Option<u8> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Some(3);
    }
    let name = candidate.display_name.to_lowercase();
    if candidate.username.starts_with(&query) || name.starts_with(&query) {
        Some(0)
    } else if candidate.initials.starts_with(&query) {
        Some(1)
    } else if name.contains(&query) || candidate.username.contains(&query) {
        Some(2)
    } else {
        None
    }
}

/// The candidates matching what was typed, best first, at most `limit`.
pub fn suggest<'a>(
    candidates: &'a [MentionCandidate],
    query: &str,
    limit: usize,
) -> Vec<&'a MentionCandidate> {
    let mut found: Vec<(u8, &MentionCandidate)> = candidates
        .iter()
        .filter_map(|c| rank(c, query).map(|r| (r, c)))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.display_name.cmp(&b.1.display_name)));
    found.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// `text` with the mention at byte `at` (its `@`) up to `caret` replaced by `@username `;
/// the new text and where the caret goes.
pub fn complete(text: &str, at: usize, caret: usize, username: &str) -> (String, usize) {
    let inserted = format!("@{username} ");
    let mut out = String::with_capacity(text.len() + inserted.len());
    out.push_str(&text[..at]);
    out.push_str(&inserted);
    let caret_after = out.len();
    out.push_str(text.get(caret..).unwrap_or(""));
    (out, caret_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, username: &str, initials: &str) -> MentionCandidate {
        MentionCandidate {
            id: 1,
            display_name: name.into(),
            username: username.into(),
            initials: initials.into(),
        }
    }

    #[test]
    fn mentions_start_a_word_and_end_with_the_name() {
        assert_eq!(
            mentioned("@zhangwei 请看一下，@li.na. 还有 @ZhangWei 和 ops@corp.com"),
            vec!["zhangwei", "li.na"]
        );
        assert_eq!(mentioned("（@wang）"), vec!["wang"]);
        assert!(mentioned("@ 空 @@x a@b").is_empty());
        assert!(mentioned("mail me at a@b.com").is_empty());
    }

    #[test]
    fn the_mention_being_typed_is_found_before_the_caret() {
        let text = "请 @zw 看";
        let caret = text.find(" 看").unwrap();
        assert_eq!(
            typing_at(text, caret),
            Some((text.find('@').unwrap(), "zw".into()))
        );
        assert_eq!(typing_at("a@b", 3), None);
        assert_eq!(typing_at("@li na", 6), None);
        assert_eq!(typing_at("@", 1), Some((0, String::new())));
    }

    #[test]
    fn pinyin_initials_username_and_name_all_find_a_person() {
        let people = vec![
            person("张伟", "zhangwei", "zw"),
            person("李娜", "lina", "ln"),
            person("Wang Fang", "wfang", "wangfang"),
        ];
        let names = |q: &str| -> Vec<String> {
            suggest(&people, q, 5)
                .iter()
                .map(|c| c.display_name.clone())
                .collect()
        };
        assert_eq!(names("zw"), vec!["张伟"]);
        assert_eq!(names("张"), vec!["张伟"]);
        assert_eq!(names("lin"), vec!["李娜"]);
        assert_eq!(names("fang"), vec!["Wang Fang"]);
        assert_eq!(names("").len(), 3);
        assert!(names("xyz").is_empty());
    }

    #[test]
    fn completing_replaces_what_was_typed() {
        let text = "hi @zw tomorrow";
        let at = text.find('@').unwrap();
        let (done, caret) = complete(text, at, at + 3, "zhangwei");
        assert_eq!(done, "hi @zhangwei  tomorrow");
        assert_eq!(&done[..caret], "hi @zhangwei ");
    }
}
