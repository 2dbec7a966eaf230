//! Calendar dates (`YYYY-MM-DD`): front matter's `reviewed`, and the review lint's "how old".
//!
//! Days are counted with Howard Hinnant's `days_from_civil` arithmetic (proleptic Gregorian, in
//! UTC). Two small functions of arithmetic did not justify a date crate; nothing here knows time
//! zones or times of day, because a review date is a day, not an instant.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// Reads `YYYY-MM-DD`; `None` for anything else, including days a month does not have.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        if !(digits(0..4) && digits(5..7) && digits(8..10)) {
            return None;
        }
        let date = Date {
            year: text[..4].parse().ok()?,
            month: text[5..7].parse().ok()?,
            day: text[8..].parse().ok()?,
        };
        // A day past the month's end (02-30) comes back as another date.
        let valid = (1..=12).contains(&date.month)
            && (1..=31).contains(&date.day)
            && Date::from_days(date.days()) == date;
        valid.then_some(date)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month,
            day,
        }
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Date::from_days((seconds / 86_400) as i64)
    }

    /// Whole days from `earlier` to `self`.
    pub fn days_since(self, earlier: Date) -> i64 {
        self.days() - earlier.days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Front matter may write a date as a string (`"2025-06-01"`) or as a TOML date (`2025-06-01`).
impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = match toml::Value::deserialize(deserializer)? {
            toml::Value::String(text) => text,
            toml::Value::Datetime(datetime) if datetime.time.is_none() => datetime.to_string(),
            other => other.to_string(),
        };
        Date::parse(text.trim()).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a date; write it as \"YYYY-MM-DD\", e.g. \"2025-06-01\""
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn days_round_trip_and_count_leap_years() {
        for text in ["1970-01-01", "2000-02-29", "2024-12-31", "1969-07-20"] {
            let date = Date::parse(text).unwrap();
            assert_eq!(Date::from_days(date.days()), date);
            assert_eq!(date.to_string(), text);
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().days(), 1);
        let (a, b) = (
            Date::parse("2024-02-28").unwrap(),
            Date::parse("2024-03-01").unwrap(),
        );
        assert_eq!(b.days_since(a), 2);
    }

    #[test]
    fn impossible_or_misshapen_dates_are_refused() {
        for text in [
            "2025-02-30",
            "2025-13-01",
            "2025-1-01",
            "25-01-01x",
            "２０２５-01-01",
            "",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }
}
