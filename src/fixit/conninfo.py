"""A PostgreSQL location read the way libpq reads it, and shown without its secrets: the one masker.

A server is named either by a URL (``postgresql://user:password@host:5432/shop?sslmode=require``;
``postgres://`` too, the scheme in any case) or by libpq's key=value string
(``host=db.example.com dbname=shop password='a b'``). Both are parsed here as libpq parses them:
the URL's user information up to the first ``@`` before any ``/``, hosts with ``[IPv6]`` brackets,
``%``-escapes decoded, query parameters as key=value; key=value strings split at spaces, values
quoted with ``'`` and escaped with ``\\``. Every password field (``password``, ``sslpassword``, in
the user information or the query) is masked wherever a location is printed or logged, and a
location that cannot be read is refused with a line that quotes none of it (a mistyped URL is
most often mistyped in its password).

Imports nothing heavy: the counter's start-up reads a location on every run.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from fixit.errors import InputError

MASK = "***"
SCHEMES = ("postgresql://", "postgres://")
SECRET_KEYS = frozenset({"password", "sslpassword"})
# libpq's connection keywords (a key=value string may use these and no others)
KEYWORDS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "password",
        "passfile",
        "require_auth",
        "channel_binding",
        "connect_timeout",
        "client_encoding",
        "options",
        "application_name",
        "fallback_application_name",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "replication",
        "sslmode",
        "sslnegotiation",
        "sslcompression",
        "sslcert",
        "sslkey",
        "sslpassword",
        "sslcertmode",
        "sslrootcert",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "requirepeer",
        "ssl_min_protocol_version",
        "ssl_max_protocol_version",
        "min_protocol_version",
        "max_protocol_version",
        "gssencmode",
        "krbsrvname",
        "gsslib",
        "gssdelegation",
        "service",
        "target_session_attrs",
        "load_balance_hosts",
        "scram_client_key",
        "scram_server_key",
        "oauth_issuer",
        "oauth_client_id",
        "oauth_client_secret",
        "oauth_scope",
    }
)
URL_ONLY_KEYS = frozenset({"ssl"})  # ?ssl=true is libpq's old spelling of sslmode=require
# anything shaped like a URL's user:password@ (after "scheme://", "scheme:/" or "//"), whatever the
# scheme and however mistyped: the password runs to the last @ of the line (it may hold a space)
_USERINFO = re.compile(r"((?:[A-Za-z][A-Za-z0-9+.-]*:)?//?)([^/\s:@]*):([^@\n]*)@")
# a location that looks like a URL of some scheme ("mysql://", "postgresql:/", "pgsql//u:p@") but is
# not one fixit knows; one letter and a colon is a Windows drive, not a scheme
_URL_LIKE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]+)(?::/|//[^/@\s]*:[^@\s]*@)")
_KEYWORD_START = re.compile(r"(?:^|\s)(" + "|".join(sorted(KEYWORDS, key=len, reverse=True)) + r")\s*=")


class BadLocation(InputError):
    """A server location that cannot be read; the message quotes none of it."""


@dataclass
class Parsed:
    """A location's parts as libpq reads them (values decoded), and how to show it."""

    values: list[tuple[str, str]] = field(default_factory=list)  # (keyword, value), in order
    shown: str = ""  # the location as typed, every secret replaced by MASK

    def get(self, key: str) -> str | None:
        return next((value for name, value in reversed(self.values) if name == key), None)

    def secrets(self) -> list[str]:
        return [value for name, value in self.values if name in SECRET_KEYS and value]


def is_url(text: str) -> bool:
    return text.lstrip().lower().startswith(SCHEMES)


def scrub(text: str) -> str:
    """``text`` with anything shaped like a URL's ``user:password@`` masked (``user:***@``), whether or
    not the URL is one fixit reads: what every error line and shown location passes through."""
    return _USERINFO.sub(lambda found: f"{found[1]}{found[2]}:{MASK}@", text)


def unknown_scheme(text: str) -> str | None:
    """The scheme of a location that looks like a URL fixit does not know (``mysql``, ``postgresq``,
    ``postgresql:/...``), as it may be quoted; None for a server location or a plain file path."""
    if is_url(text):
        return None
    found = _URL_LIKE.match(text)
    if found is None:
        return None
    scheme = found[1]
    return scheme if re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]{0,20}", scheme) else "an unknown scheme"


def is_server(text: str) -> bool:
    """A PostgreSQL location rather than a file: a postgresql:// URL, or text using one of libpq's
    keywords as a key=value (``host=db dbname=shop``). A file whose name looks like that is given
    with a folder in front (``./host=x.db``)."""
    return is_url(text) or _KEYWORD_START.search(text) is not None


def parse(text: str) -> Parsed:
    """The location's parts, or BadLocation naming what is wrong (and quoting nothing)."""
    if is_url(text):
        return _parse_url(text.strip())
    return _parse_keywords(text)


def for_driver(text: str) -> str:
    """The location as libpq takes it: a URL's scheme in lower case (libpq knows no other)."""
    if not is_url(text):
        return text
    text = text.strip()
    scheme, rest = text.split("://", 1)
    return f"{scheme.lower()}://{rest}"


def masked(text: str) -> str:
    """The location as it may be printed or logged: every password field masked. Never fails: a
    location that cannot be read is shown by its kind alone."""
    try:
        parsed = parse(text)
    except BadLocation:
        return "a postgresql:// URL that cannot be read" if is_url(text) else "a connection string that cannot be read"
    shown = parsed.shown
    if is_url(text) and parsed.get("password") is None:
        for secret in _raw_secrets(text):  # a password libpq reads as something else (an unescaped /)
            if len(secret) > 1:
                shown = shown.replace(secret, MASK)
    return shown


def secrets(text: str) -> list[str]:
    """Every secret in the location, decoded and as typed, longest first: what a crash log or any
    text that might quote the location must not contain. Best effort on a location that cannot be
    read: what stands where a password would."""
    try:
        found = parse(text).secrets()
    except BadLocation:
        found = []
    found += _raw_secrets(text)
    return sorted({s for s in found if s}, key=len, reverse=True)


def hide(text: str, *locations: str) -> str:
    """``text`` with every secret of ``locations`` replaced by MASK."""
    for location in locations:
        if location and is_server(location):
            for secret in secrets(location):
                text = text.replace(secret, MASK)
    return text


def server_name(text: str) -> str:
    """The server and database, for messages: 'db.example.com/shop'."""
    try:
        parsed = parse(text)
    except BadLocation:
        return "(a location that cannot be read)"
    host = (parsed.get("host") or parsed.get("hostaddr") or "localhost").split(",")[0] or "localhost"
    return f"{host}/{parsed.get('dbname') or ''}"


def place(text: str) -> str:
    """Where a location points, without its password: 'user@host:port/database' (what a kept
    complaint is tagged with beside the server's identity), libpq's environment filling the gaps."""
    import os

    try:
        parsed = parse(text)
    except BadLocation:
        return server_name(text)
    host = parsed.get("host") or parsed.get("hostaddr") or os.environ.get("PGHOST") or "localhost"
    port = parsed.get("port") or os.environ.get("PGPORT") or "5432"
    user = parsed.get("user") or os.environ.get("PGUSER") or ""
    database = parsed.get("dbname") or os.environ.get("PGDATABASE") or user
    return f"{user}@{host}:{port}/{database}"


# --- URLs -------------------------------------------------------------------------------------


def _decode(raw: str, part: str) -> str:
    """libpq's conninfo_uri_decode: %XX escapes (two hex digits; never %00)."""
    if "%" not in raw:
        return raw
    out = bytearray()
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == "%":
            pair = raw[index + 1 : index + 3]
            if len(pair) != 2 or not all(c in "0123456789abcdefABCDEF" for c in pair):
                raise BadLocation(
                    f"the database URL has a bad %-escape in its {part} "
                    "(a % must be followed by two hex digits; write %25 for a % itself)"
                )
            if pair == "00":
                raise BadLocation(f"the database URL's {part} holds %00, which libpq refuses")
            out.append(int(pair, 16))
            index += 3
        else:
            out += char.encode()
            index += 1
    try:
        return out.decode()
    except UnicodeDecodeError:
        raise BadLocation(f"the database URL's {part} has %-escapes that are not UTF-8 text") from None


def _parse_url(text: str) -> Parsed:
    if any(char.isspace() for char in text):
        raise BadLocation("the database URL has a space in it (libpq refuses spaces: write %20 for one in a password)")
    scheme, rest = text.split("://", 1)
    scheme = scheme.lower()
    parsed = Parsed()
    shown = [f"{scheme}://"]
    cut = next((i for i, c in enumerate(rest) if c in "@/"), len(rest))
    if cut < len(rest) and rest[cut] == "@":
        user, colon, password = rest[:cut].partition(":")
        if user:
            parsed.values.append(("user", _decode(user, "user name")))
        if colon:
            parsed.values.append(("password", _decode(password, "password")))
        shown.append(user + (f":{MASK}" if colon else "") + "@")
        rest = rest[cut + 1 :]
    hosts, ports, position = [], [], 0
    while True:
        if rest[position : position + 1] == "[":
            close = rest.find("]", position)
            if close < 0:
                raise BadLocation("the database URL has a [ with no ] in its host (an IPv6 address is written [::1])")
            if close == position + 1:
                raise BadLocation("the database URL has an empty [] for its host")
            host = rest[position + 1 : close]
            position = close + 1
            if rest[position : position + 1] not in ("", ":", "/", "?", ","):
                raise BadLocation("the database URL has something after the ] of its IPv6 host")
        else:
            end = _until(rest, position, ":/?,")
            host, position = rest[position:end], end
            if "[" in host or "]" in host:
                raise BadLocation("the database URL has a [ or ] in the middle of its host")
        port = ""
        if rest[position : position + 1] == ":":
            end = _until(rest, position + 1, "/?,")
            port, position = rest[position + 1 : end], end
        hosts.append(_decode(host, "host"))
        ports.append(_decode(port, "port"))
        if rest[position : position + 1] != ",":
            break
        position += 1
    shown.append(rest[:position])
    rest = rest[position:]
    if any(hosts):
        parsed.values.append(("host", ",".join(hosts)))
    if any(ports):
        parsed.values.append(("port", ",".join(ports)))
    if rest.startswith("/"):
        end = _until(rest, 1, "?")
        if end > 1:
            parsed.values.append(("dbname", _decode(rest[1:end], "database name")))
        shown.append(rest[:end])
        rest = rest[end:]
    if rest.startswith("?"):
        shown_params = []
        for item in rest[1:].split("&"):
            if not item:
                continue
            if item.count("=") != 1:
                raise BadLocation("the database URL has a query parameter that is not one name=value")
            raw_key, raw_value = item.split("=")
            key, value = _decode(raw_key, "query"), _decode(raw_value, "query")
            if key not in KEYWORDS and key not in URL_ONLY_KEYS:
                raise BadLocation(f"the database URL has a query parameter libpq does not know ({_safe_key(key)})")
            parsed.values.append((key, value))
            shown_params.append(f"{raw_key}={MASK}" if key in SECRET_KEYS else item)
        shown.append("?" + "&".join(shown_params) if shown_params else "")
    elif rest:
        raise BadLocation("the database URL has something after its host that is not /database or ?options")
    parsed.shown = "".join(shown)
    _mask_nested(parsed)
    userinfo = text.split("://", 1)[1].rpartition("@")[0]
    if parsed.get("password") is None and ":" in userinfo:
        raise BadLocation(
            "the database URL has a user:password@ part that libpq would not read as one (a / "
            "or ? in the password? write it %-escaped: %2F for /, %3F for ?)"
        )
    return parsed


def _until(text: str, start: int, stops: str) -> int:
    return next((i for i in range(start, len(text)) if text[i] in stops), len(text))


def _safe_key(key: str) -> str:
    """A parameter's name as it may be quoted: only when it plainly is a name, not a stray secret."""
    return repr(key) if re.fullmatch(r"[a-z_]{1,40}", key) else "a name that is not one of libpq's"


# --- key=value strings ------------------------------------------------------------------------


def _parse_keywords(text: str) -> Parsed:
    """libpq's conninfo_parse."""
    parsed = Parsed()
    shown: list[str] = []
    index, length = 0, len(text)
    while True:
        while index < length and text[index].isspace():
            index += 1
        if index >= length:
            break
        start = index
        while index < length and text[index] != "=" and not text[index].isspace():
            index += 1
        key = text[start:index]
        while index < length and text[index].isspace():
            index += 1
        if index >= length or text[index] != "=":
            raise BadLocation(
                "the connection string has a word with no = after it (write key=value pairs, e.g. host=db dbname=shop)"
            )
        index += 1
        while index < length and text[index].isspace():
            index += 1
        value: list[str] = []
        if index < length and text[index] == "'":
            index += 1
            while True:
                if index >= length:
                    raise BadLocation("the connection string has a ' that is never closed")
                char = text[index]
                if char == "\\" and index + 1 < length:
                    value.append(text[index + 1])
                    index += 2
                elif char == "'":
                    index += 1
                    break
                else:
                    value.append(char)
                    index += 1
        else:
            while index < length and not text[index].isspace():
                if text[index] == "\\":
                    index += 1
                    if index < length:
                        value.append(text[index])
                        index += 1
                else:
                    value.append(text[index])
                    index += 1
        if key not in KEYWORDS:
            raise BadLocation(f"the connection string uses a word libpq does not know ({_safe_key(key)})")
        decoded = "".join(value)
        parsed.values.append((key, decoded))
        shown.append(f"{key}={MASK}" if key in SECRET_KEYS else f"{key}={_quoted(decoded)}")
    parsed.shown = " ".join(shown)
    _mask_nested(parsed)
    return parsed


def _quoted(value: str) -> str:
    if value and not any(c.isspace() or c in "'\\" for c in value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _mask_nested(parsed: Parsed) -> None:
    """libpq reads a dbname that is itself a URL or key=value string as one: its secrets too."""
    for key, value in list(parsed.values):
        if key == "dbname" and is_server(value):
            inner = secrets(value)
            parsed.values.extend(("password", secret) for secret in inner)
            parsed.shown = hide(parsed.shown, value)


def _raw_secrets(text: str) -> list[str]:
    """What stands in a password's place, read loosely (for a location libpq would refuse, and for
    the forms it was typed in): the text between the scheme's user and the last @, and every
    password=... value, raw and %-decoded where that works."""
    found: list[str] = []
    if is_url(text):
        rest = text.strip().split("://", 1)[1]
        userinfo = rest.rpartition("@")[0] if "@" in rest else ""
        if ":" in userinfo:
            found.append(userinfo.partition(":")[2])
    for match in re.finditer(r"(?:^|[\s?&])(?:ssl)?password\s*=\s*('(?:[^'\\]|\\.)*'?|[^\s&]*)", text):
        found.append(match.group(1))
        found.append(match.group(1).strip("'"))
    decoded = []
    for secret in found:
        with contextlib.suppress(BadLocation):
            decoded.append(_decode(secret, "password"))
    return found + decoded
