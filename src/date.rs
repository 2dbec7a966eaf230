//! Calendar dates (`YYYY-MM-DD`), the one type of every date in the book: front matter's
//! `reviewed` and `updated`, git's commit days, a round's date in `book.toml` and in a round
//! document, and the review lint's "how old".
//!
//! A date is read once where it enters ([`Date::parse`], the `Deserialize` impls, [`Date::from_ymd`])
//! and written only at the edge, always as `YYYY-MM-DD` (`Display`, and `Serialize` for the
//! templates and `questions.json`).
//!
//! Days are counted with Howard Hinnant's `days_from_civil` arithmetic (proleptic Gregorian, in
//! UTC). Two small functions of arithmetic did not justify a date crate; nothing here knows time
//! zones or times of day, because these dates are days, not instants.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
        Date::from_ymd(
            text[..4].parse().ok()?,
            text[5..7].parse().ok()?,
            text[8..].parse().ok()?,
        )
    }

    /// The date `year`-`month`-`day`; `None` for a month or day the calendar does not have
    /// (`2025-02-30`). The year is written with four digits, so it is in `0..=9999`.
    pub const fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let month_days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let valid = 0 <= year && year <= 9999 && 1 <= month && month <= 12;
        if valid && 1 <= day && day <= month_days {
            Some(Date { year, month, day })
        } else {
            None
        }
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

/// The same text as `Display`: templates and `questions.json` see `YYYY-MM-DD`.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Front matter `updated`: a TOML date or datetime (`2025-06-01`, `2025-06-01T10:00:00+09:00`),
/// of which only the day is kept (pages, feed and sitemap show days); `None` for a bare time
/// (`10:00:00`), which names no day. A string is refused, as for any TOML datetime.
pub fn day_of_datetime<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Date>, D::Error> {
    let Some(datetime) = Option::<toml::value::Datetime>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let Some(day) = datetime.date else {
        return Ok(None);
    };
    let date = Date::from_ymd(
        i32::from(day.year),
        u32::from(day.month),
        u32::from(day.day),
    );
    date.map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!("`{datetime}` is not a day of the calendar"))
    })
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

    #[test]
    fn calendar_days_only_and_written_back_as_read() {
        assert_eq!(Date::from_ymd(2024, 2, 29), Date::parse("2024-02-29"));
        for (year, month, day) in [(2023, 2, 29), (1900, 2, 29), (2025, 4, 31), (2025, 0, 1)] {
            assert_eq!(
                Date::from_ymd(year, month, day),
                None,
                "{year}-{month}-{day}"
            );
        }
        assert!(Date::from_ymd(2000, 2, 29).is_some());
        assert_eq!(Date::from_ymd(10_000, 1, 1), None);
        let date = Date::from_ymd(7, 3, 9).unwrap();
        assert_eq!(date.to_string(), "0007-03-09");
        assert_eq!(Date::parse(&date.to_string()), Some(date));
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"0007-03-09\"");
    }

    #[derive(Debug, serde::Deserialize)]
    struct Front {
        #[serde(default, deserialize_with = "super::day_of_datetime")]
        updated: Option<Date>,
        reviewed: Option<Date>,
    }

    #[test]
    fn toml_dates_strings_and_datetimes_are_read_once() {
        let read = |text: &str| toml::from_str::<Front>(text).map_err(|error| error.to_string());
        let day = Date::parse("2025-06-01");
        let front = read("updated = 2025-06-01T10:00:00+09:00\nreviewed = \"2025-06-01\"").unwrap();
        assert_eq!((front.updated, front.reviewed), (day, day));
        assert_eq!(read("reviewed = 2025-06-01").unwrap().reviewed, day);
        assert_eq!(read("updated = 10:00:00").unwrap().updated, None);
        assert_eq!(read("").unwrap().updated, None);
        assert!(read("updated = \"2025-06-01\"").is_err());
        assert!(read("reviewed = \"June\"")
            .unwrap_err()
            .contains("`June` is not a date"));
    }
}
