"""Time expressions in chat messages: "tomorrow at 9", "every other friday at 5", "in 20 min".

`parse_when` finds the time phrase in a message and resolves it in the user's zone against an
injected `now`. An English grammar of our own handles chat phrasings exactly and fast; common
words of French, German, Spanish, Russian, Portuguese and Italian are mapped onto it; dateparser
is the fallback for anything else.

Meanings we chose (each is tested):

- Day parts: morning 09:00, afternoon 15:00, evening 19:00, night and tonight 21:00, noon
  12:00; midnight is the end of the day named (00:00 of the next day). A day with no time
  ("tomorrow", "on monday", "25 Dec") is 09:00; a bare "today" once 09:00 has passed is the next
  full hour. "end of the day/week/month/year" is 17:00 on its last working day (Friday for
  the week, the last calendar day for month and year).
- Clock times without am/pm, in English: hours 1 to 7 are afternoon ("at 3" is 15:00, "5
  o'clock" is 17:00), hours 8 to 12 are morning and noon ("at 9" is 09:00). A time written in
  24-hour style ("03:30", "21:30"), after an evening cue ("tonight at 8" is 20:00) or after
  "morning" keeps its hour. Other languages read hours on the 24-hour clock.
- "7ish", "7-ish", "around 7" and "about 8pm" are that clock time. "from 8" is a start time
  (at the end of a message, before "till late" or "onwards", or beside a day: "on the 19th from
  8"); "till late" is an evening cue. A range of bare hours ends after it starts: "from 6 to 9"
  is 18:00 to 21:00.
- Day-part cue words anywhere in an English message set the day part of a bare clock time (no
  am/pm, not written 24-hour style) when the phrase itself names none: the time is then its next
  occurrence within that part of the day. Morning: wake, alarm, breakfast, morning, sunrise,
  "before work" ("wake me up at 6:30 tomorrow" is 06:30, "alarm at 6" is 06:00). Midday: lunch,
  brunch (hours 1 to 5 are the afternoon: "lunch at 1" is 13:00, "lunch at 11:30" is 11:30).
  Evening: dinner, supper, drinks, "after work", evening, tonight ("dinner at 7" is 19:00,
  "drinks after work at 6" is 18:00). Night: bedtime, "go to bed", night (hours 6 to 11 are
  the evening, earlier ones after midnight: "go to bed at 11" is 23:00). Greetings ("good
  morning") are no cue; the cue nearest to the time counts. "alarm for 7" and "wake me up for
  6" read the hour after "for".
- A number that names an item is not a time: in "move reminder 1 to 10am", "change task #2 to
  8am" or "push task 3 to friday" only "10am", "8am" and "friday" are read.
- Short weekdays ("tues", "weds", "thurs", "fri") are days anywhere. Those that are also words
  ("sat", "sun", "wed", "mon") are days after "on", "this", "next", "every", before a time or a
  part of the day ("sat 11:15", "wed morning"), or at the end of a message ("book the car in
  sat"), unless the word before makes them the word ("i sat", "the sun", "got wed").
- Several weekdays named together repeat weekly on them: "gym mon wed fri 7am" and "tues and
  thurs 6pm" are FREQ=WEEKLY with BYDAY, starting on the first to come ("between monday and
  friday" and "next mon and tue" are not).
- A time alone is the next time it comes: "at 9" said at 10:00 is tomorrow 09:00. "friday",
  "on friday", "this friday" are the coming Friday (today if its time is still ahead); "next
  friday" is the coming Friday but never today. "this weekend" is Saturday (Sunday once Saturday
  is over); "next weekend" is the Saturday of next week; "next week" its Monday, but alone
  ("meeting next week", "sometime next month") the When is `vague`: no day or time was said,
  so callers ask rather than schedule. "friday next week" and "next week on tuesday" are that
  weekday within next week.
- "12/03" is day first (12 March) unless `day_first=False` or a language of the United States
  ("en-US") is given; an impossible order (25/12) is read the other way round.
- Holidays: Thanksgiving, Mother's Day (2nd Sunday of May) and Father's Day (3rd Sunday of June)
  follow the United States; Easter is the Western one.
- Daylight saving: a wall-clock time that does not exist that day (the spring-forward gap) moves
  forward by the gap, so 02:30 becomes 03:30; one that happens twice is the first (fold=0).
  Lengths ("in 2 hours") are real elapsed time.
- Recurrences: `start` is the first occurrence at or after `now`; the rule carries BYHOUR and
  BYMINUTE (09:00 when no time is given) so that it keeps its wall-clock time when expanded
  with a naive local DTSTART. "every hour" and other sub-daily rules start one interval from now.
  "the third friday of every month", "every month on the first monday" and "the last day of
  every month" repeat monthly; "the third friday of the month" alone is one date. "every 2nd
  tuesday" is every other Tuesday, as "every second tuesday" is (so are "third" and "fourth",
  every third and fourth week), while "every first monday" and "every last friday" are monthly.
- "except" (also "but", "but not", "excluding", "apart from", "other than") takes days out of a
  repetition: "every weekday except friday" is Monday to Thursday and "every day except
  weekends" Monday to Friday, both weekly with BYDAY; it never names a one-off day.
- A sub-daily repetition with a window of hours repeats each day (or on the days named) within
  it, last hour included: "every hour from 9 to 5 on weekdays" is
  FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,...,17;BYMINUTE=0, and "every 30 minutes between 9
  and 12" stops at 11:30. Limits: "until friday" ends with that day; "for 4 weeks" and "for 10
  days" end that long after now (UNTIL), as "for 2 hours" does for a repetition shorter than
  two hours; "5 times" is COUNT=5. A shorter "for 1h" says how long each occurrence lasts.
- Other languages know "next" with a weekday ("lundi prochain", "le lundi suivant", "el lunes
  que viene", "el próximo lunes", "venerdì prossimo", "nächsten Montag", "в следующий
  понедельник", "na próxima segunda"), which reads as English "next monday", "next week" and
  "next month", and number words before a unit ("tra due ore", "in zwei Stunden"). The span
  covers the whole phrase as written, article included, so `strip_span` leaves the item clean.
- Only the first 4,000 characters of a message are read (a chat message's size), so a 100 KB
  paste is answered in milliseconds.
- Explicit past dates ("yesterday at 5", "last monday", "2020-01-01", "2 hours ago") resolve
  into the past; the caller decides what to say.
"""

from bot.timeparse.api import When, parse_when, strip_span, warm_up
from bot.timeparse.describe import describe_rrule
from bot.timeparse.durations import parse_duration

__all__ = ["When", "describe_rrule", "parse_duration", "parse_when", "strip_span", "warm_up"]
