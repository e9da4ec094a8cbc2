"""The pages of `fixit serve`: each reads its form, calls the domain function the CLI command calls
(on the same store), and renders a page. Every failure is a page in words a person reads: a
FixitError's message, or for anything unforeseen a short apology with the crash log's place (the
traceback goes to that 0600 file, never to the page)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from fixit import clock, dates, till
from fixit.domain import access, agenda, amends, checkins, complaints, customers, promises, reading, search
from fixit.domain.settings import load as load_settings
from fixit.errors import (
    AboveStaffLimit,
    AmbiguousCustomer,
    ContactBelongsToOther,
    FixitError,
    InputError,
    NotFound,
    SharedContact,
    StorageError,
)
from fixit.ids import label, parse_id
from fixit.model import AmendKind, Channel, LetterKind
from fixit.rules import Section
from fixit.storage import Store, open_store, sql_errors_as_storage_errors
from fixit.storage.errors import ServerUnreachable
from fixit.web import security
from fixit.web.security import Actor

HERE = Path(__file__).parent
Handler = Callable[[Request], Awaitable[Response]]
QUICK_DATES = [
    ("today", "Today"),
    ("tomorrow", "Tomorrow"),
    ("+2d", "In 2 days"),
    ("friday", "Friday"),
    ("+1w", "In a week"),
]


class Forbidden(FixitError):
    pass


class NeedsLogin(Exception):
    pass


class Web:
    """The app's state: the store (opened at start-up, one for every request: the pages run on
    the event loop one at a time, as the CLI runs one command), templates, cookies' key."""

    def __init__(self, location: Path | str, key: str, tls: bool):
        self.location, self.tls = location, tls
        self.devices = security.DeviceCookie(key)
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._store: Store | None = None
        self.authority: Path | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.location)
            if isinstance(self.location, str):  # a server: complaints kept while it was away go first, as
                from fixit.commands.kept import send_kept  # for every command (said on the server's console)
                from fixit.output import Output

                send_kept(self._store, Output(), self.location)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def render(self, request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        actor = security.actor_of(request)
        try:
            shop = load_settings(self._store)["business_name"] if self._store is not None else ""
        except FixitError:
            shop = ""
        page = self.env.get_template(name).render(
            request=request, actor=actor, csrf=security.csrf_token(request), label=label, shop=shop, **values
        )
        return HTMLResponse(page, status_code=status)


def web_of(request: Request) -> Web:
    found: Web = request.app.state.web
    return found


def page(owner_only: bool = False, login: bool = True) -> Callable[[Handler], Handler]:
    """Wrap a page: who may see it, the CSRF check on every POST, and every failure as a page."""

    def wrap(handler: Handler) -> Handler:
        async def run(request: Request) -> Response:
            web = web_of(request)
            try:
                with sql_errors_as_storage_errors():  # the store's own errors in words, as for the CLI
                    return await guarded(request, web)
            except NeedsLogin:
                return RedirectResponse("/login", 303)
            except Forbidden as refused:
                return web.render(request, "error.html", 403, title="Owner only", message=str(refused))
            except FixitError as failure:
                if isinstance(failure, StorageError):
                    web.close()  # the next request opens the store afresh (a server that restarted, say)
                status = 404 if isinstance(failure, NotFound) else 400 if isinstance(failure, InputError) else 409
                return web.render(request, "error.html", status, title="That did not work", message=str(failure))
            except (security.TooLarge, HTTPException):
                raise
            except Exception:
                return _crashed(request)

        async def guarded(request: Request, web: Web) -> Response:
            if login and not _still_allowed(request):
                if security.actor_of(request) is not None:
                    request.session.clear()  # removed, or their device forgotten: signed out
                raise NeedsLogin()
            if request.method == "POST":
                form = await _form(request)
                sent = form.get("csrf") or request.headers.get("x-csrf-token")
                if not security.csrf_ok(request, sent):
                    return web.render(
                        request,
                        "error.html",
                        403,
                        title="Please try again",
                        message="This form has expired or did not come from this app. "
                        "Nothing was saved; go back, reload the page and try again.",
                    )
            actor = security.actor_of(request)
            if owner_only and not (actor and actor.owner):
                raise Forbidden("only the owner can do that")
            return await handler(request)

        run.__name__ = handler.__name__
        return run

    return wrap


def _still_allowed(request: Request) -> bool:
    """A session is good while it lasts, unless the owner removed that member of staff or forgot
    their device in the meantime: then it ends at once."""
    actor = security.actor_of(request)
    if actor is None:
        return False
    if actor.owner:
        return True
    try:
        store = web_of(request).store
    except ServerUnreachable:
        return True  # the signed session stands while the server is away: the counter keeps logging
    return (
        actor.name in access.staff_names(store) and access.device_of(store, request.session.get("device")) is not None
    )


def _crashed(request: Request) -> Response:
    from fixit.cli_group import crash_report

    where = crash_report()
    try:
        return web_of(request).render(
            request,
            "error.html",
            500,
            title="Something went wrong",
            message=f"Nothing more was saved. Please tell the owner ({where}).",
        )
    except Exception:
        return HTMLResponse("<!doctype html><title>Something went wrong</title><h1>Something went wrong</h1>", 500)


async def _form(request: Request) -> FormData:
    if "form" not in request.scope.setdefault("state", {}):
        request.scope["state"]["form"] = await request.form(
            max_files=0, max_fields=100, max_part_size=security.MAX_FIELD
        )
    form: FormData = request.scope["state"]["form"]
    return form


async def form_of(request: Request) -> dict[str, str]:
    form = await _form(request)
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _actor(request: Request) -> Actor:
    actor = security.actor_of(request)
    assert actor is not None, "page() lets no one in without a login"
    return actor


Note = Callable[[int], None]


def _author(request: Request) -> Note:
    """Writes, in a complaint's history, who made a change through the app and on which device; called
    inside the change's own transaction (``_changing``, or a domain function's ``also``)."""
    actor = _actor(request)
    store = web_of(request).store
    who = actor.name if not actor.owner else "the owner"
    return lambda complaint_id: access.note_actor(store, complaint_id, who, actor.device)


@contextmanager
def _changing(request: Request) -> Iterator[Note]:
    """One transaction for a change through the app and the note of who made it: the machine stopping
    between the two leaves neither. The domain functions called inside join it; the body calls the
    note it is given with each complaint it changed, and a change that names no author is not saved."""
    store = web_of(request).store
    author = _author(request)
    noted: list[int] = []

    def note(complaint_id: int) -> None:
        author(complaint_id)
        noted.append(complaint_id)

    with store.transaction():
        yield note
        if not noted:
            raise AssertionError("a change through the app must name who made it")


def _back(request: Request, default: str) -> RedirectResponse:
    target = request.query_params.get("next", default)
    if not target.startswith("/") or target.startswith("//"):
        target = default
    return RedirectResponse(target, 303)


# signing in -----------------------------------------------------------------------------------------


@page(login=False)
async def home(request: Request) -> Response:
    return RedirectResponse("/agenda" if security.actor_of(request) else "/login", 303)


@page(login=False)
async def login(request: Request) -> Response:
    web = web_of(request)
    device_id = web.devices.read(request)
    device = access.device_of(web.store, device_id)
    error = None
    if request.method == "POST":
        form = await form_of(request)
        try:
            if form.get("who", "owner") == "owner":
                access.owner_login(web.store, form.get("password", ""))
                actor = Actor(
                    "owner", load_settings(web.store)["owner_name"] or "Owner", device.name if device else None
                )
            else:
                name = access.staff_login(web.store, device_id, form.get("who", ""), form.get("pin", ""))
                actor = Actor("staff", name, device.name if device else None)
        except (access.Refused, access.LockedOut) as refused:
            error = str(refused)
        except access.NoOwnerPassword as missing:
            error = f"{missing}: run `fixit serve --set-password` on the machine that runs fixit serve"
        else:
            security.sign_in(request, actor, device.id if device else None)
            return RedirectResponse("/agenda", 303)
    staff = access.staff_names(web.store) if device else []
    return web.render(
        request, "login.html", 401 if error else 200, error=error, device=device, staff=staff, title="Sign in"
    )


@page(login=False)
async def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", 303)


@page(login=False)
async def enrol(request: Request) -> Response:
    web = web_of(request)
    error = None
    if request.method == "POST":
        form = await form_of(request)
        try:
            device = access.enrol(web.store, form.get("code", ""))
        except access.Refused as refused:
            error = str(refused)
        else:
            response = RedirectResponse("/login", 303)
            response.set_cookie(
                security.DEVICE_COOKIE,
                web.devices.make(device.id),
                max_age=security.DEVICE_DAYS * 86400,
                httponly=True,
                samesite="strict",
                secure=web.tls,
            )
            return response
    return web.render(request, "enrol.html", 400 if error else 200, error=error, title="Enrol this device")


# the counter ----------------------------------------------------------------------------------------


@page()
async def log_page(request: Request) -> Response:
    web = web_of(request)
    if request.method == "GET":
        return web.render(request, "log.html", form={"channel": "counter", "by": "tomorrow"}, **_log_choices())
    form = await form_of(request)
    try:
        new = _new_complaint(request, form)
        try:
            with _changing(request) as note:
                logged = complaints.log(web.store, new)
                note(logged.complaint.id)
        except ServerUnreachable as unreachable:  # the counter never loses a complaint to the network
            web.close()
            return _keep_for_later(request, new, unreachable)
    except (AmbiguousCustomer, SharedContact, ContactBelongsToOther) as unclear:
        candidates = unclear.candidates if not isinstance(unclear, ContactBelongsToOther) else [unclear.customer]
        return web.render(
            request, "log.html", 409, form=form, error=str(unclear), candidates=candidates, **_log_choices()
        )
    except FixitError as problem:
        return web.render(request, "log.html", 400, form=form, error=str(problem), **_log_choices())
    given = None
    if form.get("amend"):
        try:
            given = _give_amend(request, logged.complaint.id, form)
        except FixitError as problem:
            return web.render(request, "logged.html", logged=logged, amend_error=str(problem), title="Logged")
    return web.render(
        request, "logged.html", logged=logged, given=given, title="Logged", currency=load_settings(web.store).currency
    )


def _keep_for_later(request: Request, new: complaints.NewComplaint, unreachable: FixitError) -> Response:
    """As `fixit log` does: the checked complaint kept on this machine, sent when the server answers."""
    from fixit import outbox

    web = web_of(request)
    assert isinstance(web.location, str)  # only a server can be out of reach
    waiting = outbox.keep(complaints.check(new), outbox.server_for(web.location), lambda _message: None)
    return web.render(
        request, "kept.html", new=new, waiting=len(waiting), problem=str(unreachable), title="Kept for later"
    )


def _log_choices() -> dict[str, Any]:
    return {
        "channels": [c.value for c in Channel],
        "quick_dates": QUICK_DATES,
        "amend_kinds": [k.value for k in AmendKind],
        "title": "Log a complaint",
    }


def _new_complaint(request: Request, form: dict[str, str]) -> complaints.NewComplaint:
    """The form as `fixit log` would take it, through the same checks."""
    contact = customers.Contact.checked(form.get("name", ""), form.get("phone"), form.get("email"))
    promise = form.get("promise", "").strip() or None
    tell = form.get("tell", "").strip() or None
    if tell and not promise:
        raise InputError("what we told them goes with a promise: what must staff do?")
    by = _when(form.get("by") or "tomorrow") if promise else None
    choice = form.get("customer", "")
    customer_id = int(choice) if choice.isdigit() else None
    here = till.load()
    actor = _actor(request)
    staff = actor.name if not actor.owner else (here.staff or actor.name)
    return complaints.NewComplaint(
        contact=contact,
        summary=form.get("summary", ""),
        channel=_channel(form.get("channel", "counter")),
        staff=staff,
        apologized=form.get("apologized") == "yes",
        promise=promise,
        promise_by=by,
        customer_id=customer_id,
        new_customer=choice == "new",
        went_wrong=form.get("went_wrong", "").strip() or None,
        tell=tell,
        location=here.location,
    )


def _when(text: str) -> dates.When:
    return dates.parse_when(text, clock.today(), "ahead")


def _channel(text: str) -> Channel:
    try:
        return Channel(text)
    except ValueError:
        raise InputError(f"not a channel: {text!r}") from None


def _give_amend(request: Request, complaint_id: int, form: dict[str, str]) -> amends.Given:
    from fixit.money import parse_money

    store = web_of(request).store
    try:
        kind = AmendKind(form.get("amend", ""))
    except ValueError:
        raise InputError(f"not an amend: {form.get('amend')!r}") from None
    value = form.get("amend_value", "").strip()
    cents = parse_money(value, load_settings(store).currency) if value else None
    now = form.get("amend_now") == "yes"
    expires = _when(form["amend_expires"]).day if kind is AmendKind.coupon and form.get("amend_expires") else None
    actor = _actor(request)
    approver = (load_settings(store)["owner_name"] or "the owner") if actor.owner else None
    try:
        with _changing(request) as note:  # a change of its own, with its own note of who gave it
            given = amends.give(
                store,
                complaint_id,
                kind,
                value_cents=cents,
                note=form.get("amend_note") or None,
                expires=expires,
                now=now,
                by=None,
                approved_by=approver,
            )
            note(complaint_id)
        return given
    except AboveStaffLimit as above:
        raise FixitError(f"{above}: ask the owner to give it") from None


@page()
async def match(request: Request) -> Response:
    """The live hint while a name, phone or email is typed: who it may be, and whether they complained before."""
    web = web_of(request)
    params = request.query_params
    found = customers.likely(
        web.store, params.get("name", "")[:200], params.get("phone", "")[:50], params.get("email", "")[:200]
    )
    return web.render(request, "match.html", found=found)


@page()
async def agenda_page(request: Request) -> Response:
    from fixit.commands.due import describe

    web = web_of(request)
    now = clock.now()
    location = None if request.query_params.get("everywhere") else till.load().location
    found = agenda.build(web.store, now, 25, location)
    sections = []
    for section in Section:
        items = [(item, describe(item, now)[0]) for item in found.items if item.section is section]
        if items:
            sections.append((section, section.rule.heading, found.totals[section], items))
    return web.render(
        request, "agenda.html", found=found, sections=sections, title="Today", day=dates.written(found.day)
    )


def _complaint_id(request: Request) -> int:
    return parse_id(str(request.path_params["number"]), "complaint")


@page()
async def apologize(request: Request) -> Response:
    number = _complaint_id(request)
    with _changing(request) as note:
        complaints.apologize(web_of(request).store, number)
        note(number)
    return _back(request, f"/complaints/{number}")


@page()
async def keep(request: Request) -> Response:
    store = web_of(request).store
    number = parse_id(str(request.path_params["number"]), "promise")
    with _changing(request) as note:
        kept = promises.keep(store, number)
        note(kept.promise.complaint_id)
    return _back(request, f"/complaints/{kept.promise.complaint_id}")


@page()
async def followup(request: Request) -> Response:
    number = _complaint_id(request)
    with _changing(request) as note:
        complaints.followed_up(web_of(request).store, number)
        note(number)
    return _back(request, f"/complaints/{number}")


@page()
async def checkin(request: Request) -> Response:
    number = _complaint_id(request)
    form = await form_of(request)
    if form.get("working") not in ("yes", "no"):
        raise InputError("say whether it is working: yes or no")
    with _changing(request) as note:
        checkins.record(web_of(request).store, number, form["working"] == "yes")
        note(number)
    return _back(request, f"/complaints/{number}")


@page()
async def complaint_page(request: Request) -> Response:
    from fixit.commands.present import amend_state, promise_state, status_word

    web = web_of(request)
    detail = reading.detail(web.store, _complaint_id(request))
    now = clock.now()
    currency = load_settings(web.store).currency
    return web.render(
        request,
        "complaint.html",
        d=detail,
        title=label("complaint", detail.complaint.id),
        promise_state=lambda p: promise_state(p, now),
        state=status_word(detail.complaint),
        amend_state=lambda a: amend_state(a, now.date()),
        describe=lambda a: amends.describe(a, currency),
        letter_kinds=[k.value for k in LetterKind],
    )


@page()
async def search_page(request: Request) -> Response:
    web = web_of(request)
    query = request.query_params.get("q", "").strip()[:200]
    hits = search.find(web.store, query) if query else []
    return web.render(request, "search.html", query=query, hits=hits, title="Search", marked=_marked)


def _marked(snippet: str) -> Any:
    """A search snippet with its matches in <mark>: escaped first, so only the marks are markup."""
    from markupsafe import Markup, escape

    return Markup(str(escape(snippet)).replace(search.MARK[0], "<mark>").replace(search.MARK[1], "</mark>"))


# the owner ------------------------------------------------------------------------------------------


@page(owner_only=True)
async def letter_page(request: Request) -> Response:
    """Preview a letter with the draft checker's problems; edit it; send it as `letter --send` does."""
    from fixit.letters import checker, drafting, sending

    web = web_of(request)
    number = _complaint_id(request)
    kind_text = request.query_params.get("kind") or None
    form = await form_of(request) if request.method == "POST" else {}
    kind_text = form.get("kind") or kind_text
    try:
        kind = LetterKind(kind_text) if kind_text else None
    except ValueError:
        raise InputError(f"not a kind of letter: {kind_text!r}") from None
    draft, detail = drafting.draft(web.store, number, kind)
    settings = load_settings(web.store)
    sent_to = None
    error = None
    if request.method == "POST":
        body = form.get("body", "").replace("\r\n", "\n")
        if body.strip() and body != draft.body:
            draft.body = body
            draft.problems = checker.problems(draft, False, drafting.facts_of(detail, settings))
        if draft.problems and form.get("force") != "yes":
            error = (
                f"Not sent: the draft checker found {len(draft.problems)} problem(s). Put them right in the "
                "letter, or tick 'send it as it is'."
            )
        else:
            outgoing = sending.Outgoing(detail.complaint.id, draft, detail.customer)
            try:
                # recorded as sent with its author in one transaction, after the mail server took it
                author = _author(request)
                message_id = sending.send_email(web.store, settings, outgoing, also=lambda: author(number))
            except FixitError as failure:
                error = f"Not sent: {failure}"
            else:
                sent_to = f"{sending.recipient(outgoing)} (Message-ID {message_id})"
    return web.render(
        request,
        "letter.html",
        400 if error else 200,
        d=detail,
        draft=draft,
        error=error,
        sent_to=sent_to,
        title=f"Letter for {label('complaint', number)}",
    )


@page(owner_only=True)
async def staff_page(request: Request) -> Response:
    web = web_of(request)
    code = None
    message = None
    error = None
    if request.method == "POST":
        form = await form_of(request)
        action = form.get("action")
        try:
            if action == "pin":
                name = access.set_staff_pin(web.store, form.get("name", ""), form.get("pin", ""))
                message = f"{name} can now sign in with their PIN on an enrolled device."
            elif action == "remove":
                access.remove_staff(web.store, form.get("name", ""))
                message = f"{form.get('name')} can no longer sign in."
            elif action == "unlock":
                access.unlock(web.store, form.get("name", ""))
                message = f"{form.get('name')} may try their PIN again."
            elif action == "enrol":
                code = access.new_enrolment_code(web.store, form.get("device", ""))
            elif action == "forget":
                access.forget_device(web.store, form.get("device_id", ""))
                message = "That device can no longer take PINs."
            else:
                raise InputError("nothing to do")
        except FixitError as problem:
            error = str(problem)
    return web.render(
        request,
        "staff.html",
        400 if error else 200,
        staff=access.staff_names(web.store),
        devices=access.devices(web.store),
        code=code,
        message=message,
        error=error,
        title="Staff and devices",
    )


# trusting the shop's certificate (--lan) ------------------------------------------------------------


@page(login=False)
async def trust(request: Request) -> Response:
    from fixit.web import tls

    web = web_of(request)
    if web.authority is None:
        raise NotFound("this fixit serve runs on this machine only, without a certificate of its own")
    address = f"{str(request.base_url).rstrip('/')}/trust"
    return web.render(
        request,
        "trust.html",
        fingerprint=tls.fingerprint(web.authority.read_bytes()),
        address=address,
        qr=trust_qr(address),
        title="Trust this shop's certificate",
    )


def trust_qr(address: str) -> Any:
    """This page's address as a QR code, inline SVG (made here: no network, no image file), for a
    tablet's camera to open the page from the shop computer's screen."""
    import segno
    from markupsafe import Markup

    svg = segno.make(address, error="m", micro=False).svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", title=f"QR code: {address}"
    )
    return Markup(svg)


@page(login=False)
async def authority_file(request: Request) -> Response:
    web = web_of(request)
    if web.authority is None:
        raise NotFound("no certificate here")
    return Response(
        web.authority.read_bytes(),
        media_type="application/x-x509-ca-cert",
        headers={"Content-Disposition": 'attachment; filename="fixit-ca.pem"'},
    )


# the app --------------------------------------------------------------------------------------------


async def _http_error(request: Request, failure: Exception) -> Response:
    status = failure.status_code if isinstance(failure, HTTPException) else 500
    title = {404: "No such page", 405: "Not like that"}.get(status, "That did not work")
    message = "There is nothing here. Use the buttons at the top." if status == 404 else "Go back and try again."
    return web_of(request).render(request, "error.html", status, title=title, message=message)


def create_app(
    location: Path | str, *, key: str | None = None, tls: bool = False, authority: Path | None = None
) -> Starlette:
    """The app on the store at ``location``; ``tls`` when it is served over HTTPS (--lan), with the
    shop's certificate ``authority`` offered on /trust for tablets to install."""
    signing = key or security.signing_key()
    web = Web(location, signing, tls)
    web.authority = authority

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            web.close()

    either = ["GET", "POST"]
    routes = [
        Route("/", home),
        Route("/login", login, methods=either),
        Route("/logout", logout, methods=["POST"]),
        Route("/enrol", enrol, methods=either),
        Route("/log", log_page, methods=either),
        Route("/log/match", match),
        Route("/agenda", agenda_page),
        Route("/search", search_page),
        Route("/complaints/{number}", complaint_page),
        Route("/complaints/{number}/apologize", apologize, methods=["POST"]),
        Route("/complaints/{number}/followup", followup, methods=["POST"]),
        Route("/complaints/{number}/checkin", checkin, methods=["POST"]),
        Route("/complaints/{number}/letter", letter_page, methods=either),
        Route("/promises/{number}/keep", keep, methods=["POST"]),
        Route("/staff", staff_page, methods=either),
        Route("/trust", trust),
        Route("/trust/fixit-ca.pem", authority_file),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(security.LimitBody),
        Middleware(
            SessionMiddleware,
            secret_key=signing,
            session_cookie="fixit_session",
            max_age=security.SESSION_HOURS * 3600,
            same_site="strict",
            https_only=tls,
        ),
    ]
    app = Starlette(
        routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={HTTPException: _http_error}
    )
    app.state.web = web
    return app
