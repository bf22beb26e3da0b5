//! Channel data from ad-platform report exports, as rows of text: the header row matched to
//! Marquee's fields — out of the box for Ocean Engine (巨量引擎), Kuaishou (磁力引擎) and Tencent
//! Ads (腾讯广告), or by the columns a person picked —, and each row read into one day's metrics
//! of one campaign, ad, region and audience on one channel, or refused with every reason.
//! Pure: the bytes, their encoding and the file format are the server's business.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::money::{parse_amount, plain_decimal, scaled, signed, Currency, MoneyError};
use crate::i18n::K;
use crate::model::values::Channel;

/// What a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Date,
    Channel,
    Campaign,
    Ad,
    Region,
    Audience,
    Spend,
    Impressions,
    Clicks,
    Conversions,
    Revenue,
}

impl Field {
    /// The field's name in the API (`date`, `spend`…), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Channel => "channel",
            Field::Campaign => "campaign",
            Field::Ad => "ad",
            Field::Region => "region",
            Field::Audience => "audience",
            Field::Spend => "spend",
            Field::Impressions => "impressions",
            Field::Clicks => "clicks",
            Field::Conversions => "conversions",
            Field::Revenue => "revenue",
        }
    }

    pub const ALL: [Field; 11] = [
        Field::Date,
        Field::Channel,
        Field::Campaign,
        Field::Ad,
        Field::Region,
        Field::Audience,
        Field::Spend,
        Field::Impressions,
        Field::Clicks,
        Field::Conversions,
        Field::Revenue,
    ];

    /// The headers this field goes by in the platforms' exports and in English sheets, compared
    /// without spaces, case or a unit in brackets ("花费(元)" is "花费").
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Date => &[
                "日期",
                "时间",
                "数据日期",
                "统计日期",
                "统计时间",
                "date",
                "day",
            ],
            Field::Channel => &[
                "渠道",
                "媒体",
                "平台",
                "投放平台",
                "channel",
                "platform",
                "media",
            ],
            Field::Campaign => &[
                "广告计划",
                "计划名称",
                "广告计划名称",
                "推广计划",
                "推广计划名称",
                "项目名称",
                "项目",
                "广告组",
                "广告组名称",
                "campaign",
                "campaignname",
            ],
            Field::Ad => &[
                "广告创意",
                "创意名称",
                "创意",
                "广告名称",
                "广告",
                "素材名称",
                "ad",
                "adname",
                "creative",
            ],
            Field::Region => &["地域", "省份", "城市", "地区", "region", "province", "city"],
            Field::Audience => &[
                "人群",
                "人群包",
                "定向人群",
                "受众",
                "年龄",
                "性别",
                "audience",
                "segment",
            ],
            Field::Spend => &[
                "消耗",
                "花费",
                "总花费",
                "消耗金额",
                "花费金额",
                "cost",
                "spend",
                "amountspent",
            ],
            Field::Impressions => &[
                "展示数",
                "展示次数",
                "展示",
                "曝光数",
                "曝光量",
                "曝光次数",
                "封面曝光数",
                "素材曝光数",
                "展现数",
                "展现量",
                "impressions",
                "impr",
            ],
            Field::Clicks => &[
                "点击数",
                "点击次数",
                "点击量",
                "点击",
                "行为数",
                "素材点击数",
                "clicks",
            ],
            Field::Conversions => &[
                "转化数",
                "转化量",
                "目标转化量",
                "目标转化数",
                "转化次数",
                "激活数",
                "conversions",
                "conv",
            ],
            Field::Revenue => &[
                "成交金额",
                "gmv",
                "销售额",
                "收入",
                "订单金额",
                "直接成交金额",
                "revenue",
                "sales",
            ],
        }
    }

    pub fn label(self) -> K {
        match self {
            Field::Date => K::FieldDate,
            Field::Channel => K::FieldChannel,
            Field::Campaign => K::FieldCampaign,
            Field::Ad => K::FieldAd,
            Field::Region => K::FieldRegion,
            Field::Audience => K::FieldAudience,
            Field::Spend => K::FieldSpend,
            Field::Impressions => K::FieldImpressions,
            Field::Clicks => K::FieldClicks,
            Field::Conversions => K::FieldConversions,
            Field::Revenue => K::FieldRevenue,
        }
    }

    /// Where the field is a sum of the day (and so adds up across rows).
    pub fn is_metric(self) -> bool {
        matches!(
            self,
            Field::Spend | Field::Impressions | Field::Clicks | Field::Conversions | Field::Revenue
        )
    }
}

/// The platforms whose exports are read without a mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// 巨量引擎: Douyin, Toutiao.
    OceanEngine,
    /// 磁力引擎: Kuaishou.
    Kuaishou,
    /// 腾讯广告: WeChat Moments, Channels, QQ.
    TencentAds,
}

impl Platform {
    pub const ALL: [Platform; 3] = [
        Platform::OceanEngine,
        Platform::Kuaishou,
        Platform::TencentAds,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::OceanEngine => "ocean_engine",
            Platform::Kuaishou => "kuaishou",
            Platform::TencentAds => "tencent_ads",
        }
    }

    pub fn parse(text: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == text)
    }

    pub fn label(self) -> K {
        match self {
            Platform::OceanEngine => K::PlatformOceanEngine,
            Platform::Kuaishou => K::PlatformKuaishou,
            Platform::TencentAds => K::PlatformTencentAds,
        }
    }

    /// The channel an export of this platform is about, when it has no channel column.
    pub fn channel(self) -> Channel {
        match self {
            Platform::OceanEngine => Channel::Douyin,
            Platform::Kuaishou => Channel::Kuaishou,
            Platform::TencentAds => Channel::Wechat,
        }
    }

    /// Headers only this platform writes, one set per shape of its exports (any one set
    /// tells them apart): Ocean Engine's by campaign (广告计划), its older ones by ad group,
    /// plan and creative (广告组 / 计划 / 创意) and its newer by project and ad (项目 / 广告);
    /// Kuaishou's with cover impressions and actions, or material impressions; Tencent Ads'
    /// by promotion plan (推广计划), or by ad with exposures counted in 曝光次数.
    fn marks(self) -> &'static [&'static [&'static str]] {
        match self {
            Platform::OceanEngine => &[
                &["广告计划", "消耗", "展示数"],
                &["计划名称", "消耗", "展示数"],
                &["广告组名称", "计划名称", "消耗"],
                &["项目名称", "消耗", "展示数"],
                &["项目id", "广告id", "消耗"],
            ],
            Platform::Kuaishou => &[
                &["封面曝光数", "行为数"],
                &["广告计划名称", "封面曝光数"],
                &["素材曝光数", "行为数"],
                &["素材曝光数", "花费"],
            ],
            Platform::TencentAds => &[
                &["推广计划", "曝光量", "点击量"],
                &["推广计划名称", "曝光量"],
                &["推广计划名称", "曝光次数"],
                &["广告名称", "曝光次数", "点击次数", "花费"],
            ],
        }
    }
}

/// A header as it is compared: lower case, no spaces, no unit in brackets.
fn key(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || c == '_' || c == '-' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Which columns hold which field, and the channel of rows that do not say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<(Field, usize)>,
    /// The channel of every row, when the file has no channel column (a platform's own export).
    pub channel: Option<Channel>,
}

impl Mapping {
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }

    /// What a mapping still lacks before rows can be read: a date, a channel (a column or a
    /// fixed one), and at least one metric.
    pub fn missing(&self) -> Vec<Field> {
        let mut missing = Vec::new();
        if self.column(Field::Date).is_none() {
            missing.push(Field::Date);
        }
        if self.column(Field::Channel).is_none() && self.channel.is_none() {
            missing.push(Field::Channel);
        }
        if !Field::ALL
            .iter()
            .any(|f| f.is_metric() && self.column(*f).is_some())
        {
            missing.push(Field::Spend);
        }
        missing
    }
}

/// The platform whose export has these headers, if one has all its marks.
pub fn detect(headers: &[String]) -> Option<Platform> {
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    Platform::ALL.into_iter().find(|p| {
        p.marks()
            .iter()
            .any(|set| set.iter().all(|m| keys.iter().any(|k| k == m)))
    })
}

/// Matches headers to fields by the names they go by (each field and each column once, the
/// first fitting column wins); a detected platform gives the channel.
pub fn guess(headers: &[String]) -> Mapping {
    let keys: Vec<String> = headers.iter().map(|h| key(h)).collect();
    let mut columns: Vec<(Field, usize)> = Vec::new();
    for field in Field::ALL {
        // The names in their order of preference, so "广告计划" beats "广告组".
        let found = field.names().iter().find_map(|name| {
            (0..keys.len()).find(|&i| keys[i] == *name && !columns.iter().any(|(_, c)| *c == i))
        });
        if let Some(column) = found {
            columns.push((field, column));
        }
    }
    Mapping {
        columns,
        channel: detect(headers).map(Platform::channel),
    }
}

/// One day's figures for one campaign, ad, region and audience on one channel: what a row of an
/// export says. The text fields with the day and channel are its natural key, so the same row
/// imported again replaces itself rather than adding up twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricRow {
    pub day: NaiveDate,
    pub channel: Channel,
    pub campaign: String,
    pub ad: String,
    pub region: String,
    pub audience: String,
    /// Minor units of the import's currency.
    pub spend: i64,
    pub impressions: i64,
    pub clicks: i64,
    pub conversions: i64,
    pub revenue: i64,
}

impl MetricRow {
    pub fn key(&self) -> (NaiveDate, Channel, &str, &str, &str, &str) {
        (
            self.day,
            self.channel,
            &self.campaign,
            &self.ad,
            &self.region,
            &self.audience,
        )
    }
}

/// Why a row was refused: the field (if one) and the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: Option<Field>,
    pub key: K,
}

/// A row that was refused: where, what it held, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedRow {
    /// Line in the file, counting the header as line 1.
    pub line: u64,
    pub cells: Vec<String>,
    pub problems: Vec<Problem>,
}

/// What became of one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowOutcome {
    Row(MetricRow),
    /// A blank line, or the platform's own totals row ("合计", "总计"): not data.
    Skipped,
    Refused(Vec<Problem>),
}

/// Names longer than this are cut (platform names run long, but not this long).
pub const TEXT_MAX: usize = 200;

/// A day as exports write it: `2026-11-01`, `2026/11/1`, `20261101`, `2026年11月1日`, with or
/// without a time after it; between 2000 and 2100.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    // The common `2026-11-01`, read without building anything.
    if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *t.as_bytes() {
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| ds.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
            let day =
                NaiveDate::from_ymd_opt(n(&digits[..4]) as i32, n(&digits[4..6]), n(&digits[6..]))?;
            return (2000..=2100).contains(&day.year()).then_some(day);
        }
    }
    let date_part = t.split([' ', 'T']).next().unwrap_or(t);
    let normalised: String = date_part
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    let day = if normalised.len() == 8 && normalised.chars().all(|c| c.is_ascii_digit()) {
        NaiveDate::parse_from_str(&normalised, "%Y%m%d").ok()
    } else {
        NaiveDate::parse_from_str(&normalised, "%Y-%m-%d").ok()
    }?;
    (2000..=2100).contains(&day.year()).then_some(day)
}

/// Channels as people and platforms name them, folded as [`key`] folds a cell.
const CHANNEL_NAMES: &[(&str, Channel)] = &[
    ("抖音", Channel::Douyin),
    ("巨量引擎", Channel::Douyin),
    ("巨量", Channel::Douyin),
    ("今日头条", Channel::Douyin),
    ("头条", Channel::Douyin),
    ("oceanengine", Channel::Douyin),
    ("快手", Channel::Kuaishou),
    ("磁力引擎", Channel::Kuaishou),
    ("磁力金牛", Channel::Kuaishou),
    ("微信", Channel::Wechat),
    ("朋友圈", Channel::Wechat),
    ("视频号", Channel::Wechat),
    ("腾讯广告", Channel::Wechat),
    ("广点通", Channel::Wechat),
    ("tencentads", Channel::Wechat),
    ("微博", Channel::Weibo),
    ("小红书", Channel::Xiaohongshu),
    ("红书", Channel::Xiaohongshu),
    ("redbook", Channel::Xiaohongshu),
    ("哔哩哔哩", Channel::Bilibili),
    ("b站", Channel::Bilibili),
    ("百度", Channel::Baidu),
    ("天猫", Channel::Tmall),
    ("淘宝", Channel::Tmall),
    ("京东", Channel::Jd),
    ("线下", Channel::Offline),
    ("其他", Channel::Other),
];

/// A channel as people and platforms name it, in Chinese or English.
pub fn parse_channel(text: &str) -> Option<Channel> {
    let t = text.trim();
    if let Some(c) =
        Channel::parse(t).or_else(|| CHANNEL_NAMES.iter().find(|(n, _)| *n == t).map(|(_, c)| *c))
    {
        return Some(c);
    }
    let k = key(t);
    if k.is_empty() {
        return None;
    }
    if let Some(c) = Channel::parse(&k) {
        return Some(c);
    }
    CHANNEL_NAMES.iter().find(|(n, _)| *n == k).map(|(_, c)| *c)
}

/// A count as exports write it: "12,345", "1.2万", "-" or nothing for none.
pub fn parse_count(text: &str) -> Result<i64, MoneyError> {
    let t = text.trim();
    if t.is_empty() || t == "-" || t == "--" {
        return Ok(0);
    }
    if let Some(n) = plain_decimal(t, 0) {
        return Ok(n);
    }
    let (negative, s) = signed(t);
    if negative {
        return Err(MoneyError::Negative);
    }
    scaled(&s, 0)
}

pub(crate) fn money_error_key(e: MoneyError) -> K {
    match e {
        MoneyError::Malformed => K::ErrAmount,
        MoneyError::TooPrecise => K::ErrTooPrecise,
        MoneyError::TooLarge => K::ErrTooLarge,
        MoneyError::Negative => K::ErrNegative,
    }
}

fn is_totals(text: &str) -> bool {
    // A date or a number, as nearly every first cell is, is no totals row.
    if text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    matches!(
        key(text).as_str(),
        "合计" | "总计" | "汇总" | "total" | "totals" | "sum"
    )
}

/// Reads one row with `mapping`; money in `currency` (cents below the currency's precision are
/// refused, never rounded).
pub fn read_row(cells: &[&str], mapping: &Mapping, currency: Currency) -> RowOutcome {
    let cell = |f: Field| {
        mapping
            .column(f)
            .and_then(|c| cells.get(c))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    if cells.iter().all(|c| c.trim().is_empty()) {
        return RowOutcome::Skipped;
    }
    let date_text = cell(Field::Date);
    if is_totals(date_text) || cells.first().is_some_and(|c| is_totals(c)) {
        return RowOutcome::Skipped;
    }
    let mut problems = Vec::new();
    let day = parse_day(date_text);
    if day.is_none() {
        problems.push(Problem {
            field: Some(Field::Date),
            key: if date_text.is_empty() {
                K::ErrRequired
            } else {
                K::ErrDate
            },
        });
    }
    let channel = match mapping.column(Field::Channel) {
        Some(_) => {
            let text = cell(Field::Channel);
            let found = parse_channel(text).or(if text.is_empty() {
                mapping.channel
            } else {
                None
            });
            if found.is_none() {
                problems.push(Problem {
                    field: Some(Field::Channel),
                    key: if text.is_empty() {
                        K::ErrRequired
                    } else {
                        K::ErrUnknownChannel
                    },
                });
            }
            found
        }
        None => mapping.channel,
    };
    let mut number = |field: Field, money: bool| -> i64 {
        let text = cell(field);
        let read = if money {
            if text.is_empty() || text == "-" {
                Ok(0)
            } else {
                parse_amount(text, currency).and_then(|v| {
                    if v < 0 {
                        Err(MoneyError::Negative)
                    } else {
                        Ok(v)
                    }
                })
            }
        } else {
            parse_count(text)
        };
        match read {
            Ok(v) => v,
            Err(e) => {
                problems.push(Problem {
                    field: Some(field),
                    key: money_error_key(e),
                });
                0
            }
        }
    };
    let spend = number(Field::Spend, true);
    let impressions = number(Field::Impressions, false);
    let clicks = number(Field::Clicks, false);
    let conversions = number(Field::Conversions, false);
    let revenue = number(Field::Revenue, true);
    let text = |f: Field| {
        let t = cell(f);
        if t.len() <= TEXT_MAX {
            t.to_string()
        } else {
            t.chars().take(TEXT_MAX).collect()
        }
    };
    match (day, channel) {
        (Some(day), Some(channel)) if problems.is_empty() => RowOutcome::Row(MetricRow {
            day,
            channel,
            campaign: text(Field::Campaign),
            ad: text(Field::Ad),
            region: text(Field::Region),
            audience: text(Field::Audience),
            spend,
            impressions,
            clicks,
            conversions,
            revenue,
        }),
        _ => RowOutcome::Refused(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_platform_export_is_recognised_and_mapped_without_help() {
        let ocean = headers(&[
            "\u{feff}日期",
            "广告计划",
            "广告创意",
            "消耗(元)",
            "展示数",
            "点击数",
            "转化数",
            "地域",
        ]);
        assert_eq!(detect(&ocean), Some(Platform::OceanEngine));
        let m = guess(&ocean);
        assert_eq!(m.column(Field::Date), Some(0));
        assert_eq!(m.column(Field::Campaign), Some(1));
        assert_eq!(m.column(Field::Ad), Some(2));
        assert_eq!(m.column(Field::Spend), Some(3));
        assert_eq!(m.column(Field::Impressions), Some(4));
        assert_eq!(m.column(Field::Region), Some(7));
        assert_eq!(m.channel, Some(Channel::Douyin));
        assert_eq!(m.missing(), vec![]);

        let kuaishou = headers(&[
            "日期",
            "广告计划名称",
            "创意名称",
            "花费（元）",
            "封面曝光数",
            "行为数",
            "转化数",
        ]);
        assert_eq!(detect(&kuaishou), Some(Platform::Kuaishou));
        let m = guess(&kuaishou);
        assert_eq!(m.column(Field::Clicks), Some(5));
        assert_eq!(m.column(Field::Spend), Some(3));
        assert_eq!(m.channel, Some(Channel::Kuaishou));

        let tencent = headers(&[
            "日期",
            "推广计划",
            "广告名称",
            "花费",
            "曝光量",
            "点击量",
            "目标转化量",
            "定向人群",
        ]);
        assert_eq!(detect(&tencent), Some(Platform::TencentAds));
        let m = guess(&tencent);
        assert_eq!(m.column(Field::Audience), Some(7));
        assert_eq!(m.column(Field::Conversions), Some(6));
        assert_eq!(m.channel, Some(Channel::Wechat));
    }

    #[test]
    fn older_and_newer_export_shapes_are_recognised_too() {
        // Ocean Engine by ad group, plan and creative: the plan is the campaign.
        let groups = headers(&[
            "时间",
            "广告组名称",
            "广告组ID",
            "计划名称",
            "计划ID",
            "创意名称",
            "创意ID",
            "消耗(元)",
            "展示数",
        ]);
        assert_eq!(detect(&groups), Some(Platform::OceanEngine));
        let m = guess(&groups);
        assert_eq!(m.column(Field::Campaign), Some(3));
        assert_eq!(m.column(Field::Ad), Some(5));
        assert_eq!(m.missing(), vec![]);
        // Ocean Engine by project and ad.
        let projects = headers(&[
            "日期",
            "项目名称",
            "项目ID",
            "广告名称",
            "广告ID",
            "消耗(元)",
            "展示数",
        ]);
        assert_eq!(detect(&projects), Some(Platform::OceanEngine));
        assert_eq!(guess(&projects).column(Field::Campaign), Some(1));
        assert_eq!(guess(&projects).column(Field::Ad), Some(3));
        // Kuaishou by material; Tencent Ads by ad.
        let materials = headers(&[
            "日期",
            "广告计划名称",
            "创意名称",
            "花费(元)",
            "素材曝光数",
            "行为数",
        ]);
        assert_eq!(detect(&materials), Some(Platform::Kuaishou));
        assert_eq!(guess(&materials).column(Field::Impressions), Some(4));
        let ads = headers(&[
            "日期",
            "广告ID",
            "广告名称",
            "花费(元)",
            "曝光次数",
            "点击次数",
            "目标转化量",
        ]);
        assert_eq!(detect(&ads), Some(Platform::TencentAds));
        assert_eq!(guess(&ads).missing(), vec![]);
        // A sheet of someone's own is no platform's.
        assert_eq!(detect(&headers(&["日期", "渠道", "花费"])), None);
    }

    #[test]
    fn a_sheet_of_our_own_needs_its_channel() {
        let own = headers(&[
            "Date",
            "Campaign",
            "Cost",
            "Impressions",
            "Clicks",
            "Revenue",
        ]);
        assert_eq!(detect(&own), None);
        let m = guess(&own);
        assert_eq!(m.column(Field::Spend), Some(2));
        assert_eq!(m.column(Field::Revenue), Some(5));
        assert_eq!(m.missing(), vec![Field::Channel]);
        let nothing = guess(&headers(&["备注", "负责人"]));
        assert_eq!(
            nothing.missing(),
            vec![Field::Date, Field::Channel, Field::Spend]
        );
    }

    #[test]
    fn days_as_exports_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1);
        for text in [
            "2026-11-01",
            "2026/11/1",
            "20261101",
            "2026年11月1日",
            "2026-11-01 00:00:00",
            "2026.11.01",
        ] {
            assert_eq!(parse_day(text), d, "{text}");
        }
        for text in [
            "2026-02-30",
            "2026-13-01",
            "11/01/2026",
            "1899-01-01",
            "昨天",
            "",
        ] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }

    #[test]
    fn rows_are_read_or_refused_with_every_reason() {
        let m = guess(&headers(&[
            "日期",
            "渠道",
            "广告计划",
            "消耗",
            "展示数",
            "点击数",
            "转化数",
            "成交金额",
        ]));
        let row = |cells: &[&str]| read_row(cells, &m, Currency::Cny);
        let RowOutcome::Row(r) = row(&[
            "2026-11-01",
            "抖音",
            "双11预热",
            "1,234.50",
            "1.2万",
            "-",
            "12",
            "3.5万",
        ]) else {
            panic!("a good row");
        };
        assert_eq!(r.channel, Channel::Douyin);
        assert_eq!(r.spend, 123_450);
        assert_eq!(r.impressions, 12_000);
        assert_eq!(r.clicks, 0);
        assert_eq!(r.revenue, 3_500_000);
        assert_eq!(r.campaign, "双11预热");

        let RowOutcome::Refused(problems) =
            row(&["2026-02-30", "快播", "x", "-5", "12.5", "abc", "1", "0.001"])
        else {
            panic!("a bad row");
        };
        let fields: Vec<(Option<Field>, K)> = problems.iter().map(|p| (p.field, p.key)).collect();
        assert_eq!(
            fields,
            vec![
                (Some(Field::Date), K::ErrDate),
                (Some(Field::Channel), K::ErrUnknownChannel),
                (Some(Field::Spend), K::ErrNegative),
                (Some(Field::Impressions), K::ErrTooPrecise),
                (Some(Field::Clicks), K::ErrAmount),
                (Some(Field::Revenue), K::ErrTooPrecise),
            ]
        );
        // The platform's totals row and blank lines are not data.
        assert_eq!(
            row(&["合计", "", "", "9,999", "", "", "", ""]),
            RowOutcome::Skipped
        );
        assert_eq!(row(&["", " ", "", "", "", "", "", ""]), RowOutcome::Skipped);
        // A row shorter than the header reads what it has.
        assert!(matches!(
            row(&["2026-11-02", "快手"]),
            RowOutcome::Row(MetricRow {
                channel: Channel::Kuaishou,
                spend: 0,
                ..
            })
        ));
    }

    #[test]
    fn a_platform_export_gives_its_rows_their_channel() {
        let m = guess(&headers(&["日期", "广告计划", "消耗", "展示数"]));
        assert_eq!(m.channel, Some(Channel::Douyin));
        // Two of its marks are not enough to call it Ocean Engine's.
        assert_eq!(guess(&headers(&["日期", "广告计划", "消耗"])).channel, None);
        let RowOutcome::Row(r) =
            read_row(&["2026-11-01", "计划A", "100", "1000"], &m, Currency::Cny)
        else {
            panic!("a good row");
        };
        assert_eq!(r.channel, Channel::Douyin);
        assert_eq!(
            r.key(),
            (
                NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                Channel::Douyin,
                "计划A",
                "",
                "",
                ""
            )
        );
    }
}
