//! Money: whole numbers of a currency's minor unit (fen, cents), never floating point. Amounts
//! are read from what people type or what a platform exports ("1,234.50", "¥1 234", "12.3万")
//! and written back in the reader's language.
use serde::{Deserialize, Serialize};

/// The currencies a project's budget may be kept in; CNY unless configured otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    #[default]
    Cny,
    Usd,
    Eur,
    Hkd,
    Jpy,
}

impl Currency {
    pub const ALL: [Currency; 5] = [
        Currency::Cny,
        Currency::Usd,
        Currency::Eur,
        Currency::Hkd,
        Currency::Jpy,
    ];

    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Cny => "CNY",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Hkd => "HKD",
            Currency::Jpy => "JPY",
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Cny => "¥",
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Hkd => "HK$",
            Currency::Jpy => "JP¥",
        }
    }

    /// Digits after the decimal point: 2, or 0 for the yen.
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }

    /// Minor units in one major unit: 100, or 1 for the yen.
    pub fn minor_per_major(self) -> i64 {
        10i64.pow(self.minor_digits())
    }
}

/// Why a text is not an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Not a number at all.
    Malformed,
    /// More decimals than the currency has (0.001 yuan).
    TooPrecise,
    /// Beyond what the books can hold.
    TooLarge,
    /// Below zero where only zero or more makes sense.
    Negative,
}

/// The largest amount accepted, in major units: a trillion is far beyond any campaign, and keeps
/// sums of millions of amounts far from overflowing.
const MAJOR_MAX: i64 = 1_000_000_000_000;

/// Reads an amount in `currency`'s minor units. Accepts thousands separators (`,`, spaces,
/// `，`), a currency symbol or code, a leading minus or parentheses for negatives, and the
/// Chinese multipliers 万 (10,000) and 亿 (100,000,000) as Chinese platforms export them.
pub fn parse_amount(text: &str, currency: Currency) -> Result<i64, MoneyError> {
    let most = MAJOR_MAX * currency.minor_per_major();
    if let Some(minor) = plain_decimal(text.trim(), currency.minor_digits()) {
        return if minor > most {
            Err(MoneyError::TooLarge)
        } else {
            Ok(minor)
        };
    }
    let (negative, mut s) = signed(text);
    for mark in [
        currency.code(),
        currency.symbol(),
        "¥",
        "￥",
        "元",
        "RMB",
        "$",
    ] {
        if let Some(rest) = s.strip_prefix(mark) {
            s = rest.to_string();
        }
        if let Some(rest) = s.strip_suffix(mark) {
            s = rest.to_string();
        }
    }
    let minor = scaled(&s, currency.minor_digits())?;
    if minor > most {
        return Err(MoneyError::TooLarge);
    }
    Ok(if negative { -minor } else { minor })
}

/// A plain decimal as most cells hold it (`1234`, `12.5`) as a whole number of `10^-digits`,
/// read without building anything; `None` for everything else (separators, signs, 万, more
/// decimals than `digits`, very long numbers), which the full reading takes or refuses.
pub(crate) fn plain_decimal(text: &str, digits: u32) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 15 {
        return None;
    }
    let (whole, fraction) = match bytes.iter().position(|&b| b == b'.') {
        Some(dot) => (&bytes[..dot], &bytes[dot + 1..]),
        None => (bytes, &bytes[..0]),
    };
    if whole.is_empty() || fraction.len() > digits as usize {
        return None;
    }
    let mut n: i64 = 0;
    for &b in whole.iter().chain(fraction) {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(b - b'0');
    }
    Some(n * 10i64.pow(digits - fraction.len() as u32))
}

/// `text` without thousands separators and its sign: whether it was negative (a leading minus
/// or parentheses), and the rest.
pub fn signed(text: &str) -> (bool, String) {
    let mut s: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}' | '_' | '\''))
        .collect();
    let mut negative = false;
    if s.starts_with('(') && s.ends_with(')') && s.len() > 2 {
        negative = true;
        s = s[1..s.len() - 1].to_string();
    }
    for prefix in ["-", "−", "－"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            negative = !negative;
            s = rest.to_string();
            break;
        }
    }
    (negative, s)
}

/// An unsigned decimal number (with 万 or 亿 allowed after it) as a whole number of
/// `10^-digits`: `scaled("12.5", 2)` is 1250, `scaled("1.2万", 0)` is 12,000.
pub fn scaled(number: &str, digits: u32) -> Result<i64, MoneyError> {
    let (number, multiplier_digits) = if let Some(n) = number.strip_suffix('万') {
        (n, 4)
    } else if let Some(n) = number.strip_suffix('亿') {
        (n, 8)
    } else {
        (number, 0)
    };
    let (whole, fraction) = match number.split_once('.') {
        Some((w, f)) => (w, f),
        None => (number, ""),
    };
    if (whole.is_empty() && fraction.is_empty())
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return Err(MoneyError::Malformed);
    }
    // Shift the decimal point right by the multiplier and the wanted digits; whatever is still
    // after it must be zeros.
    let shift = (multiplier_digits + digits) as usize;
    let mut all: String = whole.to_string();
    let (taken, rest) = fraction.split_at(fraction.len().min(shift));
    all.push_str(taken);
    all.extend(std::iter::repeat_n('0', shift - taken.len()));
    if rest.chars().any(|c| c != '0') {
        return Err(MoneyError::TooPrecise);
    }
    let all = all.trim_start_matches('0');
    if all.len() > 18 {
        return Err(MoneyError::TooLarge);
    }
    if all.is_empty() {
        return Ok(0);
    }
    all.parse().map_err(|_| MoneyError::TooLarge)
}

/// `minor` written with the currency's symbol, thousands separators and its decimals:
/// `¥1,234.50`, `-$12.00`, `JP¥1,200`.
pub fn format_amount(minor: i64, currency: Currency) -> String {
    let per = currency.minor_per_major();
    let magnitude = minor.unsigned_abs();
    let whole = magnitude / per as u64;
    let fraction = magnitude % per as u64;
    let grouped = grouped(whole);
    let sign = if minor < 0 { "-" } else { "" };
    if currency.minor_digits() == 0 {
        format!("{sign}{}{grouped}", currency.symbol())
    } else {
        format!(
            "{sign}{}{grouped}.{fraction:0width$}",
            currency.symbol(),
            width = currency.minor_digits() as usize
        )
    }
}

/// `n` with a comma between each group of three digits: `1,234,567`.
pub fn grouped(n: u64) -> String {
    let text = n.to_string();
    let mut out = String::with_capacity(text.len() + text.len() / 3);
    for (k, c) in text.chars().enumerate() {
        if k > 0 && (text.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `part` as a share of `whole` in per mille (‰), rounded half away from zero; `None` when
/// `whole` is zero. Integer arithmetic throughout, so the same amounts give the same share on
/// every machine.
pub fn per_mille(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let (p, w) = (i128::from(part) * 1000, i128::from(whole));
    let q = p / w;
    let r = p % w;
    let rounded = if (r.abs() * 2) >= w.abs() {
        q + if (p < 0) == (w < 0) { 1 } else { -1 }
    } else {
        q
    };
    Some(rounded.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_read_quickly_read_as_the_full_reading_does() {
        let texts = [
            "0",
            "7",
            "12",
            "12.",
            "12.5",
            "12.50",
            "12.05",
            "0.01",
            "1234567",
            "999999999999",
            "1000000000000",
            "1000000000000.01",
            "99999999999999",
            "000123",
            "12.345",
            ".5",
            "5.",
            "1.2.3",
            "12a",
            "",
            "123456789012345",
            "1234567890123456",
        ];
        for currency in [Currency::Cny, Currency::Jpy] {
            for text in texts {
                let full = signed(text).1;
                let full = scaled(&full, currency.minor_digits()).and_then(|minor| {
                    if minor > MAJOR_MAX * currency.minor_per_major() {
                        Err(MoneyError::TooLarge)
                    } else {
                        Ok(minor)
                    }
                });
                if let Some(quick) = plain_decimal(text, currency.minor_digits()) {
                    assert_eq!(Ok(quick), scaled(text, currency.minor_digits()), "{text}");
                }
                assert_eq!(parse_amount(text, currency), full, "{text} in {currency:?}");
            }
        }
        assert_eq!(plain_decimal("12.5", 2), Some(1250));
        assert_eq!(plain_decimal("1,234", 2), None);
        assert_eq!(plain_decimal("12.345", 2), None);
    }

    #[test]
    fn amounts_are_read_the_ways_people_and_platforms_write_them() {
        let cny = Currency::Cny;
        assert_eq!(parse_amount("1234.5", cny), Ok(123_450));
        assert_eq!(parse_amount("1,234.50", cny), Ok(123_450));
        assert_eq!(parse_amount(" ¥1 234 ", cny), Ok(123_400));
        assert_eq!(parse_amount("￥1，234.05元", cny), Ok(123_405));
        assert_eq!(parse_amount("12.3万", cny), Ok(12_300_000));
        assert_eq!(parse_amount("1.5亿", cny), Ok(15_000_000_000));
        assert_eq!(parse_amount("-20", cny), Ok(-2000));
        assert_eq!(parse_amount("(20.10)", cny), Ok(-2010));
        assert_eq!(parse_amount(".5", cny), Ok(50));
        assert_eq!(parse_amount("0", cny), Ok(0));
        assert_eq!(parse_amount("USD 7.25", Currency::Usd), Ok(725));
        assert_eq!(parse_amount("1,200", Currency::Jpy), Ok(1200));
    }

    #[test]
    fn what_is_not_an_amount_is_refused_not_guessed() {
        let cny = Currency::Cny;
        assert_eq!(parse_amount("", cny), Err(MoneyError::Malformed));
        assert_eq!(parse_amount("abc", cny), Err(MoneyError::Malformed));
        assert_eq!(parse_amount("1.2.3", cny), Err(MoneyError::Malformed));
        assert_eq!(parse_amount("1e5", cny), Err(MoneyError::Malformed));
        assert_eq!(parse_amount("12万万", cny), Err(MoneyError::Malformed));
        assert_eq!(parse_amount("0.001", cny), Err(MoneyError::TooPrecise));
        assert_eq!(
            parse_amount("0.5", Currency::Jpy),
            Err(MoneyError::TooPrecise)
        );
        // Trailing zeros beyond the cents are only a way of writing.
        assert_eq!(parse_amount("1.2300", cny), Ok(123));
        assert_eq!(
            parse_amount("99999999999999999999", cny),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            parse_amount("1000000000001", cny),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(parse_amount("1000000000000", cny), Ok(100_000_000_000_000));
    }

    #[test]
    fn amounts_are_written_with_symbol_separators_and_cents() {
        assert_eq!(format_amount(123_450, Currency::Cny), "¥1,234.50");
        assert_eq!(format_amount(5, Currency::Cny), "¥0.05");
        assert_eq!(format_amount(-120_000_000, Currency::Usd), "-$1,200,000.00");
        assert_eq!(format_amount(1200, Currency::Jpy), "JP¥1,200");
        // The most negative amount has no positive twin: written without overflowing.
        assert_eq!(
            format_amount(i64::MIN, Currency::Cny),
            "-¥92,233,720,368,547,758.08"
        );
        for minor in [0, 1, 99, 100, 123_456_789, -7] {
            let text = format_amount(minor, Currency::Cny);
            assert_eq!(parse_amount(&text, Currency::Cny), Ok(minor), "{text}");
        }
    }

    #[test]
    fn shares_round_half_away_from_zero_and_never_divide_by_zero() {
        assert_eq!(per_mille(1, 3), Some(333));
        assert_eq!(per_mille(2, 3), Some(667));
        assert_eq!(per_mille(1, 2000), Some(1));
        assert_eq!(per_mille(-1, 2000), Some(-1));
        assert_eq!(per_mille(150, 100), Some(1500));
        assert_eq!(per_mille(5, 0), None);
        assert_eq!(per_mille(i64::MAX, 1), Some(i64::MAX));
    }

    #[test]
    fn currencies_are_named_by_their_codes() {
        assert_eq!(Currency::parse("cny"), Some(Currency::Cny));
        assert_eq!(Currency::parse(" JPY"), Some(Currency::Jpy));
        assert_eq!(Currency::parse("XYZ"), None);
        assert_eq!(Currency::default(), Currency::Cny);
    }
}
