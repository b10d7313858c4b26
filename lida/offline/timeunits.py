"""Pick the time unit that turns a time column into a readable number of points."""

from __future__ import annotations

import pandas as pd

from lida.offline.fields import Role
from summarizer.model import Summary

_FINE = ("hour", "minute", "second")


def span_days(summary: Summary, name: str) -> float | None:
    """Days between the first and last timestamp, or None when the summary does not say."""
    f = summary.field(name)
    if f.temporal is not None:
        try:
            lo, hi = pd.Timestamp(f.temporal.min), pd.Timestamp(f.temporal.max)
        except (ValueError, TypeError):
            return None
        return float((hi - lo) / pd.Timedelta(days=1))
    if f.numeric is not None:  # integer years
        return (f.numeric.max - f.numeric.min) * 365.25
    return None


def granularity(summary: Summary, name: str) -> str:
    f = summary.field(name)
    if f.temporal is not None:
        return f.temporal.granularity
    return "year"


def trend_unit(summary: Summary, role: Role) -> str | None:
    """Time unit for a trend line: about 12-400 points; None keeps raw timestamps."""
    if role.year_int:
        return "year"
    gran = granularity(summary, role.name)
    span = span_days(summary, role.name)
    if span is None:
        return None
    if gran == "year":
        return "year"
    if span > 365 * 40:
        return "year"
    if span > 365 * 1.5:
        return None if gran in ("month", "quarter") else "yearmonth"
    if span > 60:
        return "yearmonthdate" if gran in _FINE else None
    if gran in _FINE:
        return "yearmonthdatehours"
    return None


def has_seasons(summary: Summary, role: Role) -> bool:
    """True when a month-of-year breakdown is meaningful: sub-monthly data spanning most of a year."""
    if role.year_int or granularity(summary, role.name) in ("year", "quarter", "month"):
        return False
    span = span_days(summary, role.name)
    return span is not None and span >= 330


def has_hours(summary: Summary, role: Role) -> bool:
    """True when an hour-of-day breakdown is meaningful."""
    return granularity(summary, role.name) in ("hour", "minute", "second") and not role.year_int


UNIT_WORDS = {
    "year": "year",
    "yearmonth": "month",
    "yearmonthdate": "day",
    "yearmonthdatehours": "hour",
    "month": "month of the year",
    "hours": "hour of the day",
    "day": "day of the week",
}
