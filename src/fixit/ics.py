"""Calendar entries as an iCalendar file, with the maintained `icalendar` library."""

from __future__ import annotations

from datetime import datetime, timedelta

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
            start = datetime.combine(entry.day, entry.at, tzinfo=stamp.tzinfo)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=30))
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
