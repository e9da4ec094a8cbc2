"""Rendering letters from Jinja templates.

Templates are looked up in the user's folder first (``<app dir>/templates``), then in
the ones that ship with fixit. Every template renders in Jinja's sandbox with undefined
names as errors: a user's edit can neither run code nor print "None" silently.
A template's first line is ``Subject: ...``; the rest, after a blank line, is the letter.
Whitespace is tidied after rendering so an empty section never leaves a stray blank line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, safe_range

import fixit
from fixit.errors import FixitError
from fixit.letters.phrasing import cut_at_word
from fixit.model import LetterKind
from fixit.paths import app_dir, private_folder, user_templates_dir

SUFFIX = ".j2"
LETTER, SMS = ".txt", ".sms"
HTML_FRAME = "letter.html.j2"


class TemplateProblem(FixitError):
    """A template is missing, broken, or asks for something the context does not have."""


@dataclass
class Draft:
    """A rendered letter; ``advice`` (what the letter had to make do without) and ``problems``
    (what the draft checker found) are filled in by drafting, each an object that prints as a line.
    ``reads`` and ``names`` are what the template read of its context as it rendered (``uses``)."""

    kind: LetterKind
    subject: str
    body: str
    advice: list[Any] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)
    reads: set[tuple[int, str]] = field(default_factory=set, repr=False)
    names: set[str] = field(default_factory=set, repr=False)

    def uses(self, obj: Any, name: str | None = None) -> bool:
        """Whether the letter's text used field ``name`` of ``obj`` (any field, with ``name``
        None), or with ``obj`` None the template's top-level name ``name`` (``amends``)."""
        if obj is None:
            return name in self.names
        return any(o == id(obj) and (name is None or n == name) for o, n in self.reads)


def builtin_templates_dir() -> Path:
    """Inside the installed package (the wheel carries them); the repository's folder in a checkout."""
    packaged = Path(fixit.__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(fixit.__file__).parents[2] / "templates"


MAX_OUTPUT = 100_000  # characters a letter template may produce: far more than any letter
MAX_LOOP = 10_000  # the longest range() a template may loop over
MAX_NUMBER_BITS = 4096  # a number larger than this (10**1233) has no place in a letter
MAX_MEMORY = 512 * 2**20  # bytes of memory a rendering may take on top of what fixit already uses


class LetterSandbox(SandboxedEnvironment):
    """Jinja's sandbox (no access to Python's insides) whose operators, calls and filters are bounded
    BEFORE they run: a shorter range() than its default, no string or list multiplied or added past
    MAX_OUTPUT, no number past MAX_NUMBER_BITS, no width or count argument past MAX_OUTPUT.
    (Intercepted operators are also never folded at compile time.)"""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    # what the template read as it rendered: (the object, by id; the field's name). A letter warns
    # only of fields its own text uses (a warning about what a follow-up leaves out is no business
    # of a promise-kept letter's), whoever wrote the template.
    reads: set[tuple[int, str]] | None = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        if self.reads is not None:
            self.reads.add((id(obj), attribute))
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self.reads is not None and isinstance(argument, str):
            self.reads.add((id(obj), argument))
        return super().getitem(obj, argument)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __obj in (range, safe_range) and (len(range(*args)) > MAX_LOOP):
            raise TemplateLimit(f"too long a loop (range of more than {MAX_LOOP:,})")
        _check_arguments(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)


class TemplateLimit(Exception):
    """A user template went past one of the limits above."""


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and abs(value) > MAX_OUTPUT:
            raise TemplateLimit(f"a number past {MAX_OUTPUT:,} given to a function or filter")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    sized = (str, list, tuple)
    if operator == "*" and isinstance(left, sized) != isinstance(right, sized):
        times, seq = (right, left) if isinstance(left, sized) else (left, right)
        if isinstance(times, int) and len(seq) * times > MAX_OUTPUT:
            raise TemplateLimit(f"it makes more than {MAX_OUTPUT:,} characters")
    elif operator == "+" and isinstance(left, sized) and isinstance(right, sized):
        if len(left) + len(right) > MAX_OUTPUT:
            raise TemplateLimit(f"it makes more than {MAX_OUTPUT:,} characters")
    elif operator == "%" and isinstance(left, str):
        values = right if isinstance(right, tuple) else (right,)
        if re.search(r"\d{7}", left) or ("*" in left and any(isinstance(v, int) and v > MAX_OUTPUT for v in values)):
            raise TemplateLimit(f"it makes more than {MAX_OUTPUT:,} characters")
    if isinstance(left, int) and isinstance(right, int):
        bits = max(abs(left).bit_length(), abs(right).bit_length())
        if operator == "**":
            bits = abs(left).bit_length() * max(right, 0)
        elif operator == "*":
            bits = abs(left).bit_length() + abs(right).bit_length()
        if bits > MAX_NUMBER_BITS:
            raise TemplateLimit("a number too large for a letter")


def _bounded_filter(function: Any) -> Any:
    """A filter that refuses a width or count past MAX_OUTPUT (``center(10**9)``) before it runs."""
    import functools

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args[1:], kwargs)
        return function(*args, **kwargs)

    return bounded


def environment() -> LetterSandbox:
    loader = jinja2.ChoiceLoader(
        [
            OwnTemplates(str(user_templates_dir())),
            jinja2.FileSystemLoader(str(builtin_templates_dir())),
        ]
    )
    env = LetterSandbox(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        bytecode_cache=_bytecode_cache(),
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    )
    env.filters.update({name: _bounded_filter(function) for name, function in env.filters.items()})
    env.filters.update(
        lower_first=lower_first, end_sentence=end_sentence, as_yours=as_yours, capital=capital, cut_at_word=cut_at_word
    )
    return env


class OwnTemplates(jinja2.FileSystemLoader):
    """The user's templates folder, refused (with the chmod that fixes it) when another user of this
    computer could change it or a template in it: a letter goes out in the shop's name."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        folder = Path(self.searchpath[0])
        _refuse_if_others_write(folder, "your templates folder")
        found = super().get_source(environment, template)
        _refuse_if_others_write(Path(found[1]), "the template")
        return found


def _refuse_if_others_write(path: Path, what: str) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & 0o022:
        raise TemplateProblem(
            f"{what} {path} can be changed by other users of this computer, so it is not used: "
            f"`chmod go-w {path}` makes it yours alone"
        )


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja checks each source's checksum, so an edited
    template is recompiled); none where the app folder cannot be written."""
    folder = app_dir() / "cache" / "templates"
    try:
        private_folder(folder)
    except FixitError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def lower_first(text: str) -> str:
    """'Refund the charge' -> 'refund the charge', to continue a sentence; 'SMS sent' and 'I' stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    if text[:2] == "A ":  # "A coordinator is told ..." -> "a coordinator ..."; "I" stays
        return "a" + text[1:]
    return text


def capital(text: str) -> str:
    """'your wedding cake mattered' -> 'Your wedding cake mattered', to start a sentence."""
    return text[:1].upper() + text[1:]


def end_sentence(text: str) -> str:
    """Make sure a phrase typed without a full stop ends as a sentence."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def as_yours(phrase: str) -> str:
    """'a refund of $12.50' -> 'your refund of $12.50'."""
    for article in ("a ", "an ", "the "):
        if phrase.startswith(article):
            return "your " + phrase[len(article) :]
    return phrase


def template_name(kind: LetterKind | str, variant: str = LETTER) -> str:
    return f"{kind}{variant or LETTER}{SUFFIX}"


def render(kind: LetterKind, context: dict[str, Any], variant: str = "") -> Draft:
    """Render one letter; ``variant`` picks a sibling template: '.sms' is a text message, with no subject."""
    name = template_name(kind, variant)
    reads: set[tuple[int, str]] = set()
    names: set[str] = set()
    text = tidy(render_template(name, context, reads, names))
    draft = Draft(kind, "", text) if variant == SMS else _split(kind, name, text)
    draft.reads, draft.names = reads, names
    return draft


def render_template(
    name: str, context: dict[str, Any], reads: set[tuple[int, str]] | None = None, names: set[str] | None = None
) -> str:
    """Render any template by name, turning Jinja's errors into one line naming template and line;
    what it reads of ``context`` goes into ``reads``, the top-level names it refers to into ``names``."""
    try:
        with _memory_cap():
            env = environment()
            env.reads = reads
            template = env.get_template(name)
            if names is not None:
                names |= _names_used(env, name)
            return _bounded(template, context)
    except jinja2.TemplateNotFound:
        raise TemplateProblem(f"no template {name} (see `fixit templates list`)") from None
    except UnicodeDecodeError:
        raise TemplateProblem(f"template {name} is not UTF-8 text: save it as UTF-8 in your editor") from None
    except RecursionError:
        raise TemplateProblem(f"template {name} includes itself, or nests too deep") from None
    except TemplateLimit as limit:
        raise TemplateProblem(f"template {name}: {limit}") from None
    except MemoryError:
        raise TemplateProblem(f"template {name}: it needs more memory than a letter may take") from None
    except OverflowError:
        raise TemplateProblem(f"template {name}: a number too large for a letter") from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"template {error.name or name} line {error.lineno}: {error.message}") from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError, LookupError) as error:
        said = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise TemplateProblem(f"template {name} line {_template_line(error)}: {said}") from None


@contextmanager
def _memory_cap() -> Iterator[None]:
    """While a template renders, the process may take MAX_MEMORY more than it has (RLIMIT_AS): what
    the limits above do not foresee stops as a MemoryError, not after gigabytes. Where the system
    has no such limit (Windows), the limits above are all."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * resource.getpagesize()
    except (ImportError, OSError, ValueError):
        yield
        return
    cap = size + MAX_MEMORY
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield
        return
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _names_used(env: jinja2.Environment, name: str) -> set[str]:
    """The context's top-level names a template (and any it includes or extends) refers to."""
    found: set[str] = set()
    todo, seen = [name], set()
    while todo and env.loader is not None:
        one = todo.pop()
        if one in seen:
            continue
        seen.add(one)
        names, included = _names_in_source(env.loader.get_source(env, one)[0])
        found |= names
        todo += included
    return found


@functools.lru_cache(maxsize=256)
def _names_in_source(source: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The top-level names one template's text refers to, and the templates it includes: parsed once
    a process for each text (parsing is most of a render's time), as every render's environment
    parses it."""
    from jinja2 import meta

    ast = environment().parse(source)
    return frozenset(meta.find_undeclared_variables(ast)), tuple(n for n in meta.find_referenced_templates(ast) if n)


def _bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render piece by piece, stopping as soon as the letter is longer than MAX_OUTPUT."""
    pieces, size = [], 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_OUTPUT:
            raise TemplateLimit(f"it makes more than {MAX_OUTPUT:,} characters")
        pieces.append(piece)
    return "".join(pieces)


def _template_line(error: BaseException) -> str:
    """Jinja rewrites tracebacks so template frames carry the template's own line numbers."""
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    return str(frames[-1].lineno) if frames else "?"


def tidy(text: str) -> str:
    """No trailing spaces, never two blank lines in a row, one final newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def _split(kind: LetterKind, name: str, text: str) -> Draft:
    first, _, rest = text.partition("\n")
    if not first.startswith("Subject:"):
        raise TemplateProblem(f"template {name} line 1: a letter template starts with 'Subject: ...'")
    return Draft(kind, first[len("Subject:") :].strip(), rest.lstrip("\n"))
