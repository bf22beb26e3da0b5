//! Links to files kept elsewhere. What people paste is often a share's whole text — "链接:
//! https://pan.baidu.com/s/1abc 提取码: x7k2 复制这段内容…" or "「活动素材」https://www.alipan.com/s/…
//! 点击链接保存…" —: the address, the extraction code and the title are picked out of it, and the
//! provider is named from the address's host.
use crate::i18n::{Locale, K};

/// The longest address kept.
pub const URL_MAX: usize = 2000;
/// The longest title kept, in characters.
pub const TITLE_MAX: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedLink {
    pub url: String,
    /// A known provider's key (see [`provider_name`]), else the site's host.
    pub provider: String,
    pub code: Option<String>,
    /// The title the share's text gives (in 「」 or 《》), if any.
    pub title: Option<String>,
}

/// Known providers: a host suffix, the key stored, and the names shown.
const PROVIDERS: &[(&str, &str, &str, &str)] = &[
    ("alipan.com", "alipan", "Alibaba Cloud Drive", "阿里云盘"),
    (
        "aliyundrive.com",
        "alipan",
        "Alibaba Cloud Drive",
        "阿里云盘",
    ),
    ("pan.baidu.com", "baidu", "Baidu Netdisk", "百度网盘"),
    ("pan.quark.cn", "quark", "Quark Drive", "夸克网盘"),
    ("weiyun.com", "weiyun", "Tencent Weiyun", "腾讯微云"),
    ("docs.qq.com", "tencent_docs", "Tencent Docs", "腾讯文档"),
    ("123pan.com", "123pan", "123 Cloud Drive", "123云盘"),
    ("feishu.cn", "feishu", "Feishu", "飞书"),
    ("larksuite.com", "feishu", "Feishu", "飞书"),
    ("yuque.com", "yuque", "Yuque", "语雀"),
    ("kdocs.cn", "kdocs", "WPS Docs", "金山文档"),
    (
        "drive.google.com",
        "google_drive",
        "Google Drive",
        "Google 云端硬盘",
    ),
    (
        "docs.google.com",
        "google_drive",
        "Google Drive",
        "Google 云端硬盘",
    ),
    ("dropbox.com", "dropbox", "Dropbox", "Dropbox"),
    ("onedrive.live.com", "onedrive", "OneDrive", "OneDrive"),
    ("1drv.ms", "onedrive", "OneDrive", "OneDrive"),
    ("sharepoint.com", "onedrive", "OneDrive", "OneDrive"),
];

/// The name a provider's key is shown by; any other key is a host and shown as it is.
pub fn provider_name(key: &str, locale: Locale) -> String {
    PROVIDERS
        .iter()
        .find(|(_, k, _, _)| *k == key)
        .map(|(_, _, en, zh)| match locale {
            Locale::En => (*en).to_string(),
            Locale::Zh => (*zh).to_string(),
        })
        .unwrap_or_else(|| key.to_string())
}

/// Where an address ends in running text: at white space, or at the first character that is
/// not an address's (Chinese punctuation and text included).
fn address_end(rest: &str) -> usize {
    rest.char_indices()
        .find(|(_, c)| {
            !c.is_ascii()
                || c.is_ascii_whitespace()
                || c.is_ascii_control()
                || matches!(c, '"' | '<' | '>' | '`' | '|' | '\\' | '^' | '{' | '}')
        })
        .map_or(rest.len(), |(i, _)| i)
}

/// The host of an `http(s)://` address, lower case and without a port or credentials.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.');
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !host.starts_with('.')
        && !host.contains("..");
    ok.then(|| host.to_ascii_lowercase())
}

/// The code after one of `labels` ("提取码: x7k2", "pwd=x7k2"): 4 to 8 letters and digits.
fn code_after(text: &str, labels: &[&str]) -> Option<String> {
    labels.iter().find_map(|label| {
        let at = text.find(label)? + label.len();
        let rest = text[at..].trim_start_matches([' ', ':', '：', '=', '\u{3000}']);
        let code: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        (4..=8).contains(&code.len()).then_some(code)
    })
}

/// A title written in 「」 or 《》 in the share's text.
fn bracketed_title(text: &str) -> Option<String> {
    [('「', '」'), ('《', '》')]
        .iter()
        .find_map(|(open, close)| {
            let start = text.find(*open)? + open.len_utf8();
            let end = start + text[start..].find(*close)?;
            let title = text[start..end].trim();
            (!title.is_empty()).then(|| title.chars().take(TITLE_MAX).collect())
        })
}

/// Picks the link out of what was pasted. Refused: no `http(s)://` address in it, an address
/// with no proper host, or one too long.
pub fn parse_share(text: &str) -> Result<SharedLink, K> {
    let start = text
        .find("https://")
        .into_iter()
        .chain(text.find("http://"))
        .min()
        .ok_or(K::ErrLinkAddress)?;
    let rest = &text[start..];
    let url = rest[..address_end(rest)].trim_end_matches(['.', ',', ';', ')', '!', '?']);
    if url.len() > URL_MAX {
        return Err(K::ErrLinkTooLong);
    }
    let host = host_of(url).ok_or(K::ErrLinkAddress)?;
    let provider = PROVIDERS
        .iter()
        .find(|(suffix, ..)| host == *suffix || host.ends_with(&format!(".{suffix}")))
        .map_or_else(
            || host.trim_start_matches("www.").to_string(),
            |(_, key, ..)| (*key).to_string(),
        );
    let around = format!("{} {}", &text[..start], &text[start + url.len()..]);
    let code =
        code_after(&around, &["提取码", "访问码", "密码"]).or_else(|| code_after(url, &["pwd="]));
    Ok(SharedLink {
        url: url.to_string(),
        provider,
        code,
        title: bracketed_title(&around),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_baidu_share_gives_its_address_and_code() {
        let link = parse_share(
            "链接: https://pan.baidu.com/s/1AbC-dEf_9 提取码: x7k2 复制这段内容后打开百度网盘手机App，操作更方便哦",
        )
        .unwrap();
        assert_eq!(link.url, "https://pan.baidu.com/s/1AbC-dEf_9");
        assert_eq!(link.provider, "baidu");
        assert_eq!(link.code.as_deref(), Some("x7k2"));
        assert_eq!(provider_name(&link.provider, Locale::Zh), "百度网盘");
        let with_pwd = parse_share("https://pan.baidu.com/s/1xyz?pwd=ab12").unwrap();
        assert_eq!(with_pwd.code.as_deref(), Some("ab12"));
    }

    #[test]
    fn an_aliyun_share_gives_its_title() {
        let link = parse_share(
            "「双十一主视觉」https://www.alipan.com/s/Fx2kYtq 点击链接保存，或者复制本段内容，打开「阿里云盘」APP",
        )
        .unwrap();
        assert_eq!(link.url, "https://www.alipan.com/s/Fx2kYtq");
        assert_eq!(link.provider, "alipan");
        assert_eq!(link.title.as_deref(), Some("双十一主视觉"));
        assert_eq!(link.code, None);
        assert_eq!(
            provider_name("alipan", Locale::En),
            "Alibaba Cloud Drive".to_string()
        );
    }

    #[test]
    fn any_address_is_kept_under_its_host() {
        let link = parse_share("see https://www.example.com/brief.pdf.").unwrap();
        assert_eq!(link.url, "https://www.example.com/brief.pdf");
        assert_eq!(link.provider, "example.com");
        assert_eq!(provider_name("example.com", Locale::Zh), "example.com");
    }

    #[test]
    fn what_is_not_an_address_is_refused() {
        assert_eq!(parse_share("pan.baidu.com/s/1"), Err(K::ErrLinkAddress));
        assert_eq!(parse_share("javascript:alert(1)"), Err(K::ErrLinkAddress));
        assert_eq!(parse_share("https://"), Err(K::ErrLinkAddress));
        assert_eq!(parse_share("https://a..b/x"), Err(K::ErrLinkAddress));
        let long = format!("https://example.com/{}", "a".repeat(URL_MAX));
        assert_eq!(parse_share(&long), Err(K::ErrLinkTooLong));
    }

    #[test]
    fn hosts_drop_credentials_and_ports() {
        assert_eq!(
            host_of("https://user:pw@Example.COM:8443/x").as_deref(),
            Some("example.com")
        );
    }
}
