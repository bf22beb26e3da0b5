//! Website events and CRM conversions: where a visit came from (its UTM source, else the site
//! that referred it), which requests are obvious robots, the funnel from a view to an order with
//! the share of visitors that went on at each step, and conversions credited to the channels
//! that brought the buyer — all to the first touch, all to the last, or shared equally.
//! Pure: the server reads and writes the events.
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ingest::{money_error_key, parse_channel, parse_day};
use super::money::{parse_amount, Currency};
use crate::i18n::K;
use crate::model::values::{AttributionModel, Channel, ConversionKind, EventKind};

/// The funnel's steps in order.
pub const STEPS: [EventKind; 5] = [
    EventKind::View,
    EventKind::Click,
    EventKind::Stay,
    EventKind::Cart,
    EventKind::Order,
];

/// A stay shorter than this is a bounce, not a step of the funnel.
pub const STAY_MIN_MS: i64 = 10_000;

/// The longest text kept of a UTM parameter, a path or an id.
pub const TEXT_MAX: usize = 200;

/// Sites whose links bring visitors from a channel, by the end of their host name.
const REFERRERS: &[(&str, Channel)] = &[
    ("douyin.com", Channel::Douyin),
    ("iesdouyin.com", Channel::Douyin),
    ("toutiao.com", Channel::Douyin),
    ("kuaishou.com", Channel::Kuaishou),
    ("weixin.qq.com", Channel::Wechat),
    ("wechat.com", Channel::Wechat),
    ("weibo.com", Channel::Weibo),
    ("weibo.cn", Channel::Weibo),
    ("xiaohongshu.com", Channel::Xiaohongshu),
    ("xhslink.com", Channel::Xiaohongshu),
    ("bilibili.com", Channel::Bilibili),
    ("b23.tv", Channel::Bilibili),
    ("baidu.com", Channel::Baidu),
    ("tmall.com", Channel::Tmall),
    ("taobao.com", Channel::Tmall),
    ("jd.com", Channel::Jd),
];

/// The names UTM sources go by beyond the channels' own names.
const SOURCES: &[(&str, Channel)] = &[
    ("toutiao", Channel::Douyin),
    ("ocean", Channel::Douyin),
    ("ks", Channel::Kuaishou),
    ("weixin", Channel::Wechat),
    ("wx", Channel::Wechat),
    ("gdt", Channel::Wechat),
    ("xhs", Channel::Xiaohongshu),
    ("red", Channel::Xiaohongshu),
    ("bili", Channel::Bilibili),
    ("taobao", Channel::Tmall),
];

/// The host of a referring address (`https://www.douyin.com/video/1` is `www.douyin.com`).
pub fn host_of(referrer: &str) -> &str {
    let rest = referrer
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(referrer);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    host.split(':').next().unwrap_or(host)
}

/// The channel a visit came from: its UTM source when it has one (a source Marquee does not
/// know is "other"), else the referring site when that is a channel's, else none (a direct visit
/// or one from the site itself).
pub fn channel_of(utm_source: &str, referrer: &str, own_host: &str) -> Option<Channel> {
    let source = utm_source.trim();
    if !source.is_empty() {
        let lower = source.to_lowercase();
        return Some(
            parse_channel(source)
                .or_else(|| SOURCES.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c))
                .unwrap_or(Channel::Other),
        );
    }
    let host = host_of(referrer.trim()).to_lowercase();
    if host.is_empty() || host.eq_ignore_ascii_case(own_host) {
        return None;
    }
    REFERRERS
        .iter()
        .find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
        .map(|(_, c)| *c)
}

/// Whether a user agent is an obvious robot: none at all, a crawler, a headless browser or an
/// HTTP library.
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.trim().to_ascii_lowercase();
    if ua.is_empty() {
        return true;
    }
    const MARKS: &[&str] = &[
        "bot",
        "spider",
        "crawl",
        "slurp",
        "headless",
        "phantomjs",
        "lighthouse",
        "curl/",
        "wget/",
        "python-requests",
        "python-urllib",
        "go-http-client",
        "java/",
        "okhttp",
        "libwww",
        "httpclient",
        "scrapy",
        "preview",
    ];
    MARKS.iter().any(|m| ua.contains(m))
}

/// A visitor id as the snippet makes it: 8 to 64 letters, digits, `-` or `_`.
pub fn valid_visitor(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Text cut to [`TEXT_MAX`] characters, without control characters.
pub fn clean(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(TEXT_MAX)
        .collect()
}

/// A moment as CRM systems send it: RFC 3339 (`2026-11-03T10:15:00+08:00`, its day the day
/// where it happened), or a day alone (midnight UTC). Between 2000 and 2100.
pub fn parse_moment(text: &str) -> Option<(DateTime<Utc>, NaiveDate)> {
    let t = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        let day = at.date_naive();
        return (2000..=2100)
            .contains(&day.year())
            .then_some((at.with_timezone(&Utc), day));
    }
    if t.len() > 10 {
        // A time without a zone would be read as UTC and could land on the wrong day.
        return None;
    }
    let day = parse_day(t)?;
    Some((day.and_hms_opt(0, 0, 0)?.and_utc(), day))
}

/// A conversion reported by a CRM, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    pub kind: ConversionKind,
    pub external_id: String,
    pub occurred_at: DateTime<Utc>,
    pub day: NaiveDate,
    pub channel: Option<Channel>,
    pub campaign: String,
    pub utm: Utm,
    pub visitor_id: String,
    /// Minor units of the project's currency.
    pub value: i64,
}

/// The UTM parameters of a link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utm {
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub medium: String,
    #[serde(default)]
    pub campaign: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub term: String,
}

impl Utm {
    pub fn cleaned(&self) -> Utm {
        Utm {
            source: clean(&self.source),
            medium: clean(&self.medium),
            campaign: clean(&self.campaign),
            content: clean(&self.content),
            term: clean(&self.term),
        }
    }
}

/// A conversion as sent, every field text (numbers are written out by the caller).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConversionText {
    pub kind: String,
    pub id: String,
    pub occurred_at: String,
    pub value: String,
    pub channel: String,
    pub campaign: String,
    pub utm: Utm,
    pub visitor_id: String,
}

/// Why a field of something sent was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: &'static str,
    pub key: K,
}

/// Reads a conversion, or every reason it cannot be taken. The channel is the one named, else
/// the UTM source's.
pub fn read_conversion(
    text: &ConversionText,
    currency: Currency,
) -> Result<Conversion, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut problem = |field: &'static str, key: K| problems.push(FieldProblem { field, key });
    let kind = ConversionKind::parse(text.kind.trim());
    if kind.is_none() {
        problem(
            "kind",
            if text.kind.trim().is_empty() {
                K::ErrRequired
            } else {
                K::ErrConversionKind
            },
        );
    }
    let external_id = clean(&text.id);
    if external_id.is_empty() {
        problem("id", K::ErrRequired);
    }
    let moment = parse_moment(&text.occurred_at);
    if moment.is_none() {
        problem(
            "occurred_at",
            if text.occurred_at.trim().is_empty() {
                K::ErrRequired
            } else {
                K::ErrDate
            },
        );
    }
    let value = match text.value.trim() {
        "" => Ok(0),
        v => parse_amount(v, currency).and_then(|v| {
            if v < 0 {
                Err(super::money::MoneyError::Negative)
            } else {
                Ok(v)
            }
        }),
    };
    let value = match value {
        Ok(v) => v,
        Err(e) => {
            problem("value", money_error_key(e));
            0
        }
    };
    let utm = text.utm.cleaned();
    let channel = match text.channel.trim() {
        "" => channel_of(&utm.source, "", ""),
        named => {
            let found = parse_channel(named);
            if found.is_none() {
                problem("channel", K::ErrUnknownChannel);
            }
            found
        }
    };
    let visitor_id = text.visitor_id.trim().to_string();
    if !visitor_id.is_empty() && !valid_visitor(&visitor_id) {
        problem("visitor_id", K::ErrVisitorId);
    }
    match (kind, moment) {
        (Some(kind), Some((occurred_at, day))) if problems.is_empty() => Ok(Conversion {
            kind,
            external_id,
            occurred_at,
            day,
            channel,
            campaign: clean(&text.campaign),
            utm,
            visitor_id,
            value,
        }),
        _ => Err(problems),
    }
}

/// Visitors reaching each step of [`STEPS`], each counted at a step only after the steps
/// before it, in the order they happened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Funnel {
    pub reached: [i64; 5],
    /// The visitor being walked, and how far they have come.
    current: Option<(String, usize)>,
}

impl Funnel {
    /// Takes the next event, visitor by visitor and in time order within each visitor. A stay
    /// counts only when it lasted [`STAY_MIN_MS`].
    pub fn push(&mut self, visitor: &str, kind: EventKind, dwell_ms: i64) {
        if self.current.as_ref().is_none_or(|(v, _)| v != visitor) {
            self.finish();
            self.current = Some((visitor.to_string(), 0));
        }
        let Some((_, stage)) = self.current.as_mut() else {
            return;
        };
        if *stage < STEPS.len()
            && STEPS[*stage] == kind
            && (kind != EventKind::Stay || dwell_ms >= STAY_MIN_MS)
        {
            *stage += 1;
        }
    }

    fn finish(&mut self) {
        if let Some((_, stage)) = self.current.take() {
            for reached in &mut self.reached[..stage] {
                *reached += 1;
            }
        }
    }

    /// The visitors at each step.
    pub fn counts(mut self) -> [i64; 5] {
        self.finish();
        self.reached
    }
}

/// The share of the step before that reached this step, in per cent; the first step has none.
pub fn step_rates(counts: &[i64]) -> Vec<Option<f64>> {
    counts
        .iter()
        .enumerate()
        .map(|(i, &n)| match i {
            0 => None,
            _ if counts[i - 1] > 0 => Some(n as f64 * 100.0 / counts[i - 1] as f64),
            _ => None,
        })
        .collect()
}

/// Conversions and their value credited to the channels that brought them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Credit {
    /// `None`: no touch known (a direct visit, or a conversion that names no source).
    pub channel: Option<Channel>,
    pub conversions: f64,
    /// Minor units.
    pub value: f64,
}

/// Credit for conversions by channel under one model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attribution {
    pub credits: Vec<Credit>,
}

impl Attribution {
    /// Credits one conversion of `value` to `touches` (the channels that brought the buyer, in
    /// time order) under `model`: all to the first, all to the last, or shared equally. With
    /// no touch it goes to "unknown"; the credits of one conversion always add up to one.
    pub fn add(&mut self, touches: &[Channel], value: i64, model: AttributionModel) {
        let value = value as f64;
        match (model, touches) {
            (_, []) => self.credit(None, 1.0, value),
            (AttributionModel::FirstTouch, [first, ..]) => self.credit(Some(*first), 1.0, value),
            (AttributionModel::LastTouch, [.., last]) => self.credit(Some(*last), 1.0, value),
            (AttributionModel::Linear, all) => {
                let share = 1.0 / all.len() as f64;
                for c in all {
                    self.credit(Some(*c), share, value * share);
                }
            }
        }
    }

    fn credit(&mut self, channel: Option<Channel>, conversions: f64, value: f64) {
        match self.credits.iter_mut().find(|c| c.channel == channel) {
            Some(c) => {
                c.conversions += conversions;
                c.value += value;
            }
            None => self.credits.push(Credit {
                channel,
                conversions,
                value,
            }),
        }
    }

    /// The credits, most conversions first.
    pub fn ranked(mut self) -> Vec<Credit> {
        self.credits.sort_by(|a, b| {
            b.conversions
                .total_cmp(&a.conversions)
                .then(b.value.total_cmp(&a.value))
        });
        self.credits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_come_from_their_source_else_their_referrer() {
        assert_eq!(channel_of("douyin", "", ""), Some(Channel::Douyin));
        assert_eq!(channel_of("抖音", "", ""), Some(Channel::Douyin));
        assert_eq!(channel_of("XHS", "", ""), Some(Channel::Xiaohongshu));
        assert_eq!(channel_of("newsletter", "", ""), Some(Channel::Other));
        assert_eq!(
            channel_of("", "https://www.douyin.com/video/7", "shop.example.cn"),
            Some(Channel::Douyin)
        );
        assert_eq!(
            channel_of("", "https://m.weibo.cn/status/1", "shop.example.cn"),
            Some(Channel::Weibo)
        );
        // Its own pages and unknown sites are no channel; a look-alike host is not the site.
        assert_eq!(
            channel_of("", "https://shop.example.cn/cart", "shop.example.cn"),
            None
        );
        assert_eq!(channel_of("", "https://notdouyin.com/", "x"), None);
        assert_eq!(channel_of("", "", "x"), None);
    }

    #[test]
    fn robots_are_told_from_browsers() {
        for ua in [
            "",
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "Mozilla/5.0 (compatible; Googlebot/2.1)",
            "curl/8.5.0",
            "python-requests/2.31",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0",
        ] {
            assert!(is_bot(ua), "{ua}");
        }
        assert!(!is_bot(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0"
        ));
    }

    #[test]
    fn moments_keep_the_day_where_they_happened() {
        let (at, day) = parse_moment("2026-11-03T01:15:00+08:00").unwrap();
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 3).unwrap());
        assert_eq!(at.to_rfc3339(), "2026-11-02T17:15:00+00:00");
        assert_eq!(
            parse_moment("2026/11/3").unwrap().1,
            NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()
        );
        assert!(parse_moment("2026-11-03 10:00").is_none());
        assert!(parse_moment("2026-02-30").is_none());
        assert!(parse_moment("1999-12-31T00:00:00Z").is_none());
    }

    fn text(kind: &str, id: &str, at: &str, value: &str) -> ConversionText {
        ConversionText {
            kind: kind.into(),
            id: id.into(),
            occurred_at: at.into(),
            value: value.into(),
            ..Default::default()
        }
    }

    #[test]
    fn conversions_are_read_or_refused_with_every_reason() {
        let mut t = text("order", "SO-1", "2026-11-03", "1,299.50");
        t.utm.source = "xhs".into();
        let c = read_conversion(&t, Currency::Cny).unwrap();
        assert_eq!(c.value, 129_950);
        assert_eq!(c.channel, Some(Channel::Xiaohongshu));
        let mut t = text("order", "SO-2", "2026-11-03", "1.2万");
        t.channel = "快手".into();
        let c = read_conversion(&t, Currency::Cny).unwrap();
        assert_eq!((c.value, c.channel), (1_200_000, Some(Channel::Kuaishou)));

        let mut bad = text("sale", "", "2026-13-01", "-5");
        bad.channel = "myspace".into();
        bad.visitor_id = "x".into();
        let fields: Vec<&str> = read_conversion(&bad, Currency::Cny)
            .unwrap_err()
            .iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            [
                "kind",
                "id",
                "occurred_at",
                "value",
                "channel",
                "visitor_id"
            ]
        );
    }

    #[test]
    fn the_funnel_counts_steps_only_in_order() {
        let mut f = Funnel::default();
        // a: the whole way.
        for kind in STEPS {
            f.push("a", kind, 30_000);
        }
        // b: viewed and clicked, stayed five seconds, then put in the cart: a bounce stops it.
        f.push("b", EventKind::View, 0);
        f.push("b", EventKind::Click, 0);
        f.push("b", EventKind::Stay, 5_000);
        f.push("b", EventKind::Cart, 0);
        // c: an order without a view first is not a funnel.
        f.push("c", EventKind::Order, 0);
        f.push("c", EventKind::View, 0);
        assert_eq!(f.counts(), [3, 2, 1, 1, 1]);
        assert_eq!(
            step_rates(&[200, 50, 0, 0, 0]),
            vec![None, Some(25.0), Some(0.0), None, None]
        );
    }

    #[test]
    fn each_conversion_is_credited_once_whatever_the_model() {
        let touches = [Channel::Douyin, Channel::Wechat, Channel::Douyin];
        for model in AttributionModel::ALL.iter().copied() {
            let mut a = Attribution::default();
            a.add(&touches, 300, model);
            a.add(&[], 100, model);
            let credits = a.ranked();
            let total: f64 = credits.iter().map(|c| c.conversions).sum();
            let value: f64 = credits.iter().map(|c| c.value).sum();
            assert!((total - 2.0).abs() < 1e-9 && (value - 400.0).abs() < 1e-9);
        }
        let mut first = Attribution::default();
        first.add(&touches, 300, AttributionModel::FirstTouch);
        assert_eq!(first.credits[0].channel, Some(Channel::Douyin));
        let mut last = Attribution::default();
        last.add(
            &[Channel::Douyin, Channel::Wechat],
            300,
            AttributionModel::LastTouch,
        );
        assert_eq!(last.credits[0].channel, Some(Channel::Wechat));
        let linear = {
            let mut a = Attribution::default();
            a.add(&touches, 300, AttributionModel::Linear);
            a.ranked()
        };
        assert_eq!(linear[0].channel, Some(Channel::Douyin));
        assert!((linear[0].conversions - 2.0 / 3.0).abs() < 1e-9);
        assert!((linear[1].value - 100.0).abs() < 1e-9);
    }
}
