"""Calendar entries as an iCalendar file, with the maintained `icalendar` library. Timed entries are
written in UTC (a calendar shows them in the phone's own zone, right on either side of a clock
change); each entry carries a display alarm (VALARM)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fixit import __version__, clock
from fixit.domain.calendar import Entry


def render(entries: list[Entry]) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//fixit//fixit {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "fixit: promises and follow-ups")
    stamp = clock.now()
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        event.add("description", entry.details)
        if entry.at is None:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + timedelta(days=1))
        else:
            start = datetime.combine(entry.day, entry.at).astimezone().astimezone(timezone.utc)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=30))
        if entry.reminder is not None:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry.title)
            alarm.add("trigger", -entry.reminder if entry.at is not None else entry.reminder)
            event.add_component(alarm)
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
