"""The draft checker: reads a rendered letter as the customer will, for what an owner would have
to put right before sending it. Every draft fixit renders is checked before it is shown; each
problem prints as one warning line, with the command that fixes it where there is one, and a
letter with problems is not sent without --force. `fixit templates check` runs the same checks
over the owner's own templates.

What it checks (each a plain rule, so a failing letter says exactly why):

- the letter opens with a greeting that is a name ("Hello Mrs Olsen,"), never a title alone,
  a placeholder ("Walk-in"), an all-capitals shout or a lowercase start;
- every sentence and paragraph starts with a capital;
- no doubled or clashing punctuation ("!!", "..", ".,", a full stop after a quote that ended
  with one);
- quotation marks balanced in each paragraph, and no line break inside a quotation;
- the subject is there, was not cut mid-word, and speaks from the shop's side (no "my", "me",
  or "I" other than "I am sorry");
- no staff markers: "customer says", "staff:", "todo", "asap", the customer's own name in the
  third person, a sentence that is a to-do ("Call José back ...");
- no empty or repeated paragraph, and nothing left unfilled ("{{", "None", "[NAME]").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixit.letters.phrasing import ARTICLES, PARTICLES, PLACEHOLDERS, TITLES, is_company
from fixit.letters.render import Draft

_UNFILLED = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b|\bundefined\b|\[[A-Z][A-Z _]{2,}\]|\bTODO\b|\bXXX\b|<[A-Z_]{3,}>")
_DOUBLED = re.compile(
    r"(?<![.])\.\.(?![.])|[!?][!?]+|[,;:]\s*[.,;:!?]|[.!?]\s*[,;:]|[.!?][\"”’]\s*[.,;:]"
    r"|\s[.,;:!?](?=\s|$)"
)
_GREETING = re.compile(r"^(Hello|Hi|Dear|Good morning|Good afternoon|Good evening)(?: (?P<name>[^,\n]*))?,")
_STAFF = re.compile(
    r"\b(?:customer|cust|client|caller|guest)\.? (?:says|said|states|stated|claims|claimed|reports|reported|wants|"
    r"wanted|called|was|is|seemed|looked)\b|\b(?:staff|note|internal|todo|to do):|\btodo\b|\bper (?:the )?customer\b"
    r"|\bpls\b|\bplz\b|\basap\b|\bfyi\b|\bre:|\bcx\b|\bw/o?\b",
    re.I,
)
_TODO_START = re.compile(
    r"(?:^|[.!?]\s+|^- )(Call|Ring|Phone|Email|E-mail|Text|Refund|Deliver|Chase|Check|Follow up|Order|Book|Arrange|"
    r"Contact|Remind|Ask|Bake|Fix|Replace|Collect)\b(?! you\b| us\b)",
    re.M,
)
_SENTENCE_START = re.compile(r"(?<![.])(?P<end>[.!?][\"”’)]?)\s+(?P<next>[^\s\"“(\-–—•*0-9$£€])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "a.m.", "p.m.", "approx.", "vs.", "no.", "St.", "Mr.", "Mrs.", "Ms.", "Dr.")
_SUBJECT_VOICE = re.compile(r"\bmy\b(?! apolog)|\b(me|mine|myself)\b|\bI\b(?!\s*(?:am|'m|’m)\s+sorry)(?! wanted)", re.I)


@dataclass(frozen=True)
class Problem:
    text: str
    fix: str | None = None

    def __str__(self) -> str:
        return f"{self.text} ({self.fix})" if self.fix else self.text


@dataclass(frozen=True)
class Facts:
    """Who the letter is to, so a problem can name the command that puts it right."""

    complaint_id: int | None = None
    customer_id: int | None = None
    customer_name: str | None = None
    signer: str | None = None
    business: str | None = None  # the shop's own name: a letter may always say it


def problems(
    draft: Draft, text_message: bool = False, facts: Facts | None = None, fields: dict[str, str] | None = None
) -> list[Problem]:
    """Everything the checker finds in one draft, in reading order; [] for a letter ready to send.
    ``fields`` are the customer-facing fields staff typed (the fix, what we told them, the finding,
    an explanation, an amend's note), each as the letter says it, read on their own too."""
    facts = facts or Facts()
    body = draft.body.strip()
    if not body:
        return [Problem("the letter is empty")]
    found: list[Problem] = []
    if not text_message:
        found += _subject(draft.subject)
    for where, text in (("subject", draft.subject), ("letter", body)):
        unfilled = _UNFILLED.search(text)
        if unfilled:
            found.append(Problem(f"the {where} has something left unfilled: {unfilled.group(0)!r}"))
        doubled = _DOUBLED.search(text)
        if doubled:
            # in the greeting, the name to greet is what puts it right; elsewhere, the owner's words
            in_greeting = where == "letter" and doubled.start() < len(text.split("\n\n")[0])
            fix = _greet_fix(facts) if in_greeting else _fix_for(facts)
            found.append(Problem(f"the {where} has doubled or clashing punctuation: {doubled.group(0).strip()!r}", fix))
    paragraphs = body.split("\n\n")
    found += _greeting(paragraphs[0], facts, text_message)
    found += _paragraphs(paragraphs)
    found += _quotes(paragraphs)
    found += _capitals(paragraphs)
    found += _staff_text(paragraphs, facts, text_message, fields)
    found += _third_person(paragraphs, facts, text_message)
    found += _fields(fields or {}, facts)
    found += _broken(paragraphs, facts, text_message)
    return found


# A sentence built from an owner's answer that is not a sentence: "I am sorry that Ms Quinn." (no
# verb after "that"), "we said we would we charged your card twice" (a tell that is itself a
# statement, spliced after "we said we would").
_SORRY_THAT = re.compile(r"\b(?:I am|I'm)(?: \w+)? sorry that ([^.!?\n]+)[.!?]", re.I)
_DOUBLED_SUBJECT = re.compile(r"\b(?:we|I) (?:said|promised) (?:we|I) (?:would|will|could) (?:we|I)\b(?!\?)", re.I)
# A promise that cannot be read right as it stands: "we" spliced with a tell that speaks as "I"
# ("we said we would call you once I have spoken ..."), or its date after a clause ("... once I have
# spoken to the manager by Tuesday 24 November" reads as the clause's date).
_WE_THEN_I = re.compile(
    r"\bwe (?:will|would|said we would) [^.!?\n]*?\b(?:once|when|after|before|until|as soon as|if) I\b", re.I
)
_DATE_AFTER_CLAUSE = re.compile(
    r"\b(?:once|when|whenever|after|before|until|till|as soon as|unless)\b[^.!?\n,;:()]*? by (?:the end of today|"
    r"tomorrow|\d{1,2}:\d{2}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_VERB_HINT = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|do|does|did|can|could|will|would|should|"
    r"may|might|must|shall|got|get|went|came|left|made|took|gave|kept|told|said|let|put|cut|set|"
    r"broke|fell|lost|sent|paid|felt|found|saw|heard|ran|\w+ed|\w+n't|\w+s)\b",
    re.I,
)


def _broken(paragraphs: list[str], facts: Facts, text_message: bool) -> list[Problem]:
    middle = paragraphs if text_message else paragraphs[1:-1]
    text = _QUOTED.sub("", "\n\n".join(middle))
    n = facts.complaint_id
    for sorry in _SORRY_THAT.finditer(text):
        clause = sorry.group(1)
        if not _VERB_HINT.search(re.sub(r"\b(?:Ms|Mrs|Mr|Miss|Mx|Dr)\b\.?", "", clause)):
            fix = f'fixit edit {n} --went-wrong "<what went wrong, as a sentence>"' if n is not None else None
            return [Problem(f"the letter has a sentence with no verb: {sorry.group(0)!r}", fix)]
    fix = 'fixit promises, then fixit edit P.. --tell "<what we said we would do>"' if n is not None else None
    doubled = _DOUBLED_SUBJECT.search(text)
    if doubled:
        return [Problem(f"the letter has a sentence spliced into another: {doubled.group(0)!r}", fix)]
    mixed = _WE_THEN_I.search(text)
    if mixed:
        return [
            Problem(f"the letter says a promise as \u201cwe\u201d and \u201cI\u201d at once: {mixed.group(0)!r}", fix)
        ]
    late = _DATE_AFTER_CLAUSE.search(text)
    if late:
        return [
            Problem(f"the letter puts a promise's date after a clause it does not belong to: {late.group(0)!r}", fix)
        ]
    return []


# He, she ... about the customer: a letter speaks *to* them. Their own words in quotation marks
# are left out; "they" is flagged only where it plainly is the customer ("they said", "told them").
_THIRD_PERSON = re.compile(
    r"\b(?:he|she|him|his|her|hers|himself|herself)\b"
    r"|\bthey (?:say|said|says|want|wanted|called|asked|came|paid|claim|claimed|think|thought)\b"
    r"|\b(?:told|tell|call|called|ring|rang|phone|phoned|email|emailed|text|texted|ask|asked|remind|reminded) "
    r"them\b",
    re.I,
)
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"")
_FIELD_TODO = re.compile(
    r"^(?:Call|Ring|Phone|Email|E-mail|Text|Refund|Deliver|Chase|Check|Follow up|Order|Book|"
    r"Arrange|Contact|Remind|Ask|Fix|Replace|Collect|Send|Get|Need to|Must|Should)\b",
    re.I,
)


# Things "our ...er" can name that are not a member of staff ("our printer", "our counter").
_OUR_THINGS = (
    r"printer|computer|counter|order|door|floor|water|letter|number|folder|charger|heater|boiler|freezer|"
    r"trailer|container|paper|cover|timer|scanner|meter|router|error|mirror|colour|color|corner|centre|"
    r"center|register|voucher|offer|poster|sticker|shutter|buzzer|locker|monitor|elevator|escalator|"
    r"motor|generator|calculator|indicator|sensor|detector|radiator|compressor|shower|toner|filter|"
    r"blender|mixer|roller|cutter|drawer|bumper|fender|tier|partner|customer|client|caller|newsletter|"
    r"answerphone|chair|flavour|flavor|manner|behaviour|behavior|labour|labor|favour|favor|honour|"
    r"honor|humour|humor|power|tower|transfer|ledger|cellar|dinner|supper|river|winter|summer|other|"
    r"reminder|answer|flyer|banner|tracker|planner|cooler|trimmer|dryer|dispenser|header|footer|border|"
    r"never|ever|over|after|under|together|either|neither|rather|whether|later|sooner|faster|better|"
    r"longer|earlier|further|however|remember|consider|deliver|enter|suffer|wonder|matter|discover|"
    r"gather|bother|prefer|refer|for|nor|or|her|per|super|proper|major|minor|junior|senior|prior|"
    r"inferior|superior|exterior|interior|floor|decor|décor|weather|letter|meter|litre|liter|tractor|"
    r"calendar|server|laser|razor|cleaner|freezer|barrier|butter|silver|copper|leather|rubber|timber|"
    r"number|counter|oyster|burger|dinner|sister|brother|mother|father|daughter"
)
# Our own people, by their work: "our audiologist", "our locum", "our delivery driver", "our
# piercer", "the hygienist". Any "our ...er/...or" that is not a thing; after "the", only a word
# that is always a person ("the audiologist", "the locum"), as "the ...er" is too often a thing.
_ROLES = (
    r"[a-z]+(?:ist|ician|grapher|ologist)|locum|staff|tech|temp|trainee|nanny|carer|midwife|surgeon|"
    r"coach|tutor|guide|host|rep|valet|steward|stewardess|attendant|salesman|saleswoman|concierge|"
    r"usher|nurse|medic|paramedic|GP|physio|vet|team member|masseuse|masseur|"
    # people by their work after "the" too: "the warden ... he", "the night porter ... she"
    r"warden|ranger|clerk|cashier|bouncer|janitor|maid|butler|sommelier|barista|baker|butcher|chef|"
    r"waiter|waitress|hostess|manager|manageress|driver|guard|porter|receptionist|conductor|inspector|"
    r"officer|operator|proprietor|landlord|landlady|instructor|supervisor|technician|mechanic|"
    r"plumber|electrician|engineer|fitter|installer|builder|decorator|painter|gardener|cleaner|"
    r"courier|postman|postwoman|[a-z]+(?:keeper|man|woman|person)"
)
_OUR_STAFF = (
    rf"\b[Oo]ur (?:[a-z]+ )?(?:(?!(?:{_OUR_THINGS})\b)[a-z]+(?:er|or)|{_ROLES})\b(?!['’]s)"
    rf"|\b[Tt]he (?:[a-z]+ )?(?:{_ROLES})\b"
)
# Someone else a pronoun can be about: "your son", "your dog", or a name that is not the customer's
# ("Biscuit"); a pronoun after one of these in the same sentence is about them, not the customer.
_OTHER = re.compile(
    r"\b(?:[Yy]our|[Oo]ur|[Tt]heir|[Tt]he) (?:little |old |young |new )?(?:son|daughter|child|kid|boy|girl|"
    r"husband|wife|partner|mum|mom|dad|mother|father|baby|friend|brother|sister|grandson|"
    r"granddaughter|grandmother|grandfather|dog|cat|puppy|pup|kitten|horse|pony|pet|rabbit|parrot|"
    r"hamster|nurse|vet|driver|technician|engineer|locksmith|instructor|stylist|fitter|crew|"
    r"colleague|manager|assistant|mechanic|plumber|electrician|waiter|waitress|chef|cook|"
    r"receptionist|courier|cleaner|worker|builder|decorator|painter|gardener|apprentice|boss|"
    r"owner|supervisor|installer|surveyor|porter|caretaker|guard|doctor|dentist|optician|barber|"
    r"hairdresser|therapist|trainer|teacher|bartender|barman|barmaid|server|agent|member of staff)\b"
    rf"|{_OUR_STAFF}"
    r"|(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b|^[A-Z][a-z]+\b",
    re.M,
)
_NOT_A_NAME = {
    "I",
    "We",
    "Our",
    "Your",
    "You",
    "The",
    "This",
    "That",
    "It",
    "When",
    "So",
    "And",
    "But",
    "Thank",
    "Please",
    "Here",
    "One",
    "Still",
    "If",
    "Hello",
    "Once",
    "A",
    "An",
    "On",
    "In",
    "As",
    "After",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
}
# People a "they" or "them" can be about that are not the customer: "everyone who received the
# email ... ask them to delete it", "the other guests ... told them".
_PLURAL_OTHERS = re.compile(
    r"\b(?:everyone|everybody|others|guests|staff|recipients|people|customers|clients|team|"
    r"suppliers|students|pupils|parents|children|kids|neighbours|neighbors|members|residents|"
    r"passengers|visitors|diners|drivers|workers|contractors|colleagues|managers|tenants|"
    r"owners|families|couriers|engineers|builders|riders|players|officers|police|council)\b",
    re.I,
)
_CONNECTORS = {"and", "und", "et", "y", "e", "the", "of", "family"}


def _about_customer(text: str, facts: Facts) -> re.Match[str] | None:
    """The first he/she ... in ``text`` that is about the customer: not one that follows someone else
    named earlier in its sentence."""
    own = set(own_name(facts.customer_name or "").split())
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        hit = _THIRD_PERSON.search(sentence)
        if not hit:
            continue
        before = sentence[: hit.start()]
        plural = re.search(r"\bthe(?:y|m)\b", hit.group(0), re.I)
        if plural and (_PLURAL_OTHERS.search(before) or _plural_thing(before)):
            continue  # "everyone who received the email ... ask them": other people, not the customer
        others = [
            m.group(0) for m in _OTHER.finditer(before) if m.group(0) not in _NOT_A_NAME and m.group(0) not in own
        ]
        if not others:
            return hit
    return None


_NOT_PLURAL = {
    "was",
    "is",
    "has",
    "does",
    "this",
    "us",
    "yours",
    "ours",
    "always",
    "perhaps",
    "across",
    "its",
    "as",
    "thus",
    "unless",
    "yes",
    "less",
    "his",
    "hers",
    "plus",
    "news",
    "sometimes",
    "whereas",
    "besides",
    "towards",
    "afterwards",
    "says",
    "asks",
    "wants",
    "thinks",
    "needs",
}


def _plural_thing(before: str) -> bool:
    """A plural noun earlier in the sentence ("spare keys ... nobody checked they came back"): a
    "they" after it is about the things, not the customer."""
    return any(
        w.lower() not in _NOT_PLURAL and not w.lower().endswith(("ss", "us", "is"))
        for w in re.findall(r"\b[a-z]{3,}s\b", before)
    )


def _fix_for(facts: Facts, field: str | None = None) -> str | None:
    """The command that rewrites what the customer reads: the field's own when the problem is in one
    (the explanation is rewritten by `judge --explain`, which is where it was given), else the list."""
    n = facts.complaint_id
    if n is None:
        return None
    own = {
        "what went wrong": f'fixit edit {n} --went-wrong "..."',
        "what we found": f'fixit edit {n} --found "..."',
        "the fix": f'fixit edit {n} --we-did "..."',
        "the explanation": f'fixit judge {n} --unjustified --explain "..."',
        "what it was about": f'fixit edit {n} --about "..."',
    }
    if field in own:
        return own[field]
    if field and field.startswith("promise "):
        return f'fixit edit {field.split()[1]} --tell "..."'
    if field and field.startswith("change "):  # a process change's own words
        return f'fixit edit {field.split()[1]} --text "..."'
    if field and field.startswith("the "):  # an amend's words
        return f'fixit show {n} (its amends), then fixit edit A.. --note "..."'
    return f"fixit show {n}, then fixit edit {n} --went-wrong / --we-did / --found ..., or fixit edit P.. --tell ..."


def _third_person(paragraphs: list[str], facts: Facts, text_message: bool) -> list[Problem]:
    middle = paragraphs if text_message else paragraphs[1:-1]
    text = _QUOTED.sub("", "\n\n".join(middle))
    found = _about_customer(text, facts)
    if found:
        return [Problem(f"the letter speaks about the customer, not to them: {found.group(0)!r}", _fix_for(facts))]
    return []


# "the customer" in words a customer reads is staff speaking of them ("a map left with the
# customer", "read back to the customer"); a field says "you".
_THE_CUSTOMER = re.compile(r"\bthe (?:customer|client|caller)\b(?!s)", re.I)


def _fields(fields: dict[str, str], facts: Facts) -> list[Problem]:
    """Each customer-facing field on its own: to-dos, staff shorthand, the customer in the third person."""
    found = []
    for name, text in fields.items():
        bare = re.sub(r"^we\s+(?:will\s+)?", "", text.strip(), flags=re.I)
        if _FIELD_TODO.match(bare) and not re.match(r"^we\s", text.strip(), re.I):
            found.append(
                Problem(f"{name} is a to-do for staff, not words for the customer: {text!r}", _fix_for(facts, name))
            )
        elif _STAFF.search(text) or _THE_CUSTOMER.search(text):
            found.append(Problem(f"{name} has words written for staff: {text!r}", _fix_for(facts, name)))
        elif _about_customer(_QUOTED.sub("", text), facts):
            found.append(Problem(f"{name} speaks about the customer, not to them: {text!r}", _fix_for(facts, name)))
    return found


def _subject(subject: str) -> list[Problem]:
    subject = subject.strip()
    if not subject:
        return [Problem("the subject is empty")]
    found = []
    if subject.endswith(("…", "...")) or len(subject) > 78:
        found.append(Problem(f"the subject was cut or is too long: {subject!r}"))
    if _SUBJECT_VOICE.search(subject):
        found.append(Problem(f"the subject speaks in the customer's voice, not the shop's: {subject!r}"))
    if subject[:1].islower():
        found.append(Problem(f"the subject starts with a small letter: {subject!r}"))
    return found


def _greet_fix(facts: Facts) -> str | None:
    return f'fixit customer edit {facts.customer_id} --greet "..."' if facts.customer_id is not None else None


def _greeting(first: str, facts: Facts, text_message: bool) -> list[Problem]:
    fix = _greet_fix(facts)
    match = _GREETING.match(first)
    if match is None:
        return [] if text_message else [Problem("the letter does not open with a greeting", fix)]
    name = match["name"]
    if name is None:  # "Hello," greets with no name: what a letter does when it does not know one for certain
        return []
    name = name.strip()
    if not name:
        return [Problem("the greeting has a space where a name should be", fix)]
    words = name.split()
    bare = [w.rstrip(".").lower() for w in words]
    if len(words) == 1 and bare[0] in TITLES:
        return [Problem(f"the greeting is a title, not a name: {name!r}", fix)]
    if len(words) == 1 and bare[0] in ARTICLES:
        return [Problem(f"the greeting is not a name: {name!r}", fix)]
    if name.lower() in PLACEHOLDERS:
        return [Problem(f"the greeting is not a name: {name!r}", fix)]
    if any(len(w) > 1 and w.isupper() for w in words):
        return [Problem(f"the greeting shouts the name in capitals: {name!r}", fix)]
    if len(words) == 1 and bare[0] in PARTICLES:
        return [Problem(f"the greeting is part of a surname, not a name: {name!r}", fix)]
    if words[0][:1].islower() and not (bare[0] in PARTICLES and len(words) > 1):
        return [Problem(f"the greeting starts the name with a small letter: {name!r}", fix)]
    if re.search(r"[\d@]", name):
        return [Problem(f"the greeting is not a name: {name!r}", fix)]
    return []


def _paragraphs(paragraphs: list[str]) -> list[Problem]:
    found = []
    blocks = [" ".join(p.split()) for p in paragraphs]
    if any(not re.search(r"\w", b) for b in blocks):
        found.append(Problem("the letter has an empty paragraph"))
    seen: set[str] = set()
    for block in blocks:
        if block in seen and re.search(r"\w", block):
            found.append(Problem(f"a paragraph is there twice: {block[:40]!r}"))
            break
        seen.add(block)
    return found


def _quotes(paragraphs: list[str]) -> list[Problem]:
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            if line.count('"') % 2 or line.count("“") != line.count("”"):
                whole = paragraph.count('"') % 2 == 0 and paragraph.count("“") == paragraph.count("”")
                text = "a quotation runs over a line break" if whole else "a quotation mark is not closed"
                return [Problem(f"{text}: {line.strip()[:50]!r}")]
    return []


def _capitals(paragraphs: list[str]) -> list[Problem]:
    for paragraph in paragraphs:
        for number, line in enumerate(paragraph.splitlines()):
            item = line[2:] if line.startswith("- ") else line
            first = next((ch for ch in item if ch.isalpha()), "")
            if first.islower() and (number == 0 or line.startswith("- ")):  # a paragraph's or a list item's start
                return [Problem(f"a sentence starts with a small letter: {item.strip()[:50]!r}")]
        for match in _SENTENCE_START.finditer(paragraph):
            before = paragraph[: match.start("end") + 1]
            if before.endswith(_ABBREVIATIONS):
                continue
            if match["next"].islower():
                start = match.start("next")
                return [Problem(f"a sentence starts with a small letter: {paragraph[start : start + 40]!r}")]
    return []


def _staff_text(
    paragraphs: list[str], facts: Facts, text_message: bool, fields: dict[str, str] | None = None
) -> list[Problem]:
    generic = (
        (
            f"fixit show {facts.complaint_id}, then fixit edit {facts.complaint_id} --about ... or "
            f"fixit edit P.. --tell ..."
        )
        if facts.complaint_id is not None
        else None
    )

    def fix(words: str) -> str | None:
        """The command for the field the words are in (a change's text, a promise ...), else the list."""
        within = next((name for name, text in (fields or {}).items() if words.lower() in text.lower()), None)
        return _fix_for(facts, within) if within is not None else generic

    # the greeting and the signature are where a name belongs
    middle = paragraphs if text_message else paragraphs[1:-1]
    text = "\n\n".join(middle)
    if text_message:
        text = _GREETING.sub("", text, count=1)
    staff = _STAFF.search(text)
    if staff:
        return [Problem(f"the letter has words written for staff: {staff.group(0)!r}", fix(staff.group(0)))]
    todo = _TODO_START.search(text)
    if todo:
        said = todo.group(0).strip(" .!?-")
        return [Problem(f"the letter has a to-do for staff: {said!r}", fix(said))]
    # the shop's own name and who signs are never the customer, wherever they stand ("- Lindiwe
    # Dube, Mokoena's Catch" to Thabo Mokoena): blanked out before the customer's name is looked for
    unsigned = text
    for ours in sorted(filter(None, (facts.business, facts.signer)), key=len, reverse=True):
        unsigned = re.sub(rf"(?<!\w){re.escape(ours.strip())}(?!\w)", " ", unsigned, flags=re.I)
    for name in _third_person_names(facts):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", unsigned):
            return [Problem(f"the letter names the customer in the third person: {name!r}", fix(name))]
    return []


# A note typed beside a name: in brackets ("Derek Hollings (son of Ivy Hollings, Room 12, Elmwood
# House)"), after a dash ("Jean Marsh - carer for Albert Marsh"), or "c/o ...": a relative, a room,
# a care home, never the customer's own name.
_NAME_NOTE = re.compile(r"\([^)]*\)?|\[[^\]]*\]?|\s[-\u2013\u2014]\s.*$|\bc/o\b.*$|[()\[\]]", re.I)


def own_name(name: str) -> str:
    """The customer's own name, without a note typed beside it."""
    return " ".join(_NAME_NOTE.sub(" ", name).split()) or name


def _third_person_names(facts: Facts) -> list[str]:
    if not facts.customer_name or facts.customer_name.strip().lower() in PLACEHOLDERS:
        return []
    if is_company(facts.customer_name):
        return []  # a letter to a firm's manager may name the firm ("the apostrophe in O'Brien's")
    own = {
        w.lower() for w in (facts.business or "").split()
    }  # "Walk-in", "customer": no one's name, and words a letter may use ("the next customer")
    name = own_name(facts.customer_name)
    words = [
        w for w in name.split() if len(w) > 2 and w.rstrip(".").lower() not in TITLES and w.lower() not in _CONNECTORS
    ]
    signer = (facts.signer or "").split()
    return [name] + [w for w in words if w not in signer and w.lower() not in PARTICLES and w.lower() not in own]
