"""How a letter says things to the customer, decided once and documented in the README
("Writing letters customers read"). Everything here is plain text in, plain text out.

- **Greeting.** The name set with ``--greet``; otherwise worked out from the customer's name:
  a title with a surname stays whole ("Dr Berg", never "Dr"), a name that starts with a particle
  is used whole ("van Dijk"), a name in capitals is written in the usual case ("ANNA KOWALSKI" ->
  "Anna"), a name in a script without spaces between given and family name (Chinese, Japanese,
  Korean) is used whole, and otherwise the first name is used. A guess that changed or skipped
  anything is reported, with the command that sets the greeting.
- **Quoting the customer.** A complaint's summary is quoted back only when it reads as the
  customer's own words: it was not a staff observation (channel ``noticed``), it speaks in the
  first person ("I", "my", "we", "our" ...), it has no staff shorthand ("customer says", "cust",
  "pls"), it is one line of at most 120 characters, and it holds no quotation marks of its own.
  Anything else is staff text, and letters never quote it.
- **A careful letter.** When what was written mentions illness, injury or a legal step
  ("unwell", "allergic reaction", "hurt", "hospital", "lawyer" ...), or care for a body (a dose,
  a drip, stitches, a night kept in at the hospital or the vet's), the letter is sorry *that*
  it happened, with no admission of fault (seed 001: "I am sorry that you are hurt").
- **Dates** are relative where that is natural: today, yesterday, tomorrow, otherwise
  "on Friday 6 March" (with the year when it is not this year's).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date, time, timedelta
from typing import NamedTuple

from fixit.dates import written
from fixit.domain.amends import discount_off, discount_reads_on, discount_thing
from fixit.model import Amend, AmendKind, Channel, Complaint
from fixit.money import format_money

# A title that, on its own before a surname, is how the customer is addressed ("Dr Berg").
SIMPLE_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "fr",
    "herr",
    "frau",
    "sr",
    "sra",
    "srta",
    "mme",
    "mlle",
    "m",
    "dott",
    "ing",
}
# Every word that can open a name as (part of) a title. Any run of them at the start is kept
# together, and anything but one simple title with a surname is a guess the owner is asked about:
# "Rev. Canon" is "Canon O'Sullivan", "Sir John Smith" is "Sir John", "Lt Col" goes together.
TITLES = SIMPLE_TITLES | {
    "sir",
    "dame",
    "madam",
    "lady",
    "lord",
    "rev",
    "revd",
    "canon",
    "father",
    "sister",
    "brother",
    "mother",
    "pastor",
    "imam",
    "rabbi",
    "sheikh",
    "rt",
    "hon",
    "lt",
    "col",
    "capt",
    "cpt",
    "cdr",
    "maj",
    "sgt",
    "cpl",
    "cllr",
}
# Words that make a name a household rather than a person ("The Hendersons", "the Patel family").
ARTICLES = {"the", "les", "die", "los", "las", "het"}
HOUSEHOLD = {"family", "familie", "famille", "familia", "famiglia", "household"}
# Words that open a surname; "Al", "Ben" and "Di" are left out, as they are given names too.
PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "del",
    "della",
    "da",
    "das",
    "dos",
    "du",
    "la",
    "le",
    "ter",
    "ten",
    "bin",
    "bint",
    "ibn",
    "ap",
    "ferch",
    "ní",
    "nic",
    "ó",
    "te",
    "ngā",
    "nga",
    "af",
    "av",
    "zu",
}
# Words that join a surname only inside it, never as its first word after a title, since they are
# given names too ("Mr Al Smith" is Mr Smith; "Ms Maria del Carmen y Ruiz", "Mr Omar ibn Al Rashid").
INNER_PARTICLES = {"y", "al", "el", "ben", "abu", "di", "do", "e"}
# Religious titles said with the given name: "Sister Agnes Ward" is "Sister Agnes".
GIVEN_NAME_TITLES = {"sister", "brother", "mother"}
PLACEHOLDERS = {
    "walk-in",
    "walkin",
    "walk in",
    "customer",
    "guest",
    "unknown",
    "anonymous",
    "n/a",
    "na",
    "none",
    "someone",
    "anon",
    "sir/madam",
    "client",
    "-",
    "?",
}
MAX_QUOTE = 120
# The words letters build sentences from outside the templates, in one table, so a letter in the
# customer's own language needs a table of its own, not a change to the code.
WORDS = {"hello": "Hello"}
_FIRST_PERSON = re.compile(r"\b(i|i'm|i’m|i've|i’ve|i'd|i’d|me|my|mine|we|we're|we’re|we've|our|us)\b", re.I)
_THIRD_PERSON = re.compile(r"\b(he|she|her|hers|his|him|they|them|their|theirs)\b", re.I)
_STAFF_SHORTHAND = re.compile(
    r"\b(customer|cust|client|guest|caller|pls|plz|asap|fyi|todo|n/a)\b|\bre:"
    r"|\b(he|she|they) (says|said|was|is|wants|wanted|claims)\b",
    re.I,
)
_BODY = (
    r"(?:finger|thumb|hand|wrist|ear|paw|skin|lip|mouth|tongue|gum|face|head|scalp|leg|arm|foot|feet|toe|"
    r"neck|eye|tail|back|knee|nose|chin|cheek|ankle|hip|elbow|shoulder)s?"
)
_WHO = (
    r"(?:son|daughter|child|kid|boy|girl|husband|wife|partner|mum|mom|dad|mother|father|baby|friend|dog|cat|"
    r"puppy|pup|kitten|horse|pony|pet|rabbit)"
)
# The rest of a family, for "her late grandmother": a death is said by "late" only before one of these
_KIN = (
    r"(?:brother|sister|grandmother|grandfather|grandma|grandpa|gran|granny|grandad|granddad|nan|nana|"
    r"aunt|auntie|uncle|cousin|niece|nephew|fiancée?|spouse|parents?|mummy|daddy|stepfather|stepmother|"
    r"father-in-law|mother-in-law|grandson|granddaughter|twin)"
)
# An injury, said "was hurt" when it is the only harm the words record ...
_INJURY_WORDS = (
    r"hurt(?:s|ing)?|injur\w*|bleed\w*|bled|blood|burnt (?:my|her|his|their) |scald\w*|blister\w*|"
    r"(?:has|had|have|got|with|suffered|left with) (?:a |some |minor |nasty |bad |small )?burns?|"
    # something hot on someone: "spilled hot latte on her hand", "boiling water on his leg"
    rf"(?:hot|boiling|scalding|steaming)\b[^.;]{{0,30}}\b(?:on|onto|over) [^.;]{{0,15}}?\b{_BODY}|"
    rf"(?:\bi|\bwe|\bhe|\bshe|\bthey|(?:my|our|his|her|their) {_WHO}) (?:fell|slipped|tripped)|had a fall|"
    rf"(?:broke|bumped|banged|hit|twisted|sprained) (?:my|his|her|their|a) {_BODY}|sprain\w*|"
    r"wound\w*|stitch\w*|bruis\w*|bitten|limping|fractur\w*|concussion|broken (?:bones?|arm|leg|wrist|ankle|"
    r"nose|rib|ribs|tooth|teeth|hip)|"
    rf"(?:\bi|\bwe|\bhe|\bshe|\bthey|{_BODY}|(?:my|our|his|her|their) {_WHO}) "
    r"(?:was|were|got|has been|have been) (?:cut|nicked|bitten|burned|burnt|scratched)|"
    r"(?:cut|cuts|nick|nicked|bit|bite|burn|burns|burned|burnt|scratched|grazed|clipped)\b"
    rf"[^.;]{{0,25}}\b{_BODY}"
)
# ... care for a body, which says someone was harmed but not how: a letter says "what happened to"
_CARE_WORDS = (
    r"hospital|a&e|a & e|ambulance|doctor|vet|vets|veterinary|emergency room|"
    # medical care: a dose, a drip, a night kept in, a doctor's or a vet's treatment
    r"(?:over|double |second |wrong |extra )?dos(?:e|es|ed|age|ing)|overdos\w*|painkillers?|"
    r"medicat\w*|medicines?|antibiotics?|sedat\w*|an(?:a)?esthe\w*|on an? (?:iv |saline )?drip|"
    r"iv drip|gp|paramedics?|x-rays?|(?:kept|stay(?:ed)?|stays|keep) in (?:overnight|hospital|"
    r"for (?:the night|observation|two nights|a night))|overnight (?:at|in) (?:the )?"
    r"(?:vets?|hospital|clinic|surgery)|admitted to (?:hospital|the vet|a&e)|"
    r"put down|to the vets?|treated for"
)
_HARMFUL = (
    r"(?:bait|poison\w*|pellets?|tablets?|pills?|chocolate|antifreeze|batter(?:y|ies)|magnets?|raisins|grapes|"
    r"xylitol|bleach|detergent|chemicals?|rat killer|slug killer|weedkiller)"
)
_CAREFUL = {
    "bereaved": re.compile(
        r"\b(funerals?|memorial(?! (?:hospital|hall|day|park|stadium|ground|library|school|university))|"
        r"bereave\w*|passed away|died|death of|(?:year|date|day|time) of (?:his |her |their )?death|"
        rf"(?:his|her|their|{_WHO}'s|{_WHO}’s) death|condolence\w*|cremat\w*|burial|"
        r"in (?:loving )?memory|in memoriam|head ?stones?|grave ?stones?|tomb ?stones?|graveside|cemeter(?:y|ies)|"
        r"churchyard|crematori(?:um|a)|hearse|coffin|casket|obituar(?:y|ies)|mourn\w*|grieving|widow(?:ed|er)?|"
        r"(?:his|her|their|my|our|\w+'s|\w+’s) (?:ashes|graves?)|ashes of|at the graves?|"
        # "late" only before a relative or a title: "her late husband", never "a late delivery"; a
        # thing of theirs ("my late grandmother's sampler") may be an heirloom of long ago: unsure
        rf"(?:the|my|our|his|her|their|your) late (?:{_WHO}|{_KIN}|Mr|Mrs|Ms|Miss|Dr)s?(?!['’]s\b)|"
        r"(?-i:the late [A-Z]\w+)(?!['’]s\b))\b",
        re.I,
    ),
    "unwell": re.compile(
        r"\b(unwell|ill(?!-)|illness|poison\w*|vomit\w*|diarrh\w*|allerg\w*|anaphyla\w*|"
        r"stomach|nause\w*|fever|rash|rashes|swelling|swollen|swelled|infect\w*|seizures?|"
        r"unconscious|dizz\w*|faint(?:ed|ing|ness)?|light-headed|headaches?|migraines?|hives|"
        r"cramps|chok(?:ed|ing)|wheez\w*|asthma\w*|breathless\w*|palpitations|threw up|throwing up|"
        r"(?:was|were|been|felt|feel|feeling|got|being|is|are) (?:so |very |really )?sick|"
        # an illness named "-itis" (conjunctivitis, gastroenteritis), something harmful eaten
        r"\w{3,}itis|"
        rf"(?:ate|eaten|eating|swallowed|ingested|chewed)\b[^.;]{{0,30}}\b{_HARMFUL}|"
        rf"{_HARMFUL}\b[^.;]{{0,60}}\b(?:ate|eaten|swallowed|ingested|chewed)|"
        rf"(?:\bi|\bwe|\bhe|\bshe|\bthey|(?:my|our|his|her|their) {_WHO}) collapsed)\b",
        re.I,
    ),
    "hurt": re.compile(rf"\b({_INJURY_WORDS}|{_CARE_WORDS})\b", re.I),
    "legal": re.compile(
        # every form of a word (solicitors, lawyers, sued): the stem is matched, not one spelling;
        # "sue" only in lower case, so a customer called Sue is not a legal threat
        r"\b(lawyers?|solicitors?|attorneys?|barristers?|(?-i:su(?:e|es|ed|ing))|Su(?:ed|ing)|lawsuits?|"
        r"legal(?:ly)?|courts?|claims? for damages|trading standards|small claims?|ombudsm[ae]n|"
        r"litigat\w*|tribunals?)\b",
        re.I,
    ),
}
# Words that are careful in one complaint and not in the next ("the cake collapsed", "the shelf
# fell"): never careful on their own; a letter asks (or says which command decides).
_UNSURE = {
    # a word of a death only sometimes ("the tea urn", "woke up", "a grave mistake"): the owner says
    "bereaved": re.compile(
        r"\b(urns?|(?:the|a|his|her|their) wake(?! of)|wreaths?|buried|"
        # a thing of someone late ("my late grandmother's sampler"): an heirloom, or a fresh loss
        rf"(?:the|my|our|his|her|their|your) late (?:{_WHO}|{_KIN}|Mr|Mrs|Ms|Miss|Dr)s?['’]s|"
        r"(?-i:the late [A-Z]\w+['’]s)|"
        r"graves?(?! (?:concern|concerns|mistake|mistakes|error|errors|danger|doubts?|risk|misconduct|situation)))\b",
        re.I,
    ),
    "unwell": re.compile(r"\b(collapsed|reaction|sick|faint)\b", re.I),
    # a spill on someone ("spilt latte on her hand": hot or not?), skin gone red
    "hurt": re.compile(
        r"\b(fell|fall|falls|slipped|tripped|knocked over|"
        rf"spil(?:t|ls?|led|ling)\b[^.;]{{0,30}}\b(?:on|onto|over) [^.;]{{0,15}}?\b{_BODY}|"
        r"redness|(?:but|went|gone|turned|looked|looks|still|bit|quite|very) red)\b",
        re.I,
    ),
}
_ANIMAL = re.compile(
    r"\b(?:my|our|her|his|their)\s+(?:(?:little|old|young|elderly|new)\s+)?(dog|puppy|cat|kitten|horse|pony|"
    r"rabbit|hamster|parrot|pet|son|daughter|child|baby|husband|wife|partner|mum|mom|dad|mother|"
    r"father)\b",
    re.I,
)
_KIN = (
    r"dog|puppy|cat|kitten|horse|pony|rabbit|hamster|parrot|pet|son|daughter|child|baby|husband|wife|"
    r"partner|mum|mom|dad|mother|father|brother|sister|friend|grandson|granddaughter|grandmother|"
    r"grandfather|grandma|grandad|granddad|nan|boyfriend|girlfriend|fiancée?|niece|nephew|aunt|uncle"
)
_KIN_PLURAL = (
    r"dogs|puppies|cats|kittens|horses|ponies|rabbits|hamsters|parrots|pets|sons|daughters|children|"
    r"kids|babies|twins|triplets|parents|grandparents|grandchildren|family|boys|girls|guests|friends|"
    r"brothers|sisters|little ones"
)
# Several people or animals harmed ("he and his wife", "my husband and my son", "both dogs", "the
# twins", "my kids"): who was harmed is never read as one of them, it is asked.
_SEVERAL = re.compile(
    rf"\b(?:he|she|they|him|her|them)\s+(?:and|&)\s+(?:his|her|their|my|our|the)\b"
    rf"|\b(?:my|our|his|her|their|the)\s+(?:(?:little|old|young|elderly|new)\s+)?(?:{_KIN})\s*(?:,|and|&)\s*"
    rf"(?:(?:my|our|his|her|their|the)\s+)?(?:(?:little|old|young|elderly|new)\s+)?(?:{_KIN}|{_KIN_PLURAL})\b"
    rf"|\b(?:my|our|his|her|their|the|both|all|two|three|four)\s+(?:(?:little|old|young|elderly|new)\s+)?"
    rf"(?:{_KIN_PLURAL})\b"
    rf"|\bboth\s+(?:of\s+(?:them|us)\s+)?(?:were|got|had|was|fell|became|ended)\b",
    re.I,
)
_SELF_TOO = re.compile(r"\b(?:and I|and me|we both|both of us|we were|we all)\b", re.I)
# The customer speaking of themself: a careful letter says "you" only then.
_SELF = re.compile(r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|me|my|myself)\b", re.I)


class Careful(NamedTuple):
    """Why a letter is careful ('unwell', 'hurt', 'legal', 'bereaved', or 'asked' when set by hand),
    and who went through it: 'you' when the customer speaks of themself, 'your dog' / 'your son'
    when the words name them (not their dog's ear: "my dog's" is the customer's dog, so 'your dog'),
    otherwise '' (not known: the letter names no one). ``word`` is the word that made it careful
    (shown by `fixit show`); ``sure`` is False for a word that is careful only sometimes
    ("collapsed", "fell"): such a letter is not careful until the owner says so."""

    reason: str
    who: str
    word: str = ""
    sure: bool = True


_PAST_VERB = re.compile(
    r"^(?:[a-z]+ed|made|sent|gave|took|paid|put|set|rebuilt|rewrote|baked|brought|bought|"
    r"found|fit|got|had|did|redid|remade|resent|replaced|swapped|wrote|told|spoke|cut|"
    r"ran|rang|called|met|kept|left|lent|built|sewed|sewn|sold|dealt|taught)\b",
    re.I,
)


def on_day(day: date, today: date) -> str:
    """'today', 'yesterday', 'tomorrow', or 'on Friday 6 March' (with the year if not this one)."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == -1:
        return "yesterday"
    if delta == 1:
        return "tomorrow"
    return f"on {full_date(day, today)}"


_WHEN = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|"
    r"today|tonight|yesterday|tomorrow|(?:this|last|that) (?:morning|afternoon|evening|night|week|weekend|month|"
    r"year)|(?:last|this|next) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|christmas|easter|new year'?s? (?:eve|day))\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\b(?=\s+(?:of\s+)?[a-z]{3})|\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b",
    re.I,
)


_RELATIVE_DAY = re.compile(
    r"\b(?:(?P<part>this|last) (?P<time>morning|afternoon|evening|night)|(?P<day>today|tonight|yesterday|tomorrow))\b",
    re.I,
)
_DAY_OFFSET = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NAMED_DAY = re.compile(
    r"\b(?P<rel>today|tonight|tomorrow)\b|\b(?:on |by |this |next )?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b",
    re.I,
)


_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
)
_TELL_WHEN = re.compile(
    r"\b(?:today|tonight|tomorrow|(?:this|tomorrow) (?:morning|afternoon|evening)|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter)\b|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTHS}\b|\b{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?\b|"
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
    re.I,
)


def tell_says_when(text: str | None) -> bool:
    """Whether what the customer was told names its own day ("send our plumber to you today", "on
    Friday", "by 4 December"): the letter then adds no due date after it. A sum ("£20 deposit") is
    not a date."""
    return bool(text and _TELL_WHEN.search(text))


def day_named(text: str, said_on: date) -> date | None:
    """The one day words typed on ``said_on`` name ('today', 'tomorrow', 'on Friday': the next
    Friday after it), or None when they name none, or more than one."""
    found = list(_NAMED_DAY.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    if m.group(0).lower().startswith("next"):  # "next Friday": this week's or the week after's
        return None
    if m.group("rel"):
        return said_on + timedelta(days=_DAY_OFFSET[m.group("rel").lower()])
    ahead = (_WEEKDAYS.index(m.group("weekday").lower()) - said_on.weekday()) % 7
    return said_on + timedelta(days=ahead or 7)


def resolve_days(text: str, logged: date, today: date) -> str:
    """Words that say a day relative to when they were typed ('yesterday', 'this morning', 'last
    night'), said as they read on ``today``: 'your lunch yesterday', typed on Monday 23 November,
    reads 'your lunch on Sunday 22 November' on the 27th. The record keeps what was typed."""
    if logged == today:
        return text

    def said(m: re.Match[str]) -> str:
        if m.group("day"):
            word = m.group("day").lower()
            day = logged + timedelta(days=_DAY_OFFSET[word])
            return on_day(day, today) if word != "tonight" else _part_of(day, "night", today)
        time_of_day = m.group("time").lower()
        back = m.group("part").lower() == "last" and time_of_day == "night"
        return _part_of(logged - timedelta(days=1 if back else 0), time_of_day, today)

    return _RELATIVE_DAY.sub(said, text)


def _part_of(day: date, time_of_day: str, today: date) -> str:
    """'this morning', 'yesterday evening', 'last night', 'on the morning of Monday 23 November'."""
    delta = (day - today).days
    if delta == 0:
        return "tonight" if time_of_day == "night" else f"this {time_of_day}"
    if delta == -1:
        return "last night" if time_of_day == "night" else f"yesterday {time_of_day}"
    if delta == 1:
        return f"tomorrow {time_of_day}"
    return f"on the {time_of_day} of {full_date(day, today)}"


def says_when(text: str | None) -> bool:
    """Whether words already say when it happened ('on Sunday', 'yesterday', 'last week', a date):
    a letter then adds no date of its own after them."""
    return bool(text and _WHEN.search(text))


# A verb in an 'about' makes it say what happened ("the parcel that went to the wrong address");
# without one it names a thing or a place ("your Deansgate branch"), which a date cannot follow.
_EVENT_VERB = re.compile(
    r"\b(?:was|were|is|are|has|had|have|did|does|went|came|broke|fell|lost|left|took|gave|sent|got|made|"
    r"kept|let|put|cut|ran|sank|shrank|tore|spilt|\w+n['’]t|\w{3,}ed)\b",
    re.I,
)


# A whole clause typed as what it was about ("your steak was overdone", "you were billed twice"):
# a subject and its own verb, with no word before the verb that makes it part of a thing ("the
# parcel that went ...", "the room we had booked", "your order, which was late").
_FINITE_VERB = re.compile(
    r"\b(?:was|were|is|are|has|have|had|did|does|didn['’]t|wasn['’]t|weren['’]t|isn['’]t|aren['’]t|"
    r"hasn['’]t|haven['’]t|hadn['’]t|doesn['’]t|never|went|came|broke|fell|got|took|arrived|failed|"
    r"stopped|leaked|cracked|burst|melted|collapsed|shrank|tore|ran|turned|kept|looked|tasted|smelled)\b",
    re.I,
)
_PART_OF_A_THING = re.compile(
    r"[,;(]|\b(?:that|which|who|whom|whose|where|when|while|how|what|why|because|if|after|before)\b", re.I
)
_SUBJECT_PRONOUN = re.compile(r"\b(?:i|you|we|they|he|she|it)\s*$", re.I)


def is_clause(about: str) -> bool:
    """Whether an 'about' is a whole clause, what went wrong said to the customer ("your main course
    arrived cold"), which no "about" can come before; not a thing, a place, or a thing with a
    clause of its own ("the bike you hired on Sunday", "the room we had booked")."""
    verb = _FINITE_VERB.search(about)
    if verb is None:
        return False
    before = about[: verb.start()].strip()
    if not before or _PART_OF_A_THING.search(before):
        return False
    # a pronoun just before the verb is its subject: the whole 'about' when it opens it ("you were
    # billed twice"), a clause about a thing when a thing comes first ("the room we had booked")
    words = before.lower().split()
    if _SUBJECT_PRONOUN.search(before) and len(words) > 1:
        return False
    # a second thing with no preposition before it is the subject of a clause about the first
    # ("the time your repair took"); "your order from our shop was late" is one thing
    return not any(word in _DETERMINERS and words[i - 1] not in _PREPOSITIONS for i, word in enumerate(words) if i > 0)


_DETERMINERS = frozenset(
    ["the", "a", "an", "your", "my", "our", "his", "her", "their", "this", "that", "these", "those", "its"]
)
_PREPOSITIONS = frozenset(
    ["on", "in", "at", "from", "of", "for", "with", "to", "by", "about", "under", "over", "into", "onto", "near", "off"]
)


def what_happened_with(about: str, careful: bool) -> str | None:
    """An 'about' that names a thing or a place, as what happened with it ("what went wrong with your
    ham sandwich"; careful: "what happened with your Deansgate branch"); None when it already says
    what happened, or how ("the parcel that went to the wrong address", "how we handled it")."""
    if _EVENT_VERB.search(about) or re.match(r"(?:what|how|when|why|where|the way)\b", about, re.I):
        return None
    return f"{'what happened' if careful else 'what went wrong'} with {about}"


def by_day(day: date, today: date, at: time | None = None) -> str:
    """'by the end of today', 'by tomorrow', 'by Friday 6 March'; with a time, 'by 17:00 today'."""
    delta = (day - today).days
    if at is not None:
        return f"by {at:%H:%M} " + (
            "today" if delta == 0 else "tomorrow" if delta == 1 else f"on {full_date(day, today)}"
        )
    if delta == 0:
        return "by the end of today"
    if delta == 1:
        return "by tomorrow"
    return f"by {full_date(day, today)}"


def full_date(day: date, today: date) -> str:
    return written(day) + (f" {day.year}" if day.year != today.year else "")


# A promise as the customer was told it (a tell finishing "We will ..."), said with its date. A tell
# that speaks as "I" ("call you once I have spoken to the manager") is said by "I", never spliced
# after "we"; one with a clause after the deed ("... once I have spoken ...", "..., and ...") gets
# its date first, so the date cannot read as the clause's ("once I have spoken ... by Tuesday").
_AS_I = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|[Mm]e|[Mm]y|[Mm]yself)\b")
_CLAUSE = re.compile(
    r",\s|\b(?:once|when|whenever|after|before|until|till|as soon as|if|unless|so that|because|while)\b", re.I
)
# said later ("I said I would call you once I had spoken ..."): the clause after the deed moves back
_BACKSHIFT = {
    "have": "had",
    "has": "had",
    "am": "was",
    "is": "was",
    "are": "were",
    "will": "would",
    "can": "could",
    "shall": "should",
}
_SHIFTED = re.compile(r"\b(?:have|has|am|is|are|will|can|shall)\b|['’]ll\b|['’]ve\b")


class Pledge(NamedTuple):
    """One promise, said three ways: ``will`` what happens next ("we will refund you by Friday 6
    March", "by Friday 6 March, I will call you once I have spoken to the manager"), ``said`` what we
    said without the date ("we said we would ..."), ``said_by`` with it. Each starts in small
    letters (but "I"), to follow a colon or take a capital."""

    will: str
    said: str
    said_by: str


def pledge(deed: str, by: str, overdue: str = "") -> Pledge:
    """``deed`` finishes "We will ..."; ``by`` is its date ("by Friday 6 March"); ``overdue`` is the
    note a promise past its date is said with ("it was due on ...; I am sorry it is late"), when
    ``by`` is "as soon as we can"."""
    who = "I" if _AS_I.search(deed) else "we"
    if overdue:
        by = f"as soon as {who} can"
    note = f" ({overdue})" if overdue else ""
    clause = _CLAUSE.search(deed)
    said_deed = _backshift(deed, clause.start()) if clause else deed
    if not by:  # the deed says its own day
        return Pledge(
            f"{who} will {deed}{note}", f"{who} said {who} would {said_deed}", f"{who} said {who} would {said_deed}"
        )
    if clause is None:
        return Pledge(
            f"{who} will {deed} {by}{note}", f"{who} said {who} would {deed}", f"{who} said {who} would {deed} {by}"
        )
    return Pledge(
        f"{by}, {who} will {deed}{note}",
        f"{who} said {who} would {said_deed}",
        f"{who} said that {by} {who} would {said_deed}",
    )


def _backshift(deed: str, start: int) -> str:
    """The clause after the deed told as said before: 'once I have spoken' -> 'once I had spoken'."""

    def shifted(match: re.Match[str]) -> str:
        word = match.group(0)
        if word[0] in "'’":
            return " would" if word[1:] == "ll" else word[0] + "d"
        return _BACKSHIFT[word]

    return deed[:start] + _SHIFTED.sub(shifted, deed[start:])


_ONE_OFF = re.compile(
    r"\b(?:wedding|funeral|birthday|party|anniversary|graduation|christening|engagement|"
    r"bar mitzvah|bat mitzvah|baptism|hen do|stag do|prom|memorial)s?\b",
    re.I,
)


def one_off_event(*texts: str | None) -> bool:
    """Whether the complaint was about a once-in-a-lifetime event (a wedding, a funeral, a
    birthday party ...): a letter then never asks them to come back and see the difference, nor
    says it will not happen to them again."""
    return any(_ONE_OFF.search(t) for t in texts if t)


def greeting(name: str) -> tuple[str, bool]:
    """The name to greet, worked out from a full name, and whether that took a guess (True: not
    certain, so a letter asks, or greets without a name and says so).

    Certain: a title with a surname ("Dr van Berg"), a plain given name first in a name of one or
    two words ("Dana Reyes" -> "Dana"), a name in a script without spaces (the whole name).
    Never guessed: family-name-first names (Vietnamese, Chinese, Korean, Hungarian in Latin
    script), names of three words or more (a compound given name, "María José García"), initials,
    addresses, handles and placeholders ("Walk-in", "anonymous", "customer")."""
    nickname = re.search(r"(?:^|(?<=\s))[\"“‘']([^\"“”‘’']+)[\"”’'](?=\s|$)", name)
    if nickname:
        # a quoted nickname ("Bartholomew 'Bart' Jenkins") is what the person is called: offer it
        called = nickname.group(1).strip()
        if _plain_name(called) and not _family_first([called]):
            return called, True
        return greeting(name.replace(nickname.group(0), " "))[0], True
    if re.search(r"[()\[\]]", name):
        # a bracketed staff note ("Joanne Kaczmarek (Ellie's mum)") is never part of the name
        bare_name = re.sub(r"\([^)]*\)?|\[[^\]]*\]?|[()\[\]]", " ", name)
        return greeting(bare_name)[0] if bare_name.strip() else "", True
    words = name.split()
    if len(words) > 1 and _suffix(words[-1]):
        # "DeShawn Jackson Jr.", "Dr Amara Okoye PhD": a suffix is never greeted ("Hello DeShawn
        # Jackson Jr.," clashes '.,'); the name without it is greeted as any other
        while len(words) > 1 and _suffix(words[-1]):
            words = words[:-1]
        return greeting(" ".join(words).rstrip(","))
    if not words or name.strip().lower() in PLACEHOLDERS or not any(ch.isalpha() for ch in name):
        return "", True
    if re.search(r"[\d@_/\\#]|\.\w", name):  # an email address, a handle, a number: not a name
        return "", True
    if any(_no_spaces_script(ch) for ch in name):
        whole = name.strip()
        return whole, len(words) > 1 or not all(_no_spaces_script(ch) for ch in whole)
    bare = [w.rstrip(".").lower() for w in words]
    if bare[0] in PLACEHOLDERS or is_company(name):
        return "", True
    typed = _cased(words)
    if bare[0] in ARTICLES or any(w.strip(".,()") in HOUSEHOLD for w in bare):
        # a household ("The Hendersons", "the Okafors", "Patel family"): never certain; offer it whole
        if len(words) == 1:
            return "", True
        return " ".join([typed[0][:1].upper() + typed[0][1:], *typed[1:]]), True
    couple = _couple(words)
    if couple is not None:
        return couple, True
    if bare[0] in TITLES:
        count = 1
        while count < len(words) and bare[count] in TITLES:
            count += 1
        titles = [_usual_case(w.rstrip(".")) for w in words[:count]]
        rest = typed[count:]
        if not rest:
            return "", True
        if bare[count - 1] in ("sir", "dame") and len(rest) > 1:  # Sir John Smith: "Sir John"
            return " ".join([*titles, rest[0]]), True
        if bare[count - 1] in GIVEN_NAME_TITLES and len(rest) > 1:  # "Sister Agnes Ward"
            return " ".join([*titles, rest[0]]), True
        surname = [rest[-1]]
        for index in range(len(rest) - 2, -1, -1):
            word = rest[index].lower()
            if word not in PARTICLES and (index == 0 or word not in INNER_PARTICLES):
                break
            surname.insert(0, rest[index])
        given = rest[: len(rest) - len(surname)]
        if (given or len(surname) > 2) and _family_first(rest):
            # "Mrs Lee Hyun-joo", "Mr Nguyen Van An": the family name may come first, so the last
            # word is not certainly the surname; offer the title with the family name, never use it
            family = _family_name(rest)
            if len(rest) == 2 and family == rest[0] and not _given_of_family_first(rest[1]):
                # "Mrs Mai Johnson", "Mr Lee Smith": the last word reads as a surname in Western
                # order as well; no guess is offered rather than a wrong one
                return "", True
            return " ".join([*titles, family]), True
        # "Ms Ngaio Te Rangi" is Ms Te Rangi; "Ms Mary Ann Smith" may be Ms Ann Smith: ask
        certain = count == 1 and bare[0] in SIMPLE_TITLES and len(given) <= 1
        return " ".join([*titles, *surname]), not certain or not all(
            _plain_name(w) or w.lower() in PARTICLES | INNER_PARTICLES for w in surname
        )
    if bare[0] in PARTICLES:  # "De", "van der Berg": never a particle alone, never guessed
        return (" ".join(words), True) if len(words) > 1 else ("", True)
    first = typed[0]
    if _family_first(words):
        return " ".join(typed), True  # a guess to offer, never to use
    if len(words) > 2:  # a compound given name or a double surname: offer the whole name
        return " ".join(typed), True
    if len(first.rstrip(".")) < 2 or words[0].endswith("."):
        return "", True
    if _order_unknown(words):  # "Sok Dara", "Kyaw Zaw": which word is the given name is asked
        return " ".join(typed), True
    return first, first != words[0] or not _plain_name(first)


def _cased(words: list[str]) -> list[str]:
    """The words of a name as a greeting spells them. A name typed all in capitals or all in small
    letters is put in the usual case (particles small: 'AHMED BIN RASHID' -> 'Ahmed bin Rashid');
    a name typed in mixed case keeps every word exactly as typed ('Gwenllian ap Rhys')."""
    letters = [ch for ch in "".join(words) if ch.isalpha() and (ch.isupper() or ch.islower())]
    if letters and not all(ch.isupper() for ch in letters) and not all(ch.islower() for ch in letters):
        return list(words)
    return [w.lower() if w.rstrip(".").lower() in PARTICLES else _usual_case(w) for w in words]


NO_NAME = "-"  # the greeting set to greet with no name ("Hello,"), chosen by the owner
# Words that make a name a firm's, never a person's: the letter greets no one by it.
COMPANY_WORDS = frozenset(
    [
        "ltd",
        "ltd.",
        "limited",
        "llp",
        "llc",
        "plc",
        "inc",
        "inc.",
        "incorporated",
        "corp",
        "corp.",
        "corporation",
        "co.",
        "gmbh",
        "bv",
        "nv",
        "sarl",
        "srl",
        "pty",
        "plc.",
        "solicitors",
        "accountants",
        "associates",
        "partners",
        "partnership",
        "group",
        "holdings",
        "services",
        "trust",
        "council",
        "school",
        "academy",
        "college",
        "university",
        "hotel",
        "restaurant",
        "cafe",
        "café",
        "clinic",
        "surgery",
        "practice",
        "society",
        "club",
        "foundation",
        "charity",
        "church",
        "agency",
        "consultancy",
        "consulting",
        "studio",
        "studios",
    ]
)


def is_company(name: str) -> bool:
    """A firm or body rather than a person: 'Brightwater Solicitors LLP', 'Acme Widgets Ltd'."""
    return any(w.strip(".,()&").lower() in COMPANY_WORDS or w.lower() in COMPANY_WORDS for w in name.split()[1:])


def _couple(words: list[str]) -> str | None:
    """Two people in one name ('Tom and Priya Shah', 'Mr & Mrs Patel'): both, offered as a guess."""
    joins = [i for i, w in enumerate(words) if w.lower() in ("and", "&", "+", "und", "et", "y")]
    if not joins or joins[0] in (0, len(words) - 1):
        return None
    i = joins[0]
    typed = _cased(words)
    left, right = typed[:i], typed[i + 1 :]
    if left[0].rstrip(".").lower() in TITLES:
        return " ".join([*left, "and", *right])
    return f"{left[0]} and {right[0]}"


# Family names that come first in the usual order of a name (Vietnamese, Chinese, Korean,
# Hungarian), written in Latin script without their marks: a name that starts with one is never
# guessed, as its first word may be the family name.
FAMILY_FIRST = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "truong",
        "trinh",
        "lam",
        "mai",
        "luong",
        "cao",
        "doan",
        "quach",
        "wang",
        "li",
        "zhang",
        "liu",
        "chen",
        "yang",
        "huang",
        "zhao",
        "wu",
        "zhou",
        "xu",
        "sun",
        "ma",
        "zhu",
        "hu",
        "guo",
        "he",
        "lin",
        "gao",
        "luo",
        "zheng",
        "liang",
        "xie",
        "tang",
        "feng",
        "deng",
        "peng",
        "zeng",
        "xiao",
        "tian",
        "dong",
        "pan",
        "yuan",
        "cai",
        "jiang",
        "yu",
        "du",
        "ye",
        "cheng",
        "wei",
        "su",
        "lu",
        "ding",
        "ren",
        "shen",
        "yao",
        "fu",
        "zhong",
        "cui",
        "tan",
        "wong",
        "chan",
        "cheung",
        "leung",
        "lau",
        "ng",
        "chow",
        "tsang",
        "chu",
        "yip",
        "kwok",
        "fung",
        "mak",
        "tse",
        "lai",
        "kim",
        "lee",
        "park",
        "choi",
        "jung",
        "jeong",
        "kang",
        "cho",
        "yoon",
        "yun",
        "jang",
        "lim",
        "im",
        "han",
        "oh",
        "seo",
        "shin",
        "kwon",
        "hwang",
        "ahn",
        "song",
        "jeon",
        "hong",
        "yoo",
        "ko",
        "moon",
        "son",
        "bae",
        "baek",
        "heo",
        "nam",
        "noh",
        "kwak",
        "sung",
        "cha",
        "joo",
        "woo",
        "min",
        "ryu",
        "chung",
        "nagy",
        "kovacs",
        "toth",
        "szabo",
        "horvath",
        "varga",
        "kiss",
        "molnar",
        "nemeth",
        "farkas",
        "balogh",
        "papp",
        "takacs",
        "juhasz",
        "lakatos",
        "meszaros",
        "olah",
        "racz",
        "fekete",
        "szilagyi",
        "torok",
        "feher",
        "balazs",
        "gal",
        "szucs",
        "kocsis",
        "pinter",
        "fodor",
        "szalai",
        "sipos",
        "lukacs",
        "gulyas",
        "biro",
        "kiraly",
        "katona",
        "fazekas",
        "kelemen",
        "orban",
        "somogyi",
        "vincze",
        "hegedus",
        "deak",
        # Japanese, when written family name first in Latin script ("Tanaka Hiroshi")
        "sato",
        "suzuki",
        "takahashi",
        "tanaka",
        "watanabe",
        "ito",
        "yamamoto",
        "nakamura",
        "kobayashi",
        "kato",
        "yoshida",
        "yamada",
        "sasaki",
        "yamaguchi",
        "matsumoto",
        "inoue",
        "kimura",
        "hayashi",
        "shimizu",
        "yamazaki",
        "mori",
        "abe",
        "ikeda",
        "hashimoto",
        "yamashita",
        "ishikawa",
        "nakajima",
        "maeda",
        "fujita",
        "ogawa",
        "goto",
        "okada",
        "hasegawa",
        "murakami",
        "kondo",
        "ishii",
        "saito",
        "sakamoto",
        "endo",
        "aoki",
        "fujii",
        "nishimura",
        "fukuda",
        "ota",
        "miura",
        "okamoto",
        "matsuda",
        "nakagawa",
        "nakano",
        "harada",
        "ono",
        "tamura",
        "takeuchi",
        "kaneko",
        "wada",
        "nakayama",
        "ishida",
        "ueda",
        "morita",
        "hara",
        "shibata",
        "sakai",
        "kudo",
        "yokoyama",
        "miyazaki",
        "miyamoto",
        "uchida",
        "takagi",
        "ando",
        "taniguchi",
        "ohno",
        "maruyama",
        "imai",
        "takada",
        "fujiwara",
        "takeda",
        "murata",
        "ueno",
        "sugiyama",
        "masuda",
        "sugawara",
        "hirano",
        "otsuka",
        "chiba",
        "kubo",
        "matsui",
        "iwasaki",
        "sakurai",
        "kinoshita",
        "noguchi",
        "matsuo",
        "nomura",
        "kikuchi",
        "sano",
        "onishi",
        "arai",
        "watanabe",
        "takayama",
        "kojima",
        "nishida",
        "nakata",
        "hoshino",
        "kawasaki",
        "kawaguchi",
        "tsuchiya",
        "takano",
        "koike",
        "oshima",
        "hirata",
        "shimada",
        "hamada",
        "nagai",
        "kawamura",
        "mochizuki",
        "fujimoto",
        "ishihara",
        "sawada",
        "yoshikawa",
        "furukawa",
        "matsushita",
        "nishikawa",
        "hattori",
        "kurosawa",
        "miyake",
        "morimoto",
        "nagata",
        "akiyama",
        "kitamura",
        "kuroda",
        "nakanishi",
        "okazaki",
        "yoshimura",
        "sugimoto",
        "yamauchi",
        # Khmer, family name first ("Sok Dara"); "Sam" is left out, a given name in English too
        "sok",
        "heng",
        "meas",
        "keo",
        "chea",
        "pich",
        "prak",
        "seng",
        "touch",
        "yim",
        "hun",
        "nhem",
        "chhay",
        "chhim",
        "chhun",
        "hak",
        "hok",
        "kong",
        "nget",
        "ouk",
        "srun",
        "tep",
        "thach",
        "ung",
        "uy",
        "khiev",
        "khun",
        "oum",
        "sar",
        "soeun",
        "tith",
        # more Chinese (Mandarin, Cantonese, Taiwanese spellings), Vietnamese, Korean, Hungarian
        "qian",
        "qin",
        "jin",
        "zou",
        "xiong",
        "qiu",
        "mao",
        "hou",
        "shao",
        "meng",
        "duan",
        "lei",
        "yin",
        "shi",
        "hsu",
        "hsieh",
        "chiang",
        "tsai",
        "kuo",
        "liao",
        "tseng",
        "chou",
        "yeung",
        "tsui",
        "choy",
        "chau",
        "kwong",
        "poon",
        "lui",
        "mok",
        "sze",
        "yuen",
        "ta",
        "thai",
        "vuong",
        "ha",
        "trieu",
        "quan",
        "giang",
        "kieu",
        "tong",
        "pyo",
        "magyar",
        "lengyel",
        "boros",
        "szekeres",
        "csizmadia",
        "bodnar",
        "bakos",
        "veres",
        "pasztor",
        "halasz",
        "szoke",
        "kozma",
        "bognar",
    ]
)
# Family names of that order that are given names in English too ("Sam Dara" is Khmer; "Sam Smith"
# is not): family-first only before a word that reads as a given name of that order.
FAMILY_FIRST_OR_GIVEN = frozenset(["sam"])
# Words of Burmese names, which have no family name ("Khin Myo Chit", "Kyaw Zaw"): never guessed.
BURMESE = frozenset(
    [
        "aung",
        "kyaw",
        "zaw",
        "htet",
        "myo",
        "thant",
        "thein",
        "khin",
        "hla",
        "tun",
        "naing",
        "soe",
        "nyein",
        "phyo",
        "thu",
        "maung",
        "mya",
        "myint",
        "htun",
        "lwin",
        "swe",
        "hnin",
        "thida",
        "yadanar",
        "zin",
        "oo",
        "daw",
    ]
)
# Mongolian names put the patronymic (the father's name, genitive) first: "Tsakhiagiin Elbegdorj".
_PATRONYMIC_FIRST = re.compile(r"^(?:\w{3,}(?:iin|iyn|ijn)|\w{4,}(?:aryn|atyn|alyn)|\w{2,}(?:ийн|ын|ийн|иин))$", re.I)
# Given names of four letters or fewer, common in the order given name first: a two-word name of
# two such short words whose first is not one of these ("Sok Dara") is asked, never guessed.
SHORT_GIVEN = frozenset(
    str.split(
        """
    cy fay mei minh olu rene rené wen
    abby abe abdi ada adam ade aden adil afia ahmd aida aime ajay ajit akin al alan alba aled alex
    ali alia alma alva amal amar ami amie amin amir amit amos amy ana andy ange ania anil anja anke
    ann anna anne anni anya ari aria arif arlo arne arun arya asa asha ava avi aya ayo aziz
    bart bea bec bel ben bert beth bill bo bob bree bryn cai cal cara carl cat cher chi chloe chris
    cian ciro cleo clem cody cole dale dan dana dani dara dave davy dawn dean deb dee del demi den
    dev dick dina dino dirk dom don dora doug drew duke dyan earl ed edd eddy eden edie edna elan
    eli ella elle elsa emil emily emma emre ena enzo eric erik erin esme esra etta eva evan eve ewa
    ezra faye femi fin finn flo fred gabe gail gary gene gigi gil gina gino gita glen glyn greg
    gus guy hal hana hani hans hari hera hiba hope hugh hugo huda iain ian ida igor ike ilse ines
    inês ira iris isa isha ivan ivo ivy izzy jack jade jai jake jan jane jay jean jed jeff jen jess
    jill jim jo joan jodi jody joe joel joey john jon jon jose josé josh joy juan jude judy jule june
    kai kara karl kate kay kaya ken kent kev kian kim kip kira kit kofi kojo kris kurt kyle lana
    lara lars lea leah lee lena leo leon lexi lia liam lila lily lina lisa liv liz lois lola lori
    lou luc luca lucy luis luke lulu luz lyn mac mae mai maja mala mari mark mary mat matt maud
    max maya meg mia mica mick mike mila milo mina mira moe mo moll musa nada nan nat nate neha
    neil nell nia nick nico nida nik nina noah noel noor nora nour obi ola olaf oleg olga oli
    omar omer omid oren otis otto owen paco pat paul pete phil pia piet pip raj rana rani raul
    raúl ravi ray reem rees reg reid remi rex rhys ria rich rick rico rita riya rob roma ron rory
    rosa rose ross roy ruby rudy rui ruth ryan sal sam sami sana sara saul sean seb sid sina sky
    stan sue suki sy tad tam tara ted teo tess theo tia tim tina toby tod todd tom toni tony tor
    tre troy ty udo ugo uli uma uwe val vera vic vik vito wade walt wes will wyn yara yoav yuki yuko
    yuri yves zac zach zain zak zara zeb zed zoe zoë zoé
    """
    )
)
# Letters only Vietnamese (or Hungarian) writes: a name with one is never guessed.
_FAMILY_FIRST_LETTERS = set("ơưđăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐƠƯĂőűŐŰ")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


# What may follow a name and is never greeted: a generation (Jr., Sr., III), a degree (PhD), an
# honour (OBE), a style (Esq.). "Ma" and "V" are left out: they are also names and initials.
SUFFIXES = frozenset(
    [
        "jr",
        "sr",
        "snr",
        "jnr",
        "ii",
        "iii",
        "iv",
        "phd",
        "dphil",
        "md",
        "mba",
        "msc",
        "bsc",
        "mbe",
        "obe",
        "cbe",
        "kbe",
        "dbe",
        "esq",
        "qc",
        "kc",
        "jp",
        "mp",
        "frcs",
        "dds",
        "dvm",
        "rn",
        "cpa",
    ]
)


def _suffix(word: str) -> bool:
    return word.strip(",").replace(".", "").lower() in SUFFIXES and len(word.strip(",.")) > 1


def _family_name(words: list[str]) -> str:
    """The word of a family-name-first name most likely its family name: the first, unless only the
    last is a known family name ("Đức Nguyễn" written in Western order)."""
    if _fold(words[0]).replace("đ", "d") not in FAMILY_FIRST and _fold(words[-1]).replace("đ", "d") in FAMILY_FIRST:
        return words[-1]
    return words[0]


# A given name as Chinese, Korean and Vietnamese names are written in Latin letters: syllables of
# an initial and a final ("Xiaoming", "Wei", "Minji"), never a word such as "Johnson" or "Smith".
_SYLLABLES = re.compile(
    r"^(?:(?:zh|ch|sh|ng|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|yeo|eo|eu|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|"
    r"ui|un|ue|ae|oe|a|o|e|i|u|v)(?:ng|n|m|k|p|t)?)+$"
)


def _given_of_family_first(word: str) -> bool:
    """Whether the word after a family name reads as a given name of that order: joined by a
    hyphen ("Hyun-joo"), written with letters English does not use ("Péter"), or made of such
    syllables ("Xiaoming")."""
    return "-" in word or not word.isascii() or bool(_SYLLABLES.match(word.lower()))


def _family_first(words: list[str]) -> bool:
    return _fold(words[0]).replace("đ", "d") in FAMILY_FIRST or any(
        ch in _FAMILY_FIRST_LETTERS for word in words for ch in word
    )


def _order_unknown(words: list[str]) -> bool:
    """A name whose order fixit cannot tell, so its first word is not certainly a given name: a
    Burmese name (no family name), a Mongolian patronymic first, a family name of that order that
    is a given name in English too before a given name of that order ("Sam Dara"), or two short
    words of which the first is no given name fixit knows ("Sok Dara": Khmer, family name first)."""
    folded = [_fold(w).strip(".,") for w in words]
    if any(w in BURMESE for w in folded) or _PATRONYMIC_FIRST.match(words[0]):
        return True
    if len(words) != 2:
        return False
    if folded[0] in FAMILY_FIRST_OR_GIVEN:
        return folded[1] not in FAMILY_FIRST and bool(_SYLLABLES.match(folded[1]))
    # the list is of names in Latin letters: a name in another script is read as before
    short = all(w.isascii() and w.isalpha() and len(w) <= 4 for w in folded)
    return short and folded[0] not in SHORT_GIVEN and words[0].lower() not in SHORT_GIVEN


def _plain_name(word: str) -> bool:
    """A word a greeting can use as it is: starts with a letter in capitals (or a script without
    case), no digits, no '@', not a title, a particle, a placeholder or a shout."""
    lowered = word.rstrip(".").lower()
    return (
        word[:1].isalpha()
        and not word[:1].islower()
        and not re.search(r"[\d@,\"“”]", word)
        and lowered not in TITLES | PARTICLES | PLACEHOLDERS
        and not (len(word) > 1 and word.isupper())
    )


def _usual_case(word: str) -> str:
    """'ANNA' -> 'Anna', 'anna' -> 'Anna', 'JEAN-LUC' -> 'Jean-Luc'; 'McKay', 'DeShawn' stay."""
    if (word.isupper() and len(word) > 1) or word.islower():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word


def _no_spaces_script(ch: str) -> bool:
    """Chinese, Japanese, Korean: the whole name is the polite greeting."""
    found = unicodedata.name(ch, "")
    return any(script in found for script in ("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))


def quotable(complaint: Complaint) -> str | None:
    """The summary, when it was taken down in the customer's own words and is short enough to quote."""
    text = complaint.summary.strip()
    if complaint.channel is Channel.noticed or "\n" in text or len(text) > MAX_QUOTE:
        return None
    if any(mark in text for mark in '"“”„«»'):
        return None
    if not _FIRST_PERSON.search(text) or _STAFF_SHORTHAND.search(text):
        return None
    # "we"/"our" may be the shop speaking: only the customer's "I"/"my" makes it theirs, and the
    # customer spoken of as "she", "her son", "them" is staff writing about them
    if not _SELF.search(text) or _THIRD_PERSON.search(text):
        return None
    # a slip of the keyboard quoted puts it in the customer's mouth: the letter says it in its own words
    if _MISSPELT.search(text):
        return None
    return text


# Words most often misspelt when typed in a hurry: a summary holding one is not quoted (fixit has
# no spelling checker; these are the common ones, not all).
_MISSPELT = re.compile(
    r"\b(?:embarass\w*|embarras(?:ed|ing|ment)|definat\w*|definit(?:ly|aly)|recieve\w*|seperat\w*|"
    r"occured|occurr?ance|untill|wierd|accomodat\w*|tommor+ow|tomorow|dissapoint\w*|disapoint\w*|"
    r"beleive\w*|belive\w*|goverment|neccess\w*|necesar\w*|arguement|begining|calender|"
    r"comming|existance|foward|freind\w*|garantee\w*|gaurantee\w*|happend|immediatly|"
    r"independant|knowlege|noticable|occassion\w*|persistant|posession|prefered|publically|"
    r"realy|refered|relevent|resturant|rythm|sincerly|suprise\w*|tounge|truely|wich|"
    r"appologi[sz]\w*|becuase|beacuse|alot|thier|wasnt|didnt|couldnt|wouldnt|"
    r"shouldnt|doesnt|dont|cant|isnt|arent)\b",
    re.I,
)


def quote_sentence(text: str) -> str:
    """A quoted sentence with its punctuation inside once: 'I waited an hour!!' -> '"I waited an hour!"'."""
    text = re.sub(r"([!?.])\1+", r"\1", text.strip())
    text = text.rstrip(" ,;:")
    if not text.endswith((".", "!", "?")):
        text += "."
    return f"\u201c{text[:1].upper()}{text[1:]}\u201d"


def careful(*texts: str | None) -> str | None:
    """'bereaved', 'unwell', 'hurt' or 'legal' when the complaint touches a death, health, an injury
    (of a person or an animal) or a legal step."""
    found = careful_case(*texts)
    return found.reason if found and found.sure else None


def careful_case(*texts: str | None, by_hand: bool | None = None) -> Careful | None:
    """The careful case, with who went through it; ``by_hand`` (set with --careful / --not-careful)
    decides over the words."""
    if by_hand is False:
        return None
    joined = " ".join(t for t in texts if t)
    animal = _ANIMAL.search(joined)
    if _SEVERAL.search(joined) and not _SELF_TOO.search(joined):
        who = ""  # several harmed: never one of them read from the words, the owner is asked
    elif animal and not _SELF_TOO.search(joined):
        who = f"your {animal.group(1).lower()}"
    else:
        who = "you" if _SELF.search(joined) else ""
    for reason, pattern in _CAREFUL.items():
        found = pattern.search(joined)
        if found:
            return Careful(reason, who, found.group(0).strip())
    if by_hand:
        # set careful by hand, a word of a death only sometimes ("the urn") is one: condolence
        death = _UNSURE["bereaved"].search(joined)
        return Careful("bereaved", who, death.group(0)) if death else Careful("asked", who)
    for reason, pattern in _UNSURE.items():
        found = pattern.search(joined)
        if found:
            return Careful(reason, who, found.group(0), sure=False)
    return None


def unsure_means(case: Careful) -> str:
    """What a word that is careful only sometimes may mean, said in a warning or a question."""
    if case.reason == "bereaved" and _LATE.search(case.word):
        return "a recent death"
    return "someone has died" if case.reason == "bereaved" else "someone was hurt or unwell"


_LATE = re.compile(r"\blate\b", re.I)
# A death that is recent, by the words that say so: a funeral or wake, "recently", "last week". Only
# then does a letter say "at a time that was already so hard"; "my late grandmother" says no when.
_RECENT_DEATH = re.compile(
    r"\b(?:funerals?|wakes?|recent(?:ly)?|just (?:died|passed|lost)|bereave\w*|mourn\w*|grieving|hearse|"
    r"coffin|casket|burial|cremat\w*|crematori(?:um|a)|order of service|(?:last|this) (?:week|month|weekend)|"
    r"(?:days?|weeks?) ago|(?:died|passed away|passed|lost \w+) (?:on|last|this|yesterday|today|\w+day))\b",
    re.I,
)


def recent_death(*texts: str | None) -> bool:
    """Whether the words say a death was recent (a funeral, "recently", "passed away last week")."""
    return any(_RECENT_DEATH.search(t) for t in texts if t)


_INJURY = re.compile(rf"\b(?:{_INJURY_WORDS})\b", re.I)


def harm_said(*texts: str | None) -> str:
    """How a careful letter says the harm the words record: 'hurt' for an injury alone ("sprained",
    "bruised"), 'unwell' for an illness alone ("conjunctivitis", "ate rat bait", "allergy"), and ''
    when the words name only care ("the vet", "A&E") or both: the letter is sorry for "what
    happened to" them, never "hurt" for an illness."""
    joined = " ".join(t for t in texts if t)
    injury, illness = _INJURY.search(joined), _CAREFUL["unwell"].search(joined)
    if injury and not illness:
        return "hurt"
    if illness and not injury:
        return "unwell"
    return ""


# "your dog Shoko", "your son, Tavita": said whole once, then by the name alone ("I hope Shoko is ...")
_NAMED_ONE = re.compile(
    r"^(?:your|our|the|his|her|their)\s+(?:[a-z][\w'’-]*,?\s+){1,3}(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)$"
)


_MANY = re.compile(
    rf"\band\b|&|\bboth\b|\b(?:{_KIN_PLURAL}|people|everyone in \w+|men|women|staff|folk)\b"
    r"|^(?:your|the|our|his|her|their)\s+(?:[a-z]+\s+)*?[a-z]{2,}[^s'’\s]?s(?<!ss)(?<!us)(?<!is)\b",
    re.I,
)


def harmed_many(who: str) -> bool:
    """Whether who was harmed is more than one ("you and your wife", "your children", "the twins",
    "both dogs", "your family"): the letter then says "were unwell", "are feeling better"."""
    who = who.strip()
    named = _NAMED_ONE.match(who)
    head = who[: named.start("name")] if named else who  # "your dog Boris": the name is one
    return who.lower() != "you" and bool(_MANY.search(head))


def harmed_short(who: str) -> str:
    """The one harmed, said again after their full form: 'your dog Shoko' -> 'Shoko'; 'your mother' stays."""
    found = _NAMED_ONE.match(who.strip())
    return found["name"] if found else who


def fix_clause(fix: str | None) -> str | None:
    """The fix as 'we ...', when staff wrote it as a deed: 'Re-adjusted the brakes' -> 'we re-adjusted
    the brakes'. A note such as 'Refund paid' is not said to the customer (None)."""
    if not fix:
        return None
    text = " ".join(fix.split()).rstrip(" .")
    if re.match(r"^(we|i)\s", text, re.I):
        return text[0].lower() + text[1:] if text[:2].lower() == "we" else "I" + text[1:]
    first = text.split()[0].lstrip("(")
    if "-" in first:
        first = first.split("-", 1)[1] or first
    if _PAST_VERB.match(first) and "\n" not in fix and len(text) <= 200:
        return "we " + (text[0].lower() + text[1:] if text[1:2].islower() else text)
    return None


class _AmendWords(NamedTuple):
    """How letters say one kind of amend. ``will`` finishes "We will ..."; ``done`` is what the shop
    did, as a clause a date can follow ("we refunded $12.00 to you"), never what the customer
    experienced ("reached you"), which the shop does not know. ``gift`` marks the kinds a letter
    offers ("we would like you to have ..."); the others are said as done ("We have refunded
    $40.00 to you."): a refund is money returned, never a gift. Each has a form with the amend's
    value or note ({value}, {note}) and a plain one."""

    uses: str  # "value", "note" or "" (neither)
    will: str
    will_plain: str
    done: str
    done_plain: str
    gift: bool
    # an amend given on the spot, when ``done`` says how it reached them ("we sent"): ``handed``
    # when the complaint was made at the counter that day ("we gave you ..."), ``neutral`` when the
    # record does not say how ("you have ... from us", a sentence no date follows); '' is ``done``
    handed: str = ""
    handed_plain: str = ""
    neutral: str = ""
    neutral_plain: str = ""


_AMEND_WORDS = {
    AmendKind.refund: _AmendWords(
        "value",
        "refund {value} to you",
        "refund you in full",
        "we refunded {value} to you",
        "we refunded you in full",
        False,
    ),
    AmendKind.partial_refund: _AmendWords(
        "value",
        "refund {value} to you",
        "refund part of what you paid",
        "we refunded {value} to you",
        "we refunded part of what you paid",
        False,
    ),
    AmendKind.replacement: _AmendWords(
        "note",
        "get {note} to you",
        "get a replacement to you",
        "we sent {note} to you",
        "we sent your replacement",
        False,
        "we gave you {note}",
        "we gave you a replacement",
        "you have {note} from us",
        "you have a replacement from us",
    ),
    AmendKind.redo: _AmendWords(
        "note",
        "make it right with {note} at no charge",
        "do the work again at no charge",
        "we made it right with {note}",
        "we did the work again, at no charge",
        False,
    ),
    AmendKind.coupon: _AmendWords(
        "value",
        "send you a personal coupon worth {value}",
        "send you a personal coupon",
        "we sent you a personal coupon worth {value}",
        "we sent you a personal coupon",
        True,
        "we gave you a personal coupon worth {value}",
        "we gave you a personal coupon",
        "you have a personal coupon worth {value} from us",
        "you have a personal coupon from us",
    ),
    AmendKind.discount: _AmendWords(
        "value",
        "take {value} off your next visit",
        "give you a discount on your next visit",
        "we took {value} off your bill",
        "we gave you a discount",
        True,
    ),
    AmendKind.gift: _AmendWords(
        # "give", not "send": a gift can be a service ("a free valet"), and a valet is not sent
        "note",
        "give you {note}",
        "give you a small gift",
        "we gave you {note}",
        "we gave you a small gift",
        True,
        neutral="you have {note} from us",
        neutral_plain="you have a small gift from us",
    ),
    AmendKind.meal: _AmendWords(
        "",
        "have you in for a meal on us",
        "have you in for a meal on us",
        "we had you in for a meal on us",
        "we had you in for a meal on us",
        True,
    ),
    AmendKind.other: _AmendWords(
        "note",
        "give you {note}",
        # with no thing to say, words true of any amend (the checker asks for the thing)
        "do what we agreed with you",
        "we gave you {note}",
        "we did what we agreed with you",
        True,
        neutral="you have {note} from us",
    ),
}

# A note naming a sum the customer was charged by someone else ("the vet's bill for Zahra", "your
# taxi fare home", "the call-out fee"): the shop pays it, and never gives it ("we will give you the
# vet's bill"). Said for an "other" amend or a gift; "at no extra cost" is no bill.
_PAYS = _AmendWords("note", "pay {note}", "pay {note}", "we paid {note}", "we paid {note}", False)
_BILL = re.compile(r"\b(?:bills?|invoices?|fees?|costs?|charges?|fines?|fares?|excess|tolls?|expenses)\b", re.I)
_NO_COST = re.compile(r"\b(?:no|without|free of|at our|no extra)\s+(?:extra\s+)?(?:charges?|costs?|fees?)\b", re.I)
# "payment of Zahra's vet bill", "paying your taxi fare": the bill is what is paid
_PAYING = re.compile(
    r"^(?:(?:the\s+)?payment\s+(?:of|for)|paying(?:\s+for)?|pay(?:\s+for)?|cover(?:ing)?|reimburs(?:e|ing)|"
    r"(?:the\s+)?reimbursement\s+(?:of|for))\s+",
    re.I,
)
_AFTER_THING = re.compile(r"\s+(?:for|of|to|on|from|with|at|in|that|which|while|so|and)\s+", re.I)
_POSSESSIVE = re.compile(r"^[\w-]+['\u2019]s\b")

# A note that is not a thing (the checker asks for one): the kind's own words ("do the work again",
# "get a replacement to you") could be a different deed from the one the note means ("a loan
# scooter while yours is repaired", "re-plastering one ceiling"), so words true of any are said.
_UNSAID_NOTE = {
    AmendKind.replacement: _AmendWords(
        "note",
        "",
        "do what we agreed with you",
        "",
        "we did what we agreed with you",
        False,
    ),
    AmendKind.redo: _AmendWords(
        "note",
        "",
        "put it right at no charge",
        "",
        "we put it right, at no charge",
        False,
    ),
}


def bill_paid(amend: Amend) -> str | None:
    """The bill an "other" amend or a gift pays, as said after "pay" ("the vet's bill for Zahra",
    "Zahra's vet bill" from "payment of Zahra's vet bill"), or None when its note names no bill."""
    if amend.kind not in (AmendKind.other, AmendKind.gift) or not amend.note:
        return None
    thing = note_thing(amend.note)
    paying = _PAYING.match(thing)
    bill = thing[paying.end() :] if paying else thing
    # the bill is the thing itself ("the vet's bill for Zahra", "the cost of cleaning your coat"),
    # not a word after it ("a bottle of wine to cover the corkage charge" is wine)
    head = _AFTER_THING.split(_NO_COST.sub("", bill), maxsplit=1)[0]
    if not _BILL.search(head) or _NOT_A_THING.search(bill):
        return None
    if not (paying or _NOUN_START.match(bill) or _POSSESSIVE.match(bill)):
        return None
    return bill


def _words_of(amend: Amend) -> _AmendWords:
    """How a letter says this amend: its kind's words, a bill's ("pay ..."), or, for a note that
    is not a thing, words true of any amend of its kind."""
    if bill_paid(amend) is not None:
        return _PAYS
    if amend.note and not note_fits(amend.note) and amend.kind in _UNSAID_NOTE:
        return _UNSAID_NOTE[amend.kind]
    return _AMEND_WORDS[amend.kind]


# A note fills a slot that takes a thing ("give you ___", "make it right with ___") only when it
# reads as one: it opens with a word that starts a noun phrase. "French-polish the lid" or "have
# the glass restored" does not, and the sentence is then built from the kind alone.
_NOUN_START = re.compile(
    r"^(?:a|an|the|your|our|new|one|two|three|four|five|six|some|another|free|full|fresh|"
    r"brand-new|extra|\d|[$£€¥])",
    re.I,
)


# A note that ends in a step ("a new pane, fitted", "your jacket, cleaned and delivered") is not a
# thing: the sentence goes on after it ("to you by Monday") and would break.
# Words spelt like a past tense that name things ("a bottle of house red", "a flower bed", "bird
# seed", "a garden shed") end a thing, not a step.
_NOT_A_THING = re.compile(
    r"[,;:]|\b(?!(?:\w*(?:bed|shed|sled|eed)|red|infrared|hundred|kindred)\b)"
    r"(?:\w+ed|done|made|sent|sewn|built|fit|put|given|taken|brought)\s*[.!]?$",
    re.I,
)


# "two return tickets to Edinburgh, on us": the words after the thing only say it is free, which
# every amend's sentence already does; they are trimmed, and the thing is said.
_COMPLIMENTS = re.compile(
    r"[,;]?\s+(?:on us|on the house|with our compliments|free of charge|at no charge|at our cost)\s*[.!]?$", re.I
)


def note_thing(note: str) -> str:
    """An amend's note as the thing given: a closing ", on us" / "with our compliments" trimmed."""
    return _COMPLIMENTS.sub("", note.strip()).strip()


def note_fits(note: str | None) -> bool:
    """Whether an amend's note can be said in its kind's sentence as the thing given: it reads as a
    thing (opens a noun phrase) and ends as one, so the words after it in the sentence still fit
    (a closing ", on us" is trimmed first)."""
    thing = note_thing(note) if note else ""
    return bool(thing and _NOUN_START.match(thing) and not _NOT_A_THING.search(thing))


# How an amend reached the customer, as far as the record says: ``kept`` (its promise kept, said
# as the promise's own deed), ``counter`` (given on the spot the day they told us at the counter),
# ``now`` (given on the spot, with no record of how it reached them).
HOW = ("kept", "counter", "now")


def amend_says_thing(amend: Amend) -> bool:
    """Whether an amend's own sentence says what it is: a sum, a bill paid, or a note that is a thing."""
    return _words_of(amend).uses != "note" or bill_paid(amend) is not None or note_fits(amend.note)


def amend_will(amend: Amend, currency: str) -> str:
    """What we will do to hand an amend over, finishing 'We will ...'."""
    return _amend_phrase(amend, currency, "will")


def amend_done(amend: Amend, currency: str, how: str = "kept") -> str:
    """An amend handed over, as what the shop did, a clause a date can follow ('we refunded $12.00
    to you'); given on the spot with no record of how (``how`` "now"), a clause without a delivery
    verb that no date follows ('you have a new pair of boots from us')."""
    return _amend_phrase(amend, currency, how)


def amend_dated(amend: Amend, how: str) -> bool:
    """Whether the clause ``amend_done`` gives can be followed by the day it was done."""
    words = _words_of(amend)
    return how != "now" or not (words.neutral or words.neutral_plain)


def amend_is_gift(amend: Amend) -> bool:
    """Offered as a gift ('we would like you to have ...'), or said as done ('We have refunded ...')."""
    return _words_of(amend).gift


def amend_given(amend: Amend, currency: str, how: str = "kept") -> str:
    """A deed handed over, as a sentence: 'We refunded $40.00 to you.'"""
    done = amend_done(amend, currency, how)
    return done[:1].upper() + done[1:] + "."


def _discount_phrase(amend: Amend, currency: str, how: str) -> str:
    """A discount as the record holds it: promised, "take £150 off your final invoice" (the owner's
    note says what it is off) or "give you a discount of £20.00"; its promise kept, "we took ..."
    / "we gave you ..."; given on the spot, agreed that day and no more ("we agreed £150 off your
    final invoice with you"): the record does not say it was taken off a bill."""
    off = discount_off(amend, currency)
    # a note that is not what it is off is said only when it reads on ("on your next order")
    thing = discount_thing(amend if off or discount_reads_on(amend) else replace(amend, note=None), currency)
    if how == "will":
        return f"take {off}" if off else f"give you {thing}"
    if how == "kept":
        return f"we took {off}" if off else f"we gave you {thing}"
    return f"we agreed {thing} with you"


def _amend_phrase(amend: Amend, currency: str, how: str) -> str:
    if amend.kind is AmendKind.discount:
        return _discount_phrase(amend, currency, how)
    words = _words_of(amend)
    value = format_money(amend.value_cents, currency) if amend.value_cents else None
    bill = bill_paid(amend)
    note = bill or (note_thing(amend.note) if amend.note and note_fits(amend.note) else None)
    filled = {"value": value, "note": note, "": None}[words.uses]
    full, plain = {
        "will": (words.will, words.will_plain),
        "kept": (words.done, words.done_plain),
        "counter": (words.handed or words.done, words.handed_plain or words.done_plain),
        "now": (words.neutral or words.done, words.neutral_plain or words.done_plain),
    }[how]
    if filled:
        said = full.format(value=value, note=note)
        # "a free wheel class" is not also "at no charge"
        return said.replace(" at no charge", "") if no_charge_said(amend.note) else said
    return plain


_NO_CHARGE = re.compile(
    r"\b(?:free|complimentary|no charge|free of charge|on us|on the house|without charge|at our cost)\b", re.I
)


def no_charge_said(note: str | None) -> bool:
    """Whether a note already says the customer pays nothing ('a free wheel class', 'on us')."""
    return bool(note and _NO_CHARGE.search(note))


def cut_at_word(text: str, width: int) -> str:
    """At most ``width`` characters, cut between words (never mid-word), without a trailing mark."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width + 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut or flat[:width]
