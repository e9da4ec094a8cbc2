"""Rendering letters from Jinja templates.

Templates are looked up in the user's folder first (``<app dir>/templates``), then in
the ones that ship with fixit. Every template renders in Jinja's sandbox with undefined
names as errors: a user's edit can neither run code nor print "None" silently.
A template's first line is ``Subject: ...``; the rest, after a blank line, is the letter.
Whitespace is tidied after rendering so an empty section never leaves a stray blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

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
    (what the draft checker found) are filled in by drafting, each an object that prints as a line."""

    kind: LetterKind
    subject: str
    body: str
    advice: list[Any] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)


def builtin_templates_dir() -> Path:
    """Inside the installed package (the wheel carries them); the repository's folder in a checkout."""
    packaged = Path(fixit.__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(fixit.__file__).parents[2] / "templates"


MAX_OUTPUT = 100_000  # characters a letter template may produce: far more than any letter
MAX_LOOP = 10_000  # the longest range() a template may loop over


class LetterSandbox(SandboxedEnvironment):
    """Jinja's sandbox (no access to Python's insides) with a shorter range() than its default."""

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __obj is range and (len(range(*args)) > MAX_LOOP):
            raise TemplateLimit(f"too long a loop (range of more than {MAX_LOOP:,})")
        return super().call(__context, __obj, *args, **kwargs)


class TemplateLimit(Exception):
    """A user template went past one of the limits above."""


def environment() -> SandboxedEnvironment:
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(user_templates_dir())),
        jinja2.FileSystemLoader(str(builtin_templates_dir())),
    ])
    env = LetterSandbox(loader=loader, undefined=jinja2.StrictUndefined, trim_blocks=True,
                               bytecode_cache=_bytecode_cache(),
                               lstrip_blocks=True, keep_trailing_newline=True,
                               autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",),
                                                                   default_for_string=False))
    env.filters.update(lower_first=lower_first, end_sentence=end_sentence, as_yours=as_yours, capital=capital,
                       cut_at_word=cut_at_word)
    return env


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
            return "your " + phrase[len(article):]
    return phrase


def template_name(kind: LetterKind | str, variant: str = LETTER) -> str:
    return f"{kind}{variant or LETTER}{SUFFIX}"


def render(kind: LetterKind, context: dict[str, Any], variant: str = "") -> Draft:
    """Render one letter; ``variant`` picks a sibling template: '.sms' is a text message, with no subject."""
    name = template_name(kind, variant)
    text = tidy(render_template(name, context))
    return Draft(kind, "", text) if variant == SMS else _split(kind, name, text)


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render any template by name, turning Jinja's errors into one line naming template and line."""
    try:
        return _bounded(environment().get_template(name), context)
    except jinja2.TemplateNotFound:
        raise TemplateProblem(f"no template {name} (see `fixit templates list`)") from None
    except UnicodeDecodeError:
        raise TemplateProblem(f"template {name} is not UTF-8 text: save it as UTF-8 in your editor") from None
    except RecursionError:
        raise TemplateProblem(f"template {name} includes itself, or nests too deep") from None
    except TemplateLimit as limit:
        raise TemplateProblem(f"template {name}: {limit}") from None
    except (OverflowError, MemoryError):
        raise TemplateProblem(f"template {name}: too long a loop") from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"template {error.name or name} line {error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise TemplateProblem(f"template {name} line {_template_line(error)}: {error}") from None


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
    return Draft(kind, first[len("Subject:"):].strip(), rest.lstrip("\n"))
