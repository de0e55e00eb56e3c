"""Common time words of French, German, Spanish, Russian, Portuguese and Italian, in English.

The English grammar then reads the translated text; a map from the translated text back to the
original lets the matched span be quoted exactly as the person wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _days(*names: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for index, group in enumerate(names):
        for name in group.split("|"):
            table[name] = _DAYS[index]
    return table


WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "après-demain": "day after tomorrow",
        "apres-demain": "day after tomorrow",
        "demain": "tomorrow",
        "aujourd'hui": "today",
        "hier": "yesterday",
        "ce soir": "tonight",
        "ce matin": "this morning",
        "cet après-midi": "this afternoon",
        "du matin": "in the morning",
        "du soir": "in the evening",
        "matin": "morning",
        "soir": "evening",
        "après-midi": "afternoon",
        "à": "at",
        "vers": "around",
        "dans": "in",
        "d'ici": "in",
        "heures": "hours",
        "heure": "hour",
        "une": "one",
        "un": "one",
        "jours": "days",
        "jour": "day",
        "semaines": "weeks",
        "semaine": "week",
        "secondes": "seconds",
        "midi": "noon",
        "minuit": "midnight",
        "tous les jours": "every day",
        "chaque": "every",
        "le": "on",
        **_days("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    },
    "de": {
        "übermorgen": "day after tomorrow",
        "morgen früh": "tomorrow morning",
        "morgen abend": "tomorrow evening",
        "morgen": "tomorrow",
        "heute abend": "tonight",
        "heute": "today",
        "gestern": "yesterday",
        "um": "at",
        "gegen": "around",
        "uhr": "o'clock",
        "minuten": "minutes",
        "sekunden": "seconds",
        "stunden": "hours",
        "stunde": "hour",
        "einer": "one",
        "einem": "one",
        "tagen": "days",
        "tage": "days",
        "tag": "day",
        "wochen": "weeks",
        "woche": "week",
        "mittag": "noon",
        "mitternacht": "midnight",
        "morgens": "in the morning",
        "abends": "in the evening",
        "jeden tag": "every day",
        "täglich": "daily",
        "jeden": "every",
        "am": "on",
        **_days("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    },
    "es": {
        "pasado mañana": "day after tomorrow",
        "por la mañana": "in the morning",
        "de la mañana": "in the morning",
        "por la tarde": "in the afternoon",
        "de la tarde": "in the afternoon",
        "de la noche": "at night",
        "esta noche": "tonight",
        "mañana": "tomorrow",
        "hoy": "today",
        "ayer": "yesterday",
        "a las": "at",
        "a la": "at",
        "dentro de": "in",
        "en": "in",
        "minutos": "minutes",
        "segundos": "seconds",
        "horas": "hours",
        "hora": "hour",
        "una": "one",
        "días": "days",
        "dias": "days",
        "semanas": "weeks",
        "semana": "week",
        "mediodía": "noon",
        "medianoche": "midnight",
        "todos los días": "every day",
        "cada": "every",
        "el": "on",
        **_days(
            "lunes",
            "martes",
            "miércoles|miercoles",
            "jueves",
            "viernes",
            "sábado|sabado",
            "domingo",
        ),
    },
    "ru": {
        "послезавтра": "day after tomorrow",
        "завтра": "tomorrow",
        "сегодня вечером": "tonight",
        "сегодня": "today",
        "вчера": "yesterday",
        "через час": "in one hour",
        "через": "in",
        "в": "at",
        "во": "at",
        "минут": "minutes",
        "минуты": "minutes",
        "минуту": "minute",
        "секунд": "seconds",
        "часов": "hours",
        "часа": "hours",
        "час": "hour",
        "дней": "days",
        "дня": "days",
        "день": "day",
        "недель": "weeks",
        "недели": "weeks",
        "неделю": "week",
        "утра": "in the morning",
        "утром": "in the morning",
        "вечера": "in the evening",
        "вечером": "in the evening",
        "дня ": "in the afternoon",
        "полдень": "noon",
        "полночь": "midnight",
        "каждый день": "every day",
        "каждый": "every",
        **_days(
            "понедельник",
            "вторник",
            "среду|среда",
            "четверг",
            "пятницу|пятница",
            "субботу|суббота",
            "воскресенье",
        ),
    },
    "pt": {
        "depois de amanhã": "day after tomorrow",
        "amanhã": "tomorrow",
        "amanha": "tomorrow",
        "hoje à noite": "tonight",
        "hoje": "today",
        "ontem": "yesterday",
        "às": "at",
        "as": "at",
        "daqui a": "in",
        "em": "in",
        "minutos": "minutes",
        "segundos": "seconds",
        "horas": "hours",
        "hora": "hour",
        "uma": "one",
        "dias": "days",
        "semanas": "weeks",
        "semana": "week",
        "da manhã": "in the morning",
        "da tarde": "in the afternoon",
        "da noite": "at night",
        "meio-dia": "noon",
        "meia-noite": "midnight",
        "todos os dias": "every day",
        "cada": "every",
        **_days(
            "segunda-feira|segunda",
            "terça-feira|terça",
            "quarta-feira|quarta",
            "quinta-feira|quinta",
            "sexta-feira|sexta",
            "sábado",
            "domingo",
        ),
    },
    "it": {
        "dopodomani": "day after tomorrow",
        "domani": "tomorrow",
        "oggi": "today",
        "ieri": "yesterday",
        "stasera": "tonight",
        "stamattina": "this morning",
        "di mattina": "in the morning",
        "di sera": "in the evening",
        "alle": "at",
        "all'": "at ",
        "verso le": "around",
        "tra": "in",
        "fra": "in",
        "minuti": "minutes",
        "secondi": "seconds",
        "ore": "hours",
        "ora": "hour",
        "un'": "one ",
        "giorni": "days",
        "settimane": "weeks",
        "settimana": "week",
        "mezzogiorno": "noon",
        "mezzanotte": "midnight",
        "ogni giorno": "every day",
        "ogni": "every",
        **_days(
            "lunedì|lunedi",
            "martedì|martedi",
            "mercoledì|mercoledi",
            "giovedì|giovedi",
            "venerdì|venerdi",
            "sabato",
            "domenica",
        ),
    },
}

Spans = Callable[[int, int], tuple[int, int]]


@cache
def _table(codes: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {}
    for code in codes:
        for word, english in WORDS[code].items():
            table.setdefault(word, english)
    words = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)|(?<!\w)(?:all'|un')"), table


def _codes(languages: Sequence[str]) -> tuple[str, ...]:
    if not languages:
        return tuple(WORDS)
    wanted = [lang.replace("_", "-").split("-")[0] for lang in languages]
    return tuple(code for code in dict.fromkeys(wanted) if code in WORDS)


def to_english(low: str, languages: Sequence[str]) -> tuple[str, Spans] | None:
    """Return the text with known foreign time words in English, and a map back to the original.

    The map takes a [start, end) span of the translated text and returns the original span.
    None when no word was translated.
    """
    codes = _codes(languages)
    if not codes:
        return None
    pattern, table = _table(codes)
    out: list[str] = []
    marks: list[tuple[int, int, int, bool]] = []  # (out_start, out_end, src_start, translated)
    src_ends: list[int] = []
    pos = olen = 0
    for match in pattern.finditer(low):
        for piece, src, translated, src_end in (
            (low[pos : match.start()], pos, False, match.start()),
            (table[" ".join(match[0].split())], match.start(), True, match.end()),
        ):
            out.append(piece)
            marks.append((olen, olen + len(piece), src, translated))
            src_ends.append(src_end)
            olen += len(piece)
        pos = match.end()
    if not marks:
        return None
    out.append(low[pos:])
    marks.append((olen, olen + len(low) - pos, pos, False))
    src_ends.append(len(low))

    def locate(index: int, at_end: bool) -> int:
        for (start, end, src, translated), src_end in zip(marks, src_ends, strict=True):
            if start <= index < end or (at_end and index == end):
                if translated:
                    return src_end if at_end else src
                return src + index - start
        return len(low)

    def spans(start: int, end: int) -> tuple[int, int]:
        return locate(start, False), locate(end, True)

    return "".join(out), spans
