"""Common time words of French, German, Spanish, Russian, Portuguese and Italian, in English.

The English grammar then reads the translated text; a map from the translated text back to the
original lets the matched span be quoted exactly as the person wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
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
        "la semaine prochaine": "next week",
        "une demi-heure": "half an hour",
        "demi-heure": "half an hour",
        "la semaine suivante": "next week",
        "le mois prochain": "next month",
        "l'année prochaine": "next year",
        "mois": "months",
        "minutes": "minutes",
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
        "tous les": "every",
        "le": "on",
        **_days(
            "lundi|lundis",
            "mardi|mardis",
            "mercredi|mercredis",
            "jeudi|jeudis",
            "vendredi|vendredis",
            "samedi|samedis",
            "dimanche|dimanches",
        ),
    },
    "de": {
        "nächste woche": "next week",
        "einer halben stunde": "half an hour",
        "eine halbe stunde": "half an hour",
        "nächsten monat": "next month",
        "nächstes jahr": "next year",
        "minute": "minute",
        "monaten": "months",
        "monate": "months",
        "monat": "month",
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
        "la próxima semana": "next week",
        "la semana que viene": "next week",
        "la semana próxima": "next week",
        "el mes que viene": "next month",
        "el próximo mes": "next month",
        "minuto": "minute",
        "día": "day",
        "meses": "months",
        "mes": "month",
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
        "media hora": "half an hour",
        "todos los días": "every day",
        "cada": "every",
        "todos los": "every",
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
        "на следующей неделе": "next week",
        "в следующем месяце": "next month",
        "месяцев": "months",
        "месяца": "months",
        "месяц": "month",
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
        "каждую": "every",
        "каждое": "every",
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
        "na próxima semana": "next week",
        "na semana que vem": "next week",
        "semana que vem": "next week",
        "no próximo mês": "next month",
        "mês que vem": "next month",
        "minuto": "minute",
        "dia": "day",
        "meses": "months",
        "mês": "month",
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
        "meia hora": "half an hour",
        "todos os dias": "every day",
        "cada": "every",
        "toda": "every",
        "todas as": "every",
        "todo": "every",
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
        "la prossima settimana": "next week",
        "la settimana prossima": "next week",
        "settimana prossima": "next week",
        "il mese prossimo": "next month",
        "il prossimo mese": "next month",
        "minuto": "minute",
        "giorno": "day",
        "mesi": "months",
        "mese": "month",
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
        "mezz'ora": "half an hour",
        "mezzora": "half an hour",
        "ogni giorno": "every day",
        "ogni": "every",
        "tutti i": "every",
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

# Numbers, read only before a unit ("tra due ore"), so that "due" and "sei" stay words elsewhere.
NUMBERS: dict[str, dict[str, int]] = {
    "fr": {
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "quinze": 15,
        "vingt": 20,
        "trente": 30,
    },
    "de": {
        "ein": 1,
        "eine": 1,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "elf": 11,
        "zwölf": 12,
        "fünfzehn": 15,
        "zwanzig": 20,
        "dreißig": 30,
    },
    "es": {
        "un": 1,
        "uno": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "quince": 15,
        "veinte": 20,
        "treinta": 30,
    },
    "ru": {
        "один": 1,
        "одну": 1,
        "два": 2,
        "две": 2,
        "три": 3,
        "четыре": 4,
        "пять": 5,
        "шесть": 6,
        "семь": 7,
        "восемь": 8,
        "девять": 9,
        "десять": 10,
        "пятнадцать": 15,
        "двадцать": 20,
        "тридцать": 30,
    },
    "pt": {
        "um": 1,
        "dois": 2,
        "duas": 2,
        "três": 3,
        "tres": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
        "onze": 11,
        "doze": 12,
        "quinze": 15,
        "vinte": 20,
        "trinta": 30,
    },
    "it": {
        "uno": 1,
        "una": 1,
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
        "undici": 11,
        "dodici": 12,
        "quindici": 15,
        "venti": 20,
        "trenta": 30,
    },
}

# "Next monday" in each language: words before the day, articles, words after the day.
NEXT: dict[str, tuple[str, ...]] = {
    "fr": ("", "le", "prochain|suivant"),
    "de": ("am nächsten|am kommenden|nächsten|nächster|nächste|kommenden|kommender", "", ""),
    "es": (
        "el próximo|el proximo|el siguiente|próximo|proximo",
        "el",
        "que viene|próximo|proximo|siguiente",
    ),
    "ru": (
        "в следующий|в следующую|в следующее|следующий|следующую|следующее|"
        "в ближайший|в ближайшую|в ближайшее",
        "",
        "",
    ),
    "pt": (
        "na próxima|na proxima|no próximo|no proximo|próxima|proxima|próximo|proximo",
        "na|no",
        "que vem|próxima|proxima|próximo|proximo",
    ),
    "it": ("il prossimo|la prossima|prossimo|prossima", "il|la", "prossimo|prossima"),
}

_ENGLISH_UNITS = ("seconds", "second", "minutes", "minute", "hours", "hour", "days", "day")
_UNIT_VALUES = frozenset((*_ENGLISH_UNITS, "weeks", "week", "months", "month", "years", "year"))

Spans = Callable[[int, int], tuple[int, int]]


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered if w)


@cache
def _table(codes: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """Return one pattern for every foreign time word of the languages, and their English.

    Its groups: `day` is a weekday said as "the next" one, `number` a number before a unit.
    """
    table: dict[str, str] = {}
    for code in codes:
        for word, english in WORDS[code].items():
            table.setdefault(word, english)
        for word, value in NUMBERS[code].items():
            table.setdefault(word, str(value))
    days = _alternation(w for c in codes for w, e in WORDS[c].items() if e in _DAYS)
    units = _alternation((*_ENGLISH_UNITS, *(w for w, e in table.items() if e in _UNIT_VALUES)))
    numbers = _alternation(w for c in codes for w in NUMBERS[c])
    before = _alternation(w for c in codes for w in NEXT[c][0].split("|"))
    articles = _alternation(w for c in codes for w in NEXT[c][1].split("|"))
    after = _alternation(w for c in codes for w in NEXT[c][2].split("|"))
    nexts = [rf"(?:{before})\s+(?P<day>{days})"] if before else []
    if after:
        lead = rf"(?:(?:{articles})\s+)?" if articles else ""
        nexts.append(rf"{lead}(?P<day2>{days})\s+(?:{after})")
    options = [
        *nexts,
        rf"(?P<number>{numbers})(?=\s+(?:{units})(?!\w))",
        _alternation(table),
    ]
    body = "|".join(f"(?:{o})" for o in options)
    # Elided words come first: "un'ora" is "un'" and "ora", not "un".
    return re.compile(rf"(?<!\w)(?:all'|un')|(?<!\w)(?:{body})(?!\w)"), table


def _english(match: re.Match[str], table: dict[str, str]) -> str:
    day = match.groupdict().get("day") or match.groupdict().get("day2")
    if day:
        return "next " + table[" ".join(day.split())]
    return table[" ".join(match[0].split())]


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
            (_english(match, table), match.start(), True, match.end()),
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
