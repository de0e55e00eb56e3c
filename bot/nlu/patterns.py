"""The words that say what a message wants done, as regular expressions over lower-case text.

Each pattern reads a whole (politeness-stripped) message. Named groups carry what the action
works on: `x` the item pointed at, `w` a time, `t` a new text, `q` a search query, `p` a place.
"""

from __future__ import annotations

import re

from bot.nlu.frame import Action, Domain

_F = re.I | re.S

# Verbs that open an order: before one, "actually" says nothing ("actually add milk"), while
# "actually, the dentist is on friday" corrects what was said.
_ORDER = (
    r"(?:add|put|move|push|pull|bring|change|update|switch|set|rename|reschedule|delete|remove|"
    r"cancel|remind|mark|tick|note|make)"
)
# Leading and trailing words that change nothing: "please can you …", "… thanks".
POLITE_HEAD = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so|um+|uh+|oh|yo|right|alright|fyi|btw|by\s+the\s+way|"
    rf"never\s*mind|nvm|well|hmm+|(?:actually|on\s+second\s+thought)(?=[\s,]+{_ORDER}\b))"
    r"\b[\s,!.:]*)?"
    r"(?:(?:and|also|plus)\s+(?:also\s+)?)?"
    r"(?:(?:please|pls|plz|kindly)\b[\s,]*)?"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+)?|(?:can|could|shall)\s+we\s+"
    r"|let'?s\s+)?"
    r"(?:(?:please|pls|plz)\b[\s,]*)?",
    _F,
)
POLITE_TAIL = re.compile(
    r"(?:[\s,]+(?:please|pls|plz|thanks|thank\s+you|thx|ty|for\s+me))+\s*[.!?]*$|[\s.!]+$", _F
)

# Words that name a kind of item, and the domain they name.
KIND_WORDS: tuple[tuple[Domain, str], ...] = (
    (
        Domain.TASKS,
        r"tasks?|to-?dos?|to\s+dos?|chores?|todo\s+items?|t[âa]ches?|aufgaben?|tareas?|compiti|compito"
        r"|tarefas?|задач[уаи]?",
    ),
    (
        Domain.REMINDERS,
        r"reminders?|alarms?|nudges?|rappels?|erinnerung(?:en)?|recordatorios?|promemoria"
        r"|lembretes?|напоминани[ея]",
    ),
    (
        Domain.EVENTS,
        r"events?|appointments?|appts?|meetings?|calendar\s+entr(?:y|ies)|bookings?"
        r"|[ée]v[ée]nements?|rendez-vous|termine?|eventos?|eventi|событи[ея]",
    ),
    (Domain.NOTES, r"notes?|memos?|notiz(?:en)?|notas?|заметк[ауи]"),
)
KIND = "|".join(f"(?:{words})" for _, words in KIND_WORDS)


def kind_of(word: str) -> Domain | None:
    """The domain an item word names ("reminder" → reminders), or None."""
    for domain, words in KIND_WORDS:
        if re.fullmatch(words, word.strip(), re.I):
            return domain
    return None


# A bare list word, or a request to list one kind of item.
_LIST_WORDS = (
    (
        Domain.TASKS,
        r"tasks?|task\s+list|to-?dos?|to-?do\s+list|to\s+do(?:\s+list)?|chores|list"
        r"|(?:shopping|grocery|groceries)(?:\s+list)?"
        r"|(?:mes\s+)?t[âa]ches|(?:meine\s+)?aufgaben|(?:mis\s+)?tareas|(?:i\s+miei\s+)?compiti"
        r"|(?:minhas\s+)?tarefas|(?:мои\s+)?задачи",
    ),
    (
        Domain.REMINDERS,
        r"reminders?|alarms|(?:mes\s+)?rappels|(?:meine\s+)?erinnerungen"
        r"|(?:mis\s+)?recordatorios|(?:i\s+miei\s+)?promemoria|(?:meus\s+)?lembretes"
        r"|(?:мои\s+)?напоминания",
    ),
    (
        Domain.EVENTS,
        r"events|appointments|meetings|calendar|upcoming\s+events|(?:mes\s+)?[ée]v[ée]nements"
        r"|(?:meine\s+)?termine|(?:mis\s+)?eventos|(?:i\s+miei\s+)?eventi|(?:meus\s+)?eventos"
        r"|(?:мои\s+)?события",
    ),
    (
        Domain.NOTES,
        r"notes|memos|(?:mes\s+)?notes|(?:meine\s+)?notizen|(?:mis\s+)?notas|(?:le\s+mie\s+)?note"
        r"|(?:minhas\s+)?notas|(?:мои\s+)?заметки",
    ),
)
BARE_LIST = tuple(
    (
        domain,
        re.compile(
            rf"^(?:(?:my|all|all\s+my|open|pending|upcoming|current|the)\s+)*(?:{words})"
            r"(?:\s+(?:please|pls|list|again))?\s*[?!.]*$",
            _F,
        ),
    )
    for domain, words in _LIST_WORDS
)
_ALL_LIST = "|".join(f"(?:{words})" for _, words in _LIST_WORDS)
LIST_REQUEST = re.compile(
    r"^(?:(?:list|show|see|view|display|get|read|check|open|print|give|tell|zeig(?:e)?|montre(?:-moi)?|"
    r"affiche|muéstrame|muestra|mostrami|mostra(?:-me)?|покажи)\s+(?:me\s+|mir\s+|moi\s+|мне\s+)?"
    r"|(?:what|wht|wat|wot)(?:'s|s|\s+is|\s+are|\s+were)\s+(?:on\s+|in\s+)?"
    r"|(?:what|which|wot|wat|wht)\s+(?=\S+\s+(?:do|have)\s+i\b)"
    r"|(?:do|have)\s+i\s+(?:have|got)\s+(?:any\s+)?|any\s+|how\s+many\s+)"
    r"(?:all\s+)?(?:of\s+)?(?:my\s+|the\s+|your\s+|meine\s+|mes\s+|mis\s+|i\s+miei\s+|le\s+mie\s+|"
    r"minhas\s+|meus\s+|мои\s+)?"
    r"(?:open\s+|pending\s+|upcoming\s+|current\s+|active\s+|remaining\s+|outstanding\s+)?"
    rf"(?P<kind>{_ALL_LIST})\b(?P<rest>.*)$",
    _F,
)


def list_domain(word: str) -> Domain | None:
    for domain, words in _LIST_WORDS:
        if re.fullmatch(words, word.strip(), re.I):
            return domain
    return None


# Schedule questions: answered from events, reminders and due tasks together.
AGENDA = tuple(
    re.compile(p, _F)
    for p in (
        r"^what(?:\s+do\s+i\s+have|\s+have\s+i\s+got|\s+am\s+i\s+doing|\s+are\s+my\s+plans"
        r"|\s+does\s+my\s+(?:day|week|schedule|calendar|weekend)\s+look\s+like"
        r"|(?:'s|s|\s+is)\s+(?:happening|planned|scheduled|coming\s+up|on(?!\s+(?:my\s+)?(?:tasks?|"
        r"to-?do|notes|reminders))|due))(?P<rest>(?:\s.*)?)$",
        r"^(?:am\s+i|are\s+we|r\s+u|are\s+you)\s+(?:free|busy|available|booked|around)\b(?P<rest>.*)$",
        r"^(?:¿\s*)?(?:sono\s+liber[oa]|je\s+suis\s+libre|suis-je\s+libre|estoy\s+libre|bin\s+ich\s+frei|"
        r"habe\s+ich\s+zeit|estou\s+livre|я\s+свободн(?:а|ен))\b(?P<rest>.*)$",
        r"^(?:do|did|will)\s+i\s+have\s+(?:anything|something|stuff|any\s+(?:plans|events|meetings|"
        r"appointments|commitments))\b(?P<rest>.*)$",
        r"^(?:have\s+i\s+got|is\s+there|are\s+there|got)\s+(?:anything|any\s+(?:plans|events|meetings|"
        r"appointments))\b(?P<rest>.*)$",
        r"^any(?:thing)?\s+(?:on|planned|scheduled|happening|coming\s+up|plans|meetings|"
        r"appointments|events)\b(?P<rest>.*)$",
        r"^anything\s+(?P<rest>(?:today|tonight|tomorrow|later|this\s+\w+|on\s+\w+)\b).*$",
        r"^(?:show|list|give|tell|read)\s+(?:me\s+)?(?:my\s+|the\s+)?(?:schedule|agenda|diary|plans|day|"
        r"week)\b(?P<rest>.*)$",
        r"^(?:my\s+)?(?:schedule|agenda|diary|plans)(?P<rest>(?:\s+(?:for|on)\s.*|\s+(?:today|"
        r"tomorrow|tonight|this\s+\w+|next\s+\w+))?)\W*$",
        r"^what(?:'s|s|\s+is)\s+(?:next|up\s+next|coming\s+up\s+next)\b(?P<rest>.*)$",
        r"^how(?:'s|\s+is|\s+does)\s+my\s+(?:day|week|schedule|calendar|weekend|morning|afternoon)"
        r"(?P<rest>.*)$",
        r"^(?P<rest>today|tomorrow|tonight)(?:'s)?\s+(?:schedule|agenda|plans|events)\W*$",
        r"^what(?:'s|s|\s+is|\s+does)\s+my\s+(?:day|week|schedule|weekend)\s+look(?:ing)?\s+like"
        r"(?P<rest>.*)$",
        r"^(?:free|busy|available)\b(?P<rest>.*)$",
        r"^(?:do|did|will)\s+i\s+have\s+(?:any\s+)?plans\b(?P<rest>.*)$",
        r"^(?:qu'?est-ce\s+que\s+j'?ai|que\s+(?:dois-je|fais-je)|was\s+(?:habe\s+ich|steht)"
        r"|(?:¿\s*)?qu[ée]\s+tengo|cosa\s+ho|что\s+у\s+меня|o\s+que\s+(?:eu\s+)?tenho)"
        r"(?P<rest>.*?)(?:\s+an)?\s*[?¿!.]*$",
    )
)
# Without a time, one of these must be there for "what's …" to be about the schedule.
SCHEDULE_WORDS = re.compile(
    r"\b(?:calendar|schedule|agenda|diary|plans?|planned|scheduled|coming\s+up|free|busy|"
    r"available|booked|anything|on\s+for|have\s+on)\b",
    re.I,
)
FREE_BUSY = re.compile(
    r"\b(?:free|busy|available|booked|liber[oa]|libre|frei|zeit|livre|свободн\w*)\b", re.I
)
# "when is my dentist", "when's the team sync": one event or reminder, shown.
WHEN_IS = re.compile(
    r"^(?:when(?:'s|s|\s+is|\s+are|\s+was|\s+(?:am\s+i|do\s+i\s+have\s+to|should\s+i|do\s+i\s+need\s+to"
    r"|is\s+it\s+time\s+to|will\s+you\s+remind\s+me\s+(?:to|about))(?:\s+(?:supposed|meant)\s+to)?)"
    r"|where(?:'s|s|\s+is|\s+are|\s+was)|what\s+time\s+(?:is|are|was)(?!\s+it\b)"
    r"|what(?:'s|s|\s+is|\s+was)\s+the\s+(?:address|location|place|venue)\s+(?:for|of))\s+"
    r"(?P<x>.+?)\W*$",
    _F,
)

SEARCH_NOTES = tuple(
    re.compile(p, _F)
    for p in (
        r"^(?:search|find|look\s+up|look\s+for|grep|check|scan)\s+(?:in\s+|through\s+)?(?:my\s+|the\s+)?"
        r"notes?\s+(?:for\s+|about\s+|on\s+|mentioning\s+|with\s+|that\s+mention\s+|regarding\s+|re:?\s+)?"
        r"(?P<q>.+)$",
        r"^(?:find|search(?:\s+for)?|look\s+for|show(?:\s+me)?|get|pull\s+up|open|read)\s+"
        r"(?:me\s+)?(?:my\s+|the\s+|all\s+)?notes?\s+(?:about|on|for|mentioning|with|regarding|re:?|"
        r"that\s+mentions?|containing)\s+(?P<q>.+)$",
        r"^(?:find|search(?:\s+for)?|look\s+for|look\s+up)\s+(?P<q>.+?)\s+in\s+(?:my\s+|the\s+)?notes$",
        r"^what\s+did\s+i\s+(?:write|note|jot|save|put)(?:\s+down)?\s+(?:about|on|regarding|for)\s+"
        r"(?P<q>.+)$",
        r"^(?:do\s+i\s+have|is\s+there|have\s+i\s+got)\s+(?:a|any)\s+notes?\s+(?:about|on|for|"
        r"mentioning|with)\s+(?P<q>.+)$",
        r"^notes?\s+(?:about|on|mentioning|regarding|re:?)\s+(?P<q>.+)$",
        r"^(?:busca|cherche|recherche|suche|cerca|procura|найди|ищи)\s+(?:en|dans|in|nas?|в)\s+"
        r"(?:mis|mes|meinen|le\s+mie|minhas|моих)\s+(?:notas|notes|notizen|note|заметках)\s+"
        r"(?P<q>.+)$",
    )
)

# What time it is somewhere, and where the person lives.
TIME_IN_PLACE = (
    re.compile(
        r"^(?:what(?:'s|s|\s+is)?\s+(?:the\s+)?(?:current\s+|local\s+)?time(?:\s+is\s+it|\s+it\s+is)?"
        r"|(?:current\s+|local\s+)?time|what\s+time\s+(?:is\s+it|it\s+is))"
        r"(?:\s+(?:right\s+)?now)?(?:\s+back\s+home|\s+over|\s+there)?\s+(?:in|at|for)\s+(?P<p>.+?)"
        r"(?:\s+(?:right\s+)?now|\s+currently|\s+at\s+the\s+moment|\s+today)?\W*$",
        _F,
    ),
    re.compile(r"^(?:what\s+time\s+is\s+it|time)\s+(?:over\s+)?in\s+(?P<p>.+?)\W*$", _F),
    re.compile(r"^how\s+late\s+is\s+it\s+in\s+(?P<p>.+?)\W*$", _F),
    re.compile(r"^what(?:'s|s|\s+is)\s+the\s+time\s+over\s+in\s+(?P<p>.+?)\W*$", _F),
    re.compile(
        r"^(?:(?:¿\s*)?qu(?:elle|é)\s+(?:heure|hora)\s+(?:est-il|es)|wie\s+sp[äa]t\s+ist\s+es"
        r"|che\s+or[ae]\s+(?:sono|è)|сколько\s+(?:сейчас\s+)?времени|который\s+час"
        r"|que\s+horas\s+s[ãa]o)\s+(?:à|a|en|in|em|в|no|na)\s+(?P<p>.+?)\s*[?!.]*$",
        _F,
    ),
)
SET_ZONE = tuple(
    re.compile(p, _F)
    for p in (
        r"^(?:set|change|switch|update|make|put|move)\s+(?:my\s+|the\s+)?(?:time\s*-?zone|tz|zone)"
        r"(?:\s+(?:to\s+|as\s+|=\s*|for\s+)?(?P<p>.+?))?\W*$",
        r"^(?:my\s+)?(?:time\s*-?zone|tz)\s*(?:is|=|:|to|should\s+be)?\s*(?P<p>.+?)\W*$",
        r"^(?:use|switch\s+(?:me\s+)?to|go\s+by|change\s+(?:me\s+)?to|set\s+me\s+to)\s+(?P<p>.+?)"
        r"\s+time(?:\s*-?zone)?\W*$",
    )
)
# Only when the place is one a gazetteer knows ("I'm in a meeting" is not a time zone).
LIVE_IN = tuple(
    re.compile(p, _F)
    for p in (
        r"^(?:i(?:'m|\s+am|m)?|we(?:'re|\s+are)?)\s+(?:live|living|based|located|staying|settled)\s+"
        r"(?:in|at)\s+(?P<p>.+?)\W*$",
        r"^(?:.*?\b)?i(?:'m|\s+am|m)\s+on\s+(?P<p>.+?)\s+time\W*$",
        r"^i\s+live\s+in\s+(?P<p>.+?)\W*$",
        r"^(?:(?:i|we)(?:'ve|\s+have)?\s+)?(?:just\s+)?(?:moved|relocated)\s+(?:over\s+)?to\s+(?P<p>.+?)"
        r"(?:\s+(?:last|this)\s+(?:week|month|year)|\s+recently)?\W*$",
        r"^i(?:'m|\s+am|m)?\s+(?:live|living|based|located)\s+in\s+(?P<p>.+?)\s+now\W*$",
        r"^i(?:'m|\s+am|m)\s+(?:now\s+|currently\s+|at\s+the\s+moment\s+)?in\s+(?P<p>.+?)"
        r"(?:\s+(?:now|these\s+days|this\s+week|for\s+now))?\W*$",
        r"^i(?:'m|\s+am|m)\s+(?:from|travelling\s+to|traveling\s+to)\s+(?P<p>.+?)\W*$",
        r"^(?:(?:maintenant|jetzt|ahora|adesso|ora|agora|теперь)\s+)?"
        r"(?:(?:je\s+(?:vis|suis|habite)|j'habite)\s+(?:maintenant\s+)?(?:à|a|en|au)"
        r"|ich\s+(?:wohne|lebe|bin)\s+(?:jetzt\s+|nun\s+)?in|vivo\s+(?:ahora\s+)?en|"
        r"estoy\s+en|vivo\s+em|moro\s+em|abito\s+a|vivo\s+a|я\s+живу\s+в|"
        r"(?:me|nos)\s+(?:he\s+|hemos\s+)?mud(?:é|e|amos|ado)\s+a|j'ai\s+d[ée]m[ée]nag[ée]\s+(?:à|a|en|au)|"
        r"mi\s+sono\s+trasferit[oa]\s+a|(?:me\s+)?mudei(?:-me)?\s+para|я\s+переехал[аи]?\s+в|"
        r"ich\s+bin\s+nach)\s+(?P<p>.+?)(?:\s+gezogen)?\W*$",
    )
)
# "is it the middle of the night in LA right now?": the time there, when the place is known.
LOOSE_TIME_IN = (
    re.compile(r"^(?:current|local|the)\s+time\s+(?:in\s+|at\s+)?(?P<p>.+?)\W*$", _F),
    re.compile(
        r"^(?:is|would)\s+it\s+(?:be\s+)?(?:\S+\s+){0,5}?in\s+(?P<p>.+?)"
        r"(?:\s+(?:right\s+)?now|\s+at\s+the\s+moment|\s+yet|\s+already)\W*$",
        _F,
    ),
    re.compile(
        r"^(?:is\s+it\s+)?too\s+(?:late|early)\s+to\s+call\s+(?:\S+\s+)?in\s+(?P<p>.+?)\W*$", _F
    ),
)
# Two places' clocks: "time difference between london and LA", "what time is it here when
# it's 3pm in london", "3pm london time in new york". `t` is the time said, if any.
TIME_BETWEEN = (
    re.compile(
        r"^(?:what(?:'s|s|\s+is)\s+the\s+)?time\s+difference\s+(?:between\s+)?(?P<a>.+?)\s+"
        r"(?:and|to|vs\.?|versus)\s+(?P<b>.+?)\W*$",
        _F,
    ),
    re.compile(
        r"^what\s+time\s+(?:is\s+it|will\s+it\s+be|would\s+it\s+be)\s+(?:here|for\s+me|"
        r"in\s+(?P<b>.+?))\s+when\s+it(?:'s|\s+is)\s+(?P<t>.+?)\s+in\s+(?P<a>.+?)\W*$",
        _F,
    ),
    re.compile(
        r"^(?:what(?:'s|s|\s+is)\s+)?(?P<t>\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?)\s+(?P<a>.+?)\s+time\s+"
        r"(?:in|for)\s+(?P<b>.+?)\W*$",
        _F,
    ),
)
# A question about a day: "how many days until christmas", "what day is the 25th".
DAY_QUESTION = (
    re.compile(
        r"^how\s+(?:many|much)\s+(?:more\s+)?(?:days|weeks|sleeps)\s+(?:are\s+(?:there\s+)?)?(?:left\s+)?"
        r"(?:until|till|til|to|before|unt?il)\s+(?P<d>.+?)\W*$",
        _F,
    ),
    re.compile(r"^how\s+long\s+(?:is\s+it\s+)?(?:until|till|til|to|before)\s+(?P<d>.+?)\W*$", _F),
    re.compile(
        r"^what\s+(?:day|date)(?:\s+of\s+the\s+(?:week|month))?\s+(?:is|was|will\s+be|does|falls?\s+on)"
        r"\s+(?P<d>.+?)(?:\s+(?:fall\s+on|land\s+on|on))?\W*$",
        _F,
    ),
)
WHAT_TIME = re.compile(
    r"^(?:what(?:'s|s|\s+is)?\s+(?:the\s+)?(?:current\s+|local\s+)?(?:time|date|day)"
    r"(?:\s+is\s+it|\s+it\s+is|\s+is\s+today|\s+today)?|(?:the\s+|current\s+)?time|date|"
    r"today'?s\s+date|what\s+day\s+of\s+the\s+(?:week|month)\s+is\s+it|do\s+you\s+have\s+the"
    r"\s+time)(?:\s+(?:now|right\s+now|here|please))?\W*$",
    re.I,
)

# Verbs on an existing item. Order matters: the first that matches wins.
_OBJ = r"(?P<x>.+?)"
_LIST_TAIL = (
    r"(?:\s+(?:from|off|on|in)\s+(?:my\s+|the\s+)?"
    r"(?:list|to-?do\s+list|todo|tasks?|reminders|calendar|notes|(?:shopping|grocery)\s+list))?"
)
# The words for "move" in the six other languages, and the words before a move's new time.
FOREIGN_MOVES = r"verschieb(?:e|en)?|verlege|cambia|mueve|sposta|перенеси|muda|mova"
MOVED_TO = (
    r"(?:to|till|until|for|->|back\s+to|forward\s+to|over\s+to|at|on|due(?:\s+on|\s+by)?|à|"
    r"a(?!\s+(?:week|day|month|year|bit|while|few|couple|little|fortnight|minute|hour|half)\b)|"
    r"auf|на|para|alle|al|zu|um|às)"
)
_PLACE_WORDS = r"(?:place|venue|location|address)"
# ", not the 9th", "instead of Dishoom": what a correction replaces.
# "got the milk", "paid the rent": done, said without "I" (the router must agree).
BARE_DONE = (
    r"(?:just\s+|finally\s+|already\s+)?(?:bought|paid|booked|fixed|cleaned|got|picked\s+up|"
    r"took\s+out|posted|returned|renewed|sent|called|rang|phoned|emailed|e-mailed|texted|ordered|"
    r"dropped\s+off|handed\s+in|submitted|filed|signed|printed|washed|mowed)"
)
_NOT_THAT = r"(?:not|instead\s+of|rather\s+than)\s+.+"
# "…, btw": said in passing about something already known, so not a new item.
_ASIDE = r"(?:btw|by\s+the\s+way|fyi|for\s+info)"
# How far a shift goes: "an hour", "10 minutes", "half an hour".
_BY = r"(?:an?|\d+|one|two|three|half\s+an)\s+\S+"
# The start of a repeat: "weekly", "every friday", "tuesdays", "on weekdays".
_REPEAT = (
    r"(?:every|each|daily|weekly|monthly|yearly|annually|hourly|fortnightly|weekdays|weekends|"
    r"(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)days)\b"
)
ITEM_VERBS: tuple[tuple[Action, re.Pattern[str]], ...] = tuple(
    (action, re.compile(pattern, _F))
    for action, pattern in (
        (Action.SNOOZE, r"^snooze\b(?P<rest>.*)$"),
        (Action.SNOOZE, r"^(?:remind\s+me\s+)?again\s+(?P<rest>(?:in|at|tomorrow|later)\b.*)$"),
        (Action.SNOOZE, r"^not\s+(?:now|yet)\W*(?P<rest>.*)$"),
        (
            Action.SNOOZE,
            r"^(?:give\s+me|i\s+need|just|need)\s+(?:another\s+)?(?P<rest>\S+(?:\s+more)?\s+"
            r"(?:min|mins|minutes?|hours?|hrs?|h|m)\b)(?:\s+more)?\W*$",
        ),
        (
            Action.SNOOZE,
            r"^(?:repousse|reporte|rappelle-moi\s+plus\s+tard|schlummern|sp[äa]ter|pospón|posponer|"
            r"rimanda|posticipa|отложи|adia|adiar)\b(?:\s+(?:de|um|por|di|на|en|de))?(?P<rest>.*)$",
        ),
        (
            Action.EDIT,
            rf"^(?:change|update|set|switch|move|make)\s+(?:the\s+)?{_PLACE_WORDS}\s+(?:of|for)\s+"
            rf"{_OBJ}\s+(?:to|as)\s+(?P<pl>.+?)\W*$",
        ),
        (
            Action.EDIT,
            rf"^(?:change|update|set|switch)\s+{_OBJ}(?:'s|’s)?\s+{_PLACE_WORDS}\s+(?:to|as)\s+"
            rf"(?P<pl>.+?)\W*$",
        ),
        (
            Action.MOVE,
            rf"^{_OBJ}(?:\s+is|'s|\s+are)\s+(?:actually|really|now)\s+(?P<prep>on|at|in|for)\s+"
            rf"(?P<w>.+?)(?:\s*[,;]?\s*{_NOT_THAT})?\W*$",
        ),
        (
            Action.MOVE,
            rf"^{_OBJ}(?:\s+is|'s|\s+are)\s+(?P<prep>on|at|in|for)\s+(?P<w>.+?)"
            rf"(?:(?:\s+now|\s+instead)(?:\s*[,;]?\s*{_NOT_THAT})?|\s*[,;]?\s*{_NOT_THAT}"
            rf"|\s*[,;]?\s*{_ASIDE})\W*$",
        ),
        (
            Action.MOVE,
            rf"^(?:can|could|would|please)?\s*(?:you\s+)?(?:make\s+)?{_OBJ}\s+(?:go\s+off|ring|start|"
            rf"happen|be|fire|come)\s+(?P<by>{_BY})\s+(?:earlier|later|sooner)\W*$",
        ),
        (
            # "can the bins reminder be at 8 instead", "could the dentist be on friday"
            Action.MOVE,
            rf"^(?:can|could|would)\s+(?:you\s+)?(?:make\s+)?{_OBJ}\s+(?:go\s+off|ring|start|happen|"
            rf"be)\s+(?P<prep>at|on)\s+(?P<w>.+?)(?:\s+instead|\s+rather)?(?:\s+please)?\W*$",
        ),
        (
            # "the plumber cant come today, make it monday", "… he said wednesday same time"
            Action.MOVE,
            rf"^{_OBJ}\s+(?:can'?t|cannot|can\s+not|won'?t\s+be\s+able\s+to)\s+(?:come|make\s+it|do\s+it)"
            rf"(?:\s+(?:on\s+)?[\w']+)?\s*[,;.-]+\s*(?:so\s+)?(?:(?:he|she|they)\s+(?:said|says)\s+|"
            rf"make\s+it\s+|move\s+it\s+to\s+|(?:can|could)\s+(?:do|come)\s+)(?P<w>.+?)"
            rf"(?:\s+instead)?\W*$",
        ),
        (
            # "the business cards can wait, move it to next friday"
            Action.MOVE,
            rf"^{_OBJ}\s+(?:can\s+wait|isn'?t\s+urgent|is\s+not\s+urgent)\s*[,;.-]+\s*(?:so\s+)?"
            rf"(?:move|push|put\s+off|postpone|bump|shift)\s+(?:it|that|this)\s+(?:back\s+)?"
            rf"(?:to|till|until)\s+(?P<w>.+?)\W*$",
        ),
        (
            Action.MOVE,
            rf"^remind\s+me\s+(?:about|of|to)\s+{_OBJ}\s+(?P<by>{_BY})\s+(?:earlier|later|sooner)"
            rf"(?:\s+instead)?\W*$",
        ),
        (
            Action.MOVE,
            rf"^(?:remind\s+me\s+(?:about|of|to)|(?:(?:can|could|shall)\s+(?:we|i|you)\s+|"
            rf"let'?s\s+)?(?:do|have|make|hold|move))\s+{_OBJ}\s+(?:at|on|to|for)\s+"
            rf"(?P<w>.+?)\s+(?:instead|rather)(?:\s+(?:of|than)\s+.+)?\W*$",
        ),
        (
            Action.EDIT,
            rf"^{_OBJ}\s+should\s+(?:say|read|be\s+called|be\s+named)\s*:?\s+(?P<t>.+)$",
        ),
        (
            Action.APPEND,
            r"^(?:add|append|write)\s+to\s+(?:my\s+|the\s+)?(?P<x>(?:[\w'-]+\s+){1,3}note)\s*:\s*"
            r"(?P<t>.+?)\W*$",
        ),
        (
            Action.APPEND,
            r"^(?:add|put|append|write|stick|jot)\s+(?P<t>.+?)\s+(?:to|on|in|into|onto)\s+(?:my\s+|the\s+)?"
            r"(?P<x>(?:[\w'-]+\s+){1,3}note|note\s+(?:\d+|about\s+.+?|on\s+.+?))\W*$",
        ),
        (
            # "add bath salts to the gift ideas": to a note by its title (else nothing changes).
            Action.APPEND,
            r"^(?:add|append|stick|jot)\s+(?!(?:an?\s+)?(?:new\s+)?(?:tasks?|reminders?|notes?|events?|"
            r"to-?\s?dos?|items?|appointments?)\b)(?P<t>.+?)\s+(?:to|onto|into)\s+(?:my\s+|the\s+|our\s+)?"
            r"(?P<x>(?![^,]*\b(?:list|lists|tasks?|to-?\s?dos?|calendar|diary|agenda|schedule|shopping|"
            r"grocer\w*|reminders?|events?|notes?|it|them|that|this)\b)[a-z][\w'-]*(?:\s+[\w'-]+){0,3})"
            r"\W*$",
        ),
        (
            Action.MOVE,
            rf"^(?!(?:what|which|who|anything|something|nothing)\b){_OBJ}(?:\s+is|'s|\s+are)\s+"
            rf"(?:now\s+|actually\s+)?due\s+(?:on\s+|by\s+|at\s+)?"
            rf"(?P<w>.+?)(?:\s+now|\s+instead)?\W*$",
        ),
        (
            Action.MOVE,
            rf"^{_OBJ}\s+should\s+(?:repeat|recur|happen|be|go\s+off)\s+(?P<w>{_REPEAT}.*)$",
        ),
        (Action.MOVE, rf"^(?:repeat|recur)\s+{_OBJ}\s+(?P<w>{_REPEAT}.*)$"),
        (
            Action.MOVE,
            rf"^(?:change|move|update|reschedule)\s+the\s+(?:time|date|day)\s+(?:of|for)\s+{_OBJ}\W*$",
        ),
        (
            Action.MOVE,
            rf"^(?:make|change|switch|turn|set)\s+{_OBJ}\s+(?:to\s+|into\s+)?(?:an?\s+)?"
            rf"(?P<w>{_REPEAT}.*?)(?:\s+(?:one|reminder|event|thing|task))?\W*$",
        ),
        (
            Action.COMPLETE,
            rf"^(?:mark|set|flag)\s+{_OBJ}\s+(?:as\s+)?(?:done|complete[d]?|compl?e?te[d]?|compelte[d]?|"
            rf"finished|checked|bought|purchased|paid|sent|called|got|sorted|handled|"
            rf"ticked)\W*$",
        ),
        (
            Action.COMPLETE,
            rf"^(?:cross|tick|check|scratch|knock|strike)\s+{_OBJ}\s+off{_LIST_TAIL}\W*$",
        ),
        (
            Action.COMPLETE,
            rf"^(?:done(?:\s+with)?|did|finished|finish|completed?|check(?:ed)?\s+off|"
            rf"cross(?:ed)?\s+off|tick(?:ed)?\s+off|scratch\s+off|knock(?:ed)?\s+off|"
            rf"strike(?:\s+off|\s+out)?|i(?:'ve|\s+have)?\s+(?:already\s+|just\s+|finally\s+)?"
            rf"(?:done|did|finished|completed|"
            rf"bought|called|paid|sent|booked|fixed|cleaned|got|picked\s+up|taken\s+out|took\s+out"
            rf"|handled|sorted)(?:\s+with)?|{BARE_DONE})\s+{_OBJ}{_LIST_TAIL}\W*$",
        ),
        (
            Action.COMPLETE,
            rf"^{_OBJ}(?:\s+(?:is|are|was|were|has\s+been|have\s+been|got)|'s|’s)\s+(?:all\s+)?"
            rf"(?:done|finished|complete[d]?|sorted|taken\s+care\s+of|handled|bought|paid|"
            rf"ticked\s+off|crossed\s+off)(?:\W*$|\s*,.*$|\s+(?:so\s+)?(?:you\s+can\s+)?"
            rf"(?:take|cross|tick|mark|check)\s+(?:it|that)\s+off\W*$)",
        ),
        (
            Action.COMPLETE,
            rf"^{_OBJ}\s+(?:ist\s+erledigt|est\s+fait|c'est\s+fait|est[áa]\s+hech[oa]|"
            rf"è\s+fatt[oa]|сделано|готово|est[áa]\s+feit[oa])\W*$",
        ),
        (Action.COMPLETE, rf"^{_OBJ}\s+(?:done|finished|completed|✓|✅)\W*$"),
        (
            Action.COMPLETE,
            rf"^(?:done|finished|completed?|c'est\s+fait|fait|erledigt|hecho|hecha|fatto|готово|feito|"
            rf"tacha|tache|segna\s+come\s+fatto|marca\s+como\s+(?:hecha|feita|hecho|feito)|"
            rf"abhaken|hake)\s*[:,-]?\s+(?:pour|für|para|per|с|com)?\s*{_OBJ}\W*$",
        ),
        (Action.COMPLETE, rf"^cross\s+of\s+{_OBJ}\W*$"),
        (
            Action.COMPLETE,
            rf"^(?:marca|marque|segna|markeer)\s+{_OBJ}\s+(?:como|comme|come|als)\s+(?:hech[oa]|"
            rf"feit[oa]|conclu[íi]d[oa]|fait[e]?|termin[ée]e?|fatt[oa]|erledigt|klaar|gedaan)\W*$",
        ),
        (
            Action.COMPLETE,
            r"^(?:ya\s+|já\s+|j'ai\s+(?:déjà\s+)?|ho\s+(?:già\s+)?)(?:hice|terminé|acabé|fiz|terminei|"
            r"acabei|fini|fait|fatto|finito|\w+(?:é|í|ei))\s+(?P<x>[^,;]+?)\W*$",
        ),
        (
            Action.COMPLETE,
            rf"^(?:(?:i(?:'ve|\s+have)?\s+)?(?:finally\s+|just\s+)?got|finally\s+got)\s+{_OBJ}\s+"
            rf"(?:booked|done|sorted|fixed|paid|sent|cleaned|washed|bought|renewed|finished)\W*$",
        ),
        (
            Action.COMPLETE,
            rf"^{_OBJ}\s*[,;.-]+\s*(?:so\s+|please\s+|pls\s+)?(?:(?:tick|cross|check|mark|strike)\s+"
            rf"(?:it|that|this)\s+(?:off|done|as\s+done|complete)|m[áa]rcal[oa]\s+como\s+hech[oa]|"
            rf"coche-l[ae]|marque-l[ae]\s+comme\s+fait|hak\s+(?:es|das)\s+ab|segnal[oa]\s+come\s+fatt[oa]"
            rf"|вычеркни|отметь(?:\s+как\s+сделано)?"
            rf"|marca\s+como\s+feit[oa])(?:\s+please)?\W*$",
        ),
        (
            Action.DELETE,
            rf"^{_OBJ}(?:\s*[,;.!-]+\s*|\s+[^\w\s]+\s*)(?:so\s+|please\s+|pls\s+)?"
            rf"(?:you\s+can\s+|can\s+you\s+)?(?:delete|remove|drop|cancel|bin|scrap|take)\s+"
            rf"(?:it|that|this|the)(?:\s+(?:one|reminder|task|event|note|appointment))?"
            rf"(?:\s+off)?(?:\s+(?:please|pls))?\W*$",
        ),
        (
            Action.CANCEL,
            rf"^{_OBJ}\s+(?:is|has\s+been|was|got|has\s+got|'s\s+been|are|were)\s+"
            rf"(?:cancell?ed|off|called\s+off)\W*$",
        ),
        (Action.PAUSE, rf"^(?:pause|suspend|hold|mute|silence|put\s+on\s+hold)\s+{_OBJ}\W*$"),
        (
            Action.RESUME,
            rf"^(?:resume|unpause|un-pause|restart|reactivate|re-enable|enable|unmute|"
            rf"turn\s+back\s+on|start\s+again)\s+{_OBJ}\W*$",
        ),
        (Action.RESUME, rf"^(?:turn|switch|put)\s+{_OBJ}\s+back\s+on\W*$"),
        (
            Action.MOVE,
            rf"^{_OBJ}\s+(?:is\s+|has\s+been\s+|got\s+|was\s+|'s\s+)?(?:moved|rescheduled|pushed|"
            rf"changed|postponed|now)\s+(?:me\s+|us\s+|it\s+)?(?:back\s+)?"
            rf"(?P<prep>to|till|until|on|at|for)\s+(?P<w>.+)$",
        ),
        (
            Action.MOVE,
            r"^(?:make|change|move|set|switch|put|push|shift)\s+(?P<x>it|that|this)\s+"
            r"(?:to\s+|for\s+|at\s+|on\s+)?(?P<w>.+?)\W*$",
        ),
        (
            Action.MOVE,
            r"^(?P<x>)(?:.*?\b)?(?:i\s+meant|i\s+mean|make\s+that)\s+(?P<w>.+?)(?:\s+instead)?\W*$",
        ),
        (
            Action.MOVE,
            rf"^(?:actually\s+|no\s+|ok\s+)?make\s+{_OBJ}\s+(?:at\s+|for\s+)?"
            rf"(?P<w>(?:\d|noon|midnight|tomorrow|today|tonight|mon|tue|wed|thu|fri|sat|sun).*)$",
        ),
        (
            Action.MOVE,
            r"^(?P<x>)(?:no\s+wait|wait|no|actually|sorry|oops|i\s+meant|make\s+that)\W+"
            r"(?:make\s+it\s+|i\s+meant\s+|change\s+it\s+to\s+|(?:move\s+)?it\s+to\s+)?"
            r"(?P<w>.+?)\W*$",
        ),
        (
            Action.PAUSE,
            rf"^(?:stop|turn\s+off|switch\s+off)\s+{_OBJ}\s+(?:for\s+now|for\s+a\s+(?:while|bit)|"
            rf"until\s+further\s+notice|temporarily)\b.*$",
        ),
        (
            Action.EDIT,
            rf"^(?:rename|reword|retitle)\s+{_OBJ}\s*(?:\s+to|\s+as|:|->)\s+(?P<t>.+)$",
        ),
        (
            Action.EDIT,
            rf"^(?:change|update|edit|make|set|switch)\s+{_OBJ}\s+(?:so\s+it\s+|to\s+)?"
            rf"(?:says?|reads?)\s*:?\s+(?P<t>.+)$",
        ),
        (
            Action.MOVE,
            rf"^(?:move|reschedule|re-schedule|push(?:\s+back)?|shift|postpone|delay|bump|"
            rf"bring\s+forward|bring|put\s+off|change|update|set|make|switch|edit|modify|d[ée]place[rz]?|"
            rf"{FOREIGN_MOVES})\s+{_OBJ}\s+{MOVED_TO}\s+(?P<w>.+)$",
        ),
        (
            Action.MOVE,
            rf"^(?:push(?:\s+back)?|postpone|delay|bump|put\s+off|move|shift)\s+{_OBJ}\s+"
            rf"(?:back\s+|forward\s+|later\s+|earlier\s+)?(?:by\s+)?(?P<by>(?:an?|\d+|one|two|"
            rf"three|half\s+an)\s+\S+)(?:\s+(?:later|back|earlier|forward))?\W*$",
        ),
        (
            Action.EDIT,
            rf"^(?:edit|change|update|correct|fix|replace)\s+{_OBJ}\s*(?:\s+to|\s+with|:|->)\s+"
            rf"(?P<t>.+)$",
        ),
        (
            Action.CANCEL,
            rf"^(?:stop\s+reminding\s+me\s+(?:to|about|of)|don'?t\s+remind\s+me\s+"
            rf"(?:to|about|of)|no\s+need\s+to\s+remind\s+me\s+(?:to|about|of)|"
            rf"i\s+don'?t\s+need\s+(?:the\s+)?|cancel|call\s+off|stop|kill|abort|scrap|scratch|"
            rf"nevermind|never\s+mind|no\s+more|annule[rz]?|cancela[r]?|cancella|отмени|sag)"
            rf"\s+{_OBJ}(?:\s+any\s*more|\s+ab)?{_LIST_TAIL}\W*$",
        ),
        (
            Action.CANCEL,
            r"^no\s+(?P<x>(?!(?:more|need|way|idea|problem|worries|thanks)\b).+?\s+(?:(?:this|next|on)\s+"
            r"\w+|today|tonight|tomorrow))(?:\s+after\s+all|\s+then)?\W*$",
        ),
        (
            Action.DELETE,
            rf"^(?:delete|remove|del|rm|drop|erase|trash|"
            rf"bin(?!\s+(?:day|days|night|collection|men|man|lorry|bags?)\b)|"
            rf"clear|get\s+rid\s+of|take\s+off|"
            rf"forget(?:\s+about)?|throw\s+away|ditch|supprime[rz]?|efface[rz]?|l[öo]sche|"
            rf"entferne|streiche|verwijder|borra[r]?|elimina[r]?|cancella|rimuovi|удали(?:ть)?|apaga[r]?|"
            rf"remove[r]?|exclui[r]?)\s+{_OBJ}{_LIST_TAIL}\W*$",
        ),
    )
)

# A verb alone: which item is meant must be asked.
_SECOND_THOUGHT = r"(?:(?:actually|no|oh|wait|hmm+|oops|sorry|on\s+second\s+thought)\W+)*"
LONE_VERBS: tuple[tuple[Action, re.Pattern[str]], ...] = tuple(
    (action, re.compile(_SECOND_THOUGHT + pattern.removeprefix("^"), _F))
    for action, pattern in (
        (
            Action.COMPLETE,
            r"^(?:done|did\s+it|finished|complete[d]?|mark(?:\s+it)?\s+(?:as\s+)?done|"
            r"tick|check)\W*$",
        ),
        (Action.DELETE, r"^(?:delete|remove|del|erase)(?:\s+(?:it|that|one))?\W*$"),
        (Action.CANCEL, r"^(?:cancel|call\s+off)(?:\s+(?:it|that|one))?\W*$"),
    )
)

# "Add" in the six other languages, before the list a thing goes on: "añade leche a la lista".
_ADD_TO_LIST = r"añade|añadir|agrega|ajoute[rz]?|setz(?:e)?|füge|adiciona[r]?|aggiungi|добавь"

# A message that reads as making something new, and the words to cut from its front.
CREATE_CUES: tuple[tuple[Domain, re.Pattern[str]], ...] = (
    (
        Domain.REMINDERS,
        re.compile(
            r"^(?:remind|r[ei]?m[ie]?n?de?\s+(?:me|us)\b|reminder\b|set\s+(?:a\s+|an\s+|me\s+a\s+|up\s+a\s+)?(?:reminder|alarm)|"
            r"alarm\b|wake\s+me|nudge\s+me|ping\s+me|alert\s+me|buzz\s+me|text\s+me|"
            r"don'?t\s+let\s+me\s+forget|make\s+sure\s+i\s+(?:remember|don'?t\s+forget)|"
            r"rappelle|erinnere|recu[eé]rda|напомни|lembra|me\s+lembre|ricorda|weck\s+mich|"
            r"réveille-moi|despiértame|svegliami|разбуди|acorda-me|me\s+acorde)",
            re.I,
        ),
    ),
    (
        Domain.NOTES,
        re.compile(
            r"^(?:note\b|notes?:|save\s+(?:this|that)(?:\s+for\s+me)?\s*:|"
            r"(?:take|make|add|create|save|write|new)\s+(?:a\s+|this\s+)?"
            r"(?:quick\s+)?note|jot|write\s+(?:this\s+)?down|remember\s+(?:that|this)\b|memo\b|"
            r"notiz\s*:|apunta|annota|запиши|заметка\s*:|anota|note\s*:)",
            re.I,
        ),
    ),
    (
        Domain.TASKS,
        re.compile(
            r"^(?:(?:add|create|new|put)\s+(?:a\s+)?(?:new\s+)?(?:task|to-?do|to\s+do)\b|task\s*:|"
            r"(?:shopping|grocery)\s+list\s*:|.+,\s*add\s+(?:it\s+|them\s+)?to\s+(?:my\s+|the\s+)?list\b|"
            rf"(?:{_ADD_TO_LIST})\s+.+\s+"
            r"(?:a\s+la\s+lista|à\s+(?:ma|la)\s+liste|auf\s+(?:die|meine)\s+\w*liste|"
            r"à\s+(?:minha|a)\s+lista|alla\s+lista|в\s+список)\b|"
            r"to-?do\s*:|to\s+do\s*:|add\s+.+\s+to\s+(?:my\s+|the\s+)?(?:to-?do|to\s+do|task)?\s*"
            r"(?:list|tasks)\b|put\s+.+\s+on\s+(?:my\s+|the\s+)?(?:to-?do\s+|task\s+)?list|"
            r"to-?do\s|add\s+to\s+(?:my\s+)?(?:to-?do\s+)?list|"
            r"(?:ajoute[rz]?|nouvelle|neue|añad[ea]|añadir|nueva|aggiungi|nuovo|adiciona[r]?|nova|"
            r"добавь|новая)\s+(?:une\s+|la\s+|una\s+|il\s+|un\s+|a\s+|uma\s+)?"
            r"(?:t[âa]che|aufgabe|tarea|compito|tarefa|задач[ау])\b|aufgabe\s*:)",
            re.I,
        ),
    ),
    (
        Domain.EVENTS,
        re.compile(
            r"^(?:(?:add|create|new|schedule|book|put|set\s+up|plan)\s+(?:an?\s+)?(?:new\s+)?"
            r"(?:recurring\s+|repeating\s+|weekly\s+|daily\s+|monthly\s+)?"
            r"(?:event|appointment|appt|meeting)\b|event\s*:|appointment\s*:|"
            r"(?:add|put)\s+.+\s+(?:to|on|in)\s+(?:my\s+|the\s+)?calendar\b|schedule\b|book\b|"
            r"add\s+to\s+(?:my\s+)?calendar|"
            r"(?:ajoute[rz]?|neuer?|añad[ea]|añadir|nuevo|aggiungi|nuovo|adiciona[r]?|novo|добавь|"
            r"новое)\s+(?:un\s+|une\s+|el\s+|il\s+|o\s+|um\s+)?"
            r"(?:[ée]v[ée]nement|termin|evento|событие|rendez-vous)\b)",
            re.I,
        ),
    ),
)

# The command words cut from the front of a new item's text, per domain.
CREATE_PREFIX: dict[Domain, str] = {
    Domain.REMINDERS: (
        r"(?:set\s+(?:a\s+|an\s+|me\s+a\s+|up\s+a\s+)?(?:reminder|alarm)(?:\s+for\s+(?:me|us))?"
        r"\s*(?:to|for|about|that)?"
        r"|r[ei]?m[ie]?n?de?\s+(?:me|us)\s*(?:to|2|about|that|of)?|reminder\s*(?:to|for|about|:)?"
        r"|alarm\s*(?:for|to|:)?|nudge\s+me\s*(?:to|about)?|ping\s+me\s*(?:to|about)?"
        r"|alert\s+me\s*(?:to|about)?|buzz\s+me\s*(?:to|about)?|text\s+me\s*(?:to|about)?"
        r"|don'?t\s+let\s+me\s+forget\s*(?:to|about)?"
        r"|make\s+sure\s+i\s+(?:remember|don'?t\s+forget)\s*(?:to|about)?"
        r"|rappelle[- ]moi\s*(?:de\s+|d['’])?|erinnere\s+mich\s*(?:daran,?\s*)?(?:an\s+)?"
        r"|recu[eé]rdame\s*(?:que\s+|de\s+)?|напомни(?:\s+мне)?|lembra[- ]me\s*(?:de\s+)?"
        r"|me\s+lembr[ea]\s*(?:de\s+)?|i\s+(?:need|have|must|gotta|got)\s+to"
        r"|ricordami\s*(?:di\s+)?|remind)"
    ),
    Domain.TASKS: (
        r"(?:add|create|new|put)\s+(?:a\s+)?(?:new\s+)?(?:task|to-?do|to\s+do)\s*(?:to|:)?"
        r"|(?:task|to-?do|to\s+do)\s*:?"
        r"|add\s+to\s+(?:my\s+|the\s+)?(?:to-?\s?do\s+|task\s+)?(?:list|tasks|to-?\s?dos?)\s*:?"
        r"|(?:shopping|grocery)\s+list\s*:"
        r"|i\s+need\s+to\s+add\s+a\s+task\s*:?|add"
        r"|put(?=\s.+\s(?:on|in|onto|to)\s+(?:my\s+|the\s+|our\s+)?(?:[\w-]+\s+)?"
        r"(?:list|tasks|to-?\s?do(?:'?s)?)\b)"
        r"|(?:i\s+)?(?:really\s+|still\s+)?(?:need|have|must|gotta|got)\s+to"
        r"|(?:i\s+)?(?:really\s+|still\s+)?(?:need|gotta|must|should)(?=\s)"
        r"|(?:ajoute[rz]?|nouvelle|neue|añad[ea]|añadir|nueva|aggiungi|nuovo|adiciona[r]?|nova|"
        r"добавь|новая)\s+(?:une\s+|la\s+|una\s+|il\s+|un\s+|a\s+|uma\s+)?"
        r"(?:t[âa]che|aufgabe|tarea|compito|tarefa|задач[ау])\s*:?|aufgabe\s*:?"
        rf"|(?:{_ADD_TO_LIST})\s+"
        r"(?:alla|a\s+la|à\s+(?:la|ma)|auf\s+(?:die|meine)|na|à\s+minha|в)\s+"
        r"(?:lista|liste|\w*liste|список)(?:\s+(?:della\s+spesa|de\s+la\s+compra|de\s+courses))?\s*:"
        f"|{_ADD_TO_LIST}"
    ),
    Domain.NOTES: (
        r"save\s+(?:this|that)(?:\s+for\s+me)?\s*:"
        r"|(?:(?:take|make|add|create|save|write|new)\s+(?:a\s+|this\s+)?(?:quick\s+)?note"
        r"(?:\s+that|\s+saying|\s+to\s+self)?|notes?(?:\s+that|\s+to\s+self)?|remember(?:\s+that|"
        r"\s+this)?|jot(?:\s+this)?\s+down(?:\s+that)?|jot|write(?:\s+this)?\s+down(?:\s+that)?"
        r"|memo|notiz|apunta|annota|запиши|заметка|anota(?:\s+a[íi])?)"
    ),
    Domain.EVENTS: (
        r"add\s+to\s+(?:my\s+|the\s+)?calendar|put\s+in\s+(?:my\s+|the\s+)?calendar"
        r"|book\s+(?:an?|me\s+an?|in\s+an?)\s+"
        r"|(?:add|create|new|schedule|put|set\s+up|plan)\s+(?:an?\s+)?(?:new\s+)?"
        r"(?:recurring\s+|repeating\s+|weekly\s+|daily\s+|monthly\s+)?"
        r"(?:(?:event|appointment|appt|meeting)(?!\s+with))?(?:\s+on\s+my\s+calendar)?"
        r"|event|appointment(?!\s+with)"
        r"|add\s+to\s+(?:my\s+)?calendar|i\s+have\s+(?:an?\s+)?|(?:i'?ve\s+)?got\s+(?:an?\s+)?"
        r"|(?:ajoute[rz]?|neuer?|añad[ea]|añadir|nuevo|aggiungi|nuovo|adiciona[r]?|novo|добавь|"
        r"новое)\s+(?:un\s+|une\s+|el\s+|il\s+|o\s+|um\s+)?"
        r"(?:[ée]v[ée]nement|termin|evento|событие|rendez-vous)"
    ),
}
# Words that make a repeating thing an event rather than a reminder.
EVENT_WORDS = re.compile(
    r"\b(?:events?|appointments?|meetings?|calendar|sync|stand-?up|class|lessons?|sessions?|"
    r"party|conference|interview|webinar|training|practice|rehearsal|game|match|@|"
    r"réunion|termin|reuni[oó]n|riunione|встреча|reuni[ãa]o)\b|\s-\s",
    re.I,
)
LIST_SUFFIX = re.compile(
    r"['\"”’]?\s+(?:to|on|in|onto)\s+(?:my\s+|the\s+|our\s+)?"
    r"(?:to-?\s?do\s+|task\s+|shopping\s+|grocery\s+|groceries\s+)?"
    r"(?:list|tasks|to-?\s?do(?:'?s)?|calendar)\b(?:\s+for\s+.+)?\s*[?!.,]*"
    r"|\s+(?:a\s+la\s+lista(?:\s+de\s+(?:la\s+compra|compras|tareas))?|à\s+(?:ma|la)\s+liste"
    r"(?:\s+de\s+(?:courses|tâches))?|auf\s+(?:die|meine)\s+\w*liste|(?:à|na)\s+(?:minha\s+)?lista"
    r"(?:\s+de\s+(?:tarefas|compras))?|alla\s+(?:mia\s+)?lista(?:\s+della\s+spesa)?|"
    r"в\s+список(?:\s+покупок|\s+дел)?)\s*[?!.,]*$",
    re.I,
)
# A list of things to buy: its items are each a task ("milk, bread and bananas").
SHOPPING = re.compile(
    r"\b(?:shopping|grocery|groceries|einkaufsliste|compra|courses|покупок)\b", re.I
)
# One quoted span in a request is the item itself: "put 'cancel netflix' on my list".
QUOTED = re.compile(r"(?:^|(?<=\s))['\"“‘](?P<q>[^'\"”’\n]{2,200})['\"”’](?=[\s.,!?]|$)")
