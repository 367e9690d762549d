"""The real services the snippets talk to: a local httpbin and PostgreSQL.

Both start lazily, the first time a snippet that needs them runs, and stop on :meth:`close`
(the build's ``on_shutdown``, the end of the test session); nothing is left running.

* HTTP: ``python -m buildkit.httpbin`` on 127.0.0.1, a free port, and on a Unix socket; snippets
  get ``HTTPBIN_URL``, the runner the socket (``HTTPBIN_SOCKET``) to bring it into a run's network.
* PostgreSQL: the server at ``DATABASE_URL`` if set, else an embedded one (:mod:`buildkit.postgres`:
  pgserver's bundled PostgreSQL 16, password-only, no machine-wide lock) in a fresh temporary
  directory. Each snippet run gets a role of its own (no superuser, no CREATEDB/CREATEROLE, a
  connection limit) owning a database of its own that PUBLIC cannot connect to, both created before
  and dropped after: concurrent runs, workers and builds never collide. Runs reach the server through
  a relay (:mod:`buildkit.forward`) on a Unix socket in a folder of the build's own: in the run's
  ``DATABASE_URL`` for a server on a Unix socket, brought to the server's TCP address in the run's
  own network (``DATABASE_SOCKET``) for one on 127.0.0.1.

The sockets runs are given (the relay's, httpbin's) accept any local user (0666, in folders of mode
0711 that list nothing): a run may run as a user of its own. What guards them is the sandbox, which
brings them only into the runs that use the service, and, for the database, each run's own password.

Every wait on a database server is bounded (connect: ``CONNECT_TIMEOUT``; the statements of one
step: ``ADMIN_TIMEOUT``; the goodbye: ``CLOSE_TIMEOUT``; the embedded server's start:
:mod:`buildkit.postgres`): a server that accepts and then stalls fails the build with one line, it
does not hold it up, and once one step stalled the later runs fail at once.

What a run cannot do on the embedded server (it is ours to configure): connect as any other role
(no trust, its password only), connect to any database but its own (``pg_hba.conf``: ``sameuser``,
and CONNECT on ``template1``/``postgres`` is revoked from PUBLIC), run programs or read files on the
server (no superuser, no ``pg_execute_server_program``/``pg_read_server_files``), leave anything
behind (its database and role are dropped; they are made from ``template0``).

What is not guaranteed on a ``DATABASE_URL`` server, which we must not reconfigure: each run's role
is still no superuser and owns only its database (made from ``template0``, so nothing planted in
``template1`` reaches it), and PUBLIC cannot connect to that database. But its ``pg_hba.conf`` and
the grants on its other databases are the user's: where a database grants CONNECT to PUBLIC (the
default for every database, ``postgres`` and ``template1`` included) and ``pg_hba.conf`` allows
the role in (``all`` databases, the usual line), a run can connect to it, read what PUBLIC may read
there (the catalogs, the role names; on PostgreSQL 14 and older also create tables in its
``public`` schema), create temporary tables and large objects. A large object left in another
database makes dropping the run's role fail (the build then says so), and one left in
``template1`` is copied into every database made from it later by anyone. Whatever else that server
grants to PUBLIC (functions, roles, ``SECURITY DEFINER`` code) a run has too. Point
``DATABASE_URL`` only at a server kept for the guide.

An interrupted build still leaves nothing: SIGTERM/SIGHUP end it like Ctrl-C (``hooks/interrupts.py``),
and the embedded server has a watchdog (:mod:`buildkit.reaper`) that stops it and deletes its folder
when the build's process dies, however it dies; leftovers of older builds are swept at start.
The helpers (the HTTP server, the relay, the watchdog) run in sessions of their own: Ctrl-C in a
terminal signals the build's whole process group, and each helper would print its own
``KeyboardInterrupt`` traceback; they end when the build lets them go (:meth:`Services.close`), or
when their stdin closes because the build died.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from . import PACKAGE, forward, postgres, reaper
from .model import Spec

T = TypeVar("T")

CONNECT_TIMEOUT = 5.0
ADMIN_TIMEOUT = 10.0  # all the statements of one step: make, drop, check
CLOSE_TIMEOUT = 2.0  # the goodbye after them (then the connection is torn down)
RUN_CONNECTIONS = 16  # a run's role's CONNECTION LIMIT (the guide's pools use 2)
SOCKET_FOLDER_MODE = 0o711  # a run of another uid goes through to the socket it is given, lists nothing
RELAY_PREFIX = "guide-db-"
SOCKET_MODE = 0o666  # connectable by any uid: the run's password, and the sandbox's binding, guard it


class ServiceError(RuntimeError):
    pass


def _for_run(dsn: str, name: str, password: str, socket_folder: Path | None = None) -> str:
    """The admin DSN with the run's role, password and database instead; ``socket_folder``: where
    the run finds the server's Unix socket (the relay's) instead of the server's own folder."""
    parts = urlsplit(dsn)
    host = parts.netloc.rpartition("@")[2]
    query = parts.query
    if socket_folder is not None:
        options = {k: v for k, v in parse_qsl(query) if k != "port"}  # the relay's socket: the default port's name
        query = urlencode({**options, "host": str(socket_folder)}, safe="/")
    return urlunsplit(parts._replace(netloc=f"{name}:{password}@{host}", path="/" + name, query=query))


def unix_socket(url: str) -> Path | None:
    """The Unix socket a PostgreSQL URL points at (``?host=/folder``), if it does."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    folder = options.get("host", "")
    if parts.hostname or not folder.startswith("/"):
        return None
    return Path(folder) / f".s.PGSQL.{options.get('port') or parts.port or 5432}"


class Services:
    def __init__(self, root: Path) -> None:
        self.root = root  # where the snippets' paths are relative to
        self._http_lock = threading.Lock()  # one per service: starting PostgreSQL must not hold up HTTP
        self._pg_lock = threading.Lock()
        self._http: subprocess.Popen[str] | None = None
        self._http_url: str | None = None
        self._http_socket: str | None = None
        self._pg_dir: str | None = None
        self._reaper: subprocess.Popen[bytes] | None = None
        self._db_relay: subprocess.Popen[bytes] | None = None
        self._db_socket: Path | None = None
        self._db_over_tcp = False  # the relay passes on to a TCP address (else to a Unix socket)
        self._admin_dsn: str | None = None
        self._pg_error: ServiceError | None = None

    # -- HTTP -------------------------------------------------------------------------------
    def http_url(self) -> str:
        with self._http_lock:
            if self._http_url is None:
                self._http_url = self._start_http()
            return self._http_url

    def _start_http(self) -> str:
        port = os.environ.get("GUIDE_HTTP_PORT", "0")
        sock = Path(tempfile.mkdtemp(prefix="guide-http-")) / "httpbin.sock"  # removed by the server
        proc = subprocess.Popen(
            [sys.executable, "-m", "buildkit.httpbin", "--port", port, "--unix", str(sock)],
            cwd=PACKAGE.parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(PACKAGE.parent)},
            start_new_session=True,  # Ctrl-C to the build's process group is the build's: it stops us (close)
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            proc.kill()
            shutil.rmtree(sock.parent, ignore_errors=True)
            raise ServiceError("本地 HTTP 服务器 (python -m buildkit.httpbin) 没有启动，见上方错误输出")
        _open_to_runs(sock)
        self._http = proc
        self._http_socket = str(sock)
        return f"http://127.0.0.1:{json.loads(line)['port']}"

    # -- PostgreSQL -------------------------------------------------------------------------
    def admin_dsn(self) -> str:
        with self._pg_lock:
            if self._pg_error is not None:  # said once: every run needing it fails at once, not after another wait
                raise self._pg_error
            if self._admin_dsn is None:
                try:
                    self._admin_dsn = self._start_postgres()
                    self._start_db_relay(self._admin_dsn)
                except ServiceError as e:
                    self._pg_error = e
                    raise
            return self._admin_dsn

    def _start_postgres(self) -> str:
        url = os.environ.get("DATABASE_URL")
        if url:
            asyncio.run(_ping(url))
            return url
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # platformdirs' XDG_RUNTIME_DIR notice, on importing pgserver
                postgres.binaries()
        except Exception as e:
            raise ServiceError(
                f"内置 PostgreSQL (pgserver) 无法启动 ({type(e).__name__}: {e})。"
                "请 pip install -r requirements.txt，"
                "或设置 DATABASE_URL=postgresql://用户:密码@主机/库 指向可用的服务器。"
            ) from e
        reaper.sweep(Path(tempfile.gettempdir()))
        folder = Path(tempfile.mkdtemp(prefix=reaper.PREFIX))
        self._pg_dir = str(folder)
        self._reaper = reaper.watch(folder)
        try:
            dsn = postgres.start(folder)
            # once: nobody but the admin connects to the databases every server has (pg_hba.conf
            # says so already; this holds even if it changes)
            asyncio.run(_admin(dsn, [f"REVOKE CONNECT, TEMPORARY ON DATABASE {db} FROM PUBLIC" for db in _SHARED]))
            return dsn
        except Exception as e:
            why = str(e) if isinstance(e, (ServiceError, postgres.StartError)) else f"{type(e).__name__}: {e}"
            if tail := postgres.log_tail(folder):
                why += f"; 日志: {tail}"
            self._stop_embedded()
            raise ServiceError(
                f"内置 PostgreSQL (pgserver) 无法启动 ({why})。"
                "可以设置 DATABASE_URL=postgresql://用户:密码@主机/库 指向可用的服务器。"
            ) from e

    def _stop_embedded(self) -> None:
        if self._pg_dir:
            # a bounded stop (fast shutdown, killed after 10 s), also when interrupted mid-run
            reaper.reap(Path(self._pg_dir))
            self._pg_dir = None
        if self._reaper is not None:
            reaper.release(self._reaper)  # the folder is gone: it exits without doing anything
            self._reaper = None

    def _start_db_relay(self, url: str) -> None:
        """The server, wherever it listens on this machine, also on a Unix socket in a folder of the
        build's own (:mod:`buildkit.forward`): runs connect there, so they need neither a network
        nor access to the server's private folder (owned by its own user when the build is root)."""
        if (tcp := loopback_tcp(url)) is not None:
            target = f"{tcp[0]}:{tcp[1]}"
        elif (sock := unix_socket(url)) is not None:
            target = str(sock)
        else:
            return  # a server elsewhere: runs share the machine's network (the loopback guard refuses it)
        _sweep_empty(RELAY_PREFIX)
        relayed = Path(tempfile.mkdtemp(prefix=RELAY_PREFIX)) / ".s.PGSQL.5432"
        relay = subprocess.Popen(
            [sys.executable, "-I", "-S", forward.PROGRAM, f"{relayed}={target}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # like the HTTP server: stopped by close(), not by the terminal's Ctrl-C
        )
        assert relay.stdout is not None
        if relay.stdout.readline() != b"ready\n":
            relay.kill()
            shutil.rmtree(relayed.parent, ignore_errors=True)
            raise ServiceError("无法为 PostgreSQL 启动转发 (forward.py)，见上方错误输出")
        _open_to_runs(relayed)
        self._db_relay, self._db_socket, self._db_over_tcp = relay, relayed, tcp is not None

    @asynccontextmanager
    async def database(self) -> AsyncIterator[str]:
        """A fresh, empty database for one snippet run, and a role of its own that can reach nothing
        else; both dropped afterwards."""
        admin = await asyncio.to_thread(self.admin_dsn)
        name = f"guide_{secrets.token_hex(6)}"
        password = secrets.token_hex(16)
        drop = [
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'DROP OWNED BY "{name}"',  # in the admin database
            f'DROP ROLE IF EXISTS "{name}"',
        ]
        try:
            await self._step(
                admin,
                "为示例创建角色和数据库",
                [
                    f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE"
                    f" NOREPLICATION NOBYPASSRLS NOINHERIT CONNECTION LIMIT {RUN_CONNECTIONS}",
                    f'CREATE DATABASE "{name}" OWNER "{name}" TEMPLATE template0',
                    f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC',  # its owner only, not every role
                ],
            )
        except ServiceError:
            if self._pg_error is None:  # refused, not stalled: what was made is not left behind
                with contextlib.suppress(ServiceError):
                    await _admin(admin, drop)
            raise
        # a server on a Unix socket is reached through the relay's folder; one on TCP at its address,
        # which the runner brings into the run's network (DATABASE_SOCKET)
        folder = self._db_socket.parent if self._db_socket and not self._db_over_tcp else None
        try:
            yield _for_run(admin, name, password, folder)
        finally:
            await self._step(admin, "删除示例的角色和数据库", drop)

    async def _step(self, dsn: str, what: str, statements: list[str]) -> None:
        """One bounded step as the admin; a server that stalls fails this run and, said once, the
        later ones at once (not each after another wait)."""
        try:
            await _admin(dsn, statements)
        except ServiceError as e:
            error = ServiceError(f"{_where(dsn)} {what}失败: {e}")
            if isinstance(e.__cause__, TimeoutError):
                self._pg_error = error
            raise error from e

    # -- per snippet ------------------------------------------------------------------------
    def used_by(self, spec: Spec) -> set[str]:
        """The services a snippet uses: it reads their address from the environment."""
        source = (self.root / spec.path).read_text("utf-8")
        return {var for var in ("HTTPBIN_URL", "DATABASE_URL") if var in source}

    def schedule(self, jobs: list[tuple[Spec, T]]) -> list[tuple[Spec, T]]:
        """Start the servers these snippets need, then return the order to run them in (a job is a
        spec and what it runs on).

        The servers start first, together, before any snippet: PostgreSQL takes 0.6 s on a quiet
        machine but 2.5 s beside 16 starting interpreters, and that delay would hold up the database
        snippets, the slowest of all. Then database snippets run first, HTTP ones next, then those
        drawing a timeline (the multi-second concurrency demos), then those measuring time (an older
        Python's, run beside the others), then the rest: the slow ones start early instead of being
        the long tail. A server that fails to start fails the first run that needs it, with its message.
        """
        used = {s: self.used_by(s) for s, _ in jobs}
        wanted = set().union(*used.values()) if used else set()
        starters = [
            start for var, start in (("DATABASE_URL", self.admin_dsn), ("HTTPBIN_URL", self.http_url)) if var in wanted
        ]
        threads = [threading.Thread(target=_quietly, args=(start,), daemon=True) for start in starters]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        first = ("DATABASE_URL", "HTTPBIN_URL")
        return sorted(
            jobs, key=lambda j: (*(var not in used[j[0]] for var in first), not j[0].timeline, not j[0].exclusive)
        )

    @asynccontextmanager
    async def env_for(self, spec: Spec) -> AsyncIterator[dict[str, str]]:
        used = self.used_by(spec)
        env: dict[str, str] = {}
        if "HTTPBIN_URL" in used:
            env["HTTPBIN_URL"] = await asyncio.to_thread(self.http_url)
            if self._http_socket:
                env[forward.HTTPBIN_SOCKET] = self._http_socket
        if "DATABASE_URL" in used:
            async with self.database() as dsn:
                env["DATABASE_URL"] = dsn
                if self._db_socket is not None and self._db_over_tcp:
                    env[forward.DATABASE_SOCKET] = str(self._db_socket)
                yield env
        else:
            yield env

    def close(self) -> None:
        with self._http_lock, self._pg_lock:
            if self._http is not None:
                reaper.release(self._http, 5)  # the server exits when its stdin closes
                self._http = None
                self._http_url = self._http_socket = None
            if self._db_relay is not None:
                reaper.release(self._db_relay, 5)  # it exits when its stdin closes, removing its socket
                self._db_relay = None
            if self._db_socket is not None:
                shutil.rmtree(self._db_socket.parent, ignore_errors=True)
                self._db_socket = None
            self._stop_embedded()  # no pgserver class, no machine-wide lock: nothing else to wait for
            self._admin_dsn = None
            self._pg_error = None  # the next build (mkdocs serve) tries again

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def loopback_tcp(url: str) -> tuple[str, int] | None:
    """Host and port of a PostgreSQL URL that points at this machine over TCP (not a Unix socket)."""
    parts = urlsplit(url)
    if not parts.hostname or "host=/" in parts.query:
        return None
    try:
        local = parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        local = False
    return (parts.hostname, parts.port or 5432) if local else None


def _quietly(start: Callable[[], str]) -> None:
    """Start a service; a failure is raised again, with its message, by the first run needing it."""
    with contextlib.suppress(Exception):
        start()


_SHARED = ("template1", "postgres")  # the databases every server has


def _where(dsn: str) -> str:
    """The server, as the build's messages name it, with no password: the embedded one's DSN carries
    its own, and a ``DATABASE_URL`` one is shown with ``***`` (serve shows the message on the page)."""
    url = os.environ.get("DATABASE_URL")
    if not url or url != dsn:
        return "内置 PostgreSQL"
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
    query = [(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return f"DATABASE_URL={urlunsplit(parts._replace(netloc=netloc, query=urlencode(query, safe='*')))}"


def _sweep_empty(prefix: str) -> None:
    """Remove the empty relay folders of killed builds (the relay removes its socket when its build
    dies, not the folder); a live relay's folder holds its socket, and one just made is left alone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        with contextlib.suppress(OSError):
            if time.time() - folder.stat().st_mtime > 60:
                folder.rmdir()  # only if empty


def _open_to_runs(sock: Path) -> None:
    """A helper's socket, reachable by a run of any uid that is given it (see the module's notes)."""
    sock.parent.chmod(SOCKET_FOLDER_MODE)
    sock.chmod(SOCKET_MODE)


async def _connect(dsn: str) -> Any:
    """An asyncpg connection, within ``CONNECT_TIMEOUT`` (the handshake and the login included)."""
    import asyncpg

    try:
        async with asyncio.timeout(CONNECT_TIMEOUT + 1):  # asyncpg's own timeout, and ours around it
            return await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT)
    except TimeoutError as e:
        raise ServiceError(f"无法连接 ({CONNECT_TIMEOUT:g} 秒内没有应答)") from e
    except Exception as e:
        raise ServiceError(f"无法连接 ({type(e).__name__}: {e})") from e


async def _close(conn: Any) -> None:
    """Say goodbye, waiting ``CLOSE_TIMEOUT`` at most: a stalled server never closes its end."""
    try:
        await conn.close(timeout=CLOSE_TIMEOUT)
    except Exception:  # asyncpg aborts the connection then
        conn.terminate()


async def _admin(dsn: str, statements: list[str]) -> list[Any]:
    """Connect and run ``statements`` (all within ``ADMIN_TIMEOUT``), then close; the first
    value of each. Whatever goes wrong is one ServiceError, the connection torn down."""
    conn = await _connect(dsn)
    values = []
    try:
        async with asyncio.timeout(ADMIN_TIMEOUT):
            for statement in statements:
                values.append(await conn.fetchval(statement))
    except TimeoutError as e:
        conn.terminate()
        what = " ".join(statements[len(values)].split()[:2])
        raise ServiceError(f"{ADMIN_TIMEOUT:g} 秒内没有完成 {what}") from e
    except BaseException as e:
        conn.terminate()
        if isinstance(e, Exception):
            raise ServiceError(f"{type(e).__name__}: {e}") from e
        raise
    await _close(conn)
    return values


async def _ping(url: str) -> None:
    """The user's server answers a query, and its user may make roles and databases."""
    advice = "请确认服务器已启动，或取消设置 DATABASE_URL 以使用内置的 PostgreSQL (pgserver)。"
    try:
        (may,) = await _admin(
            url,
            ["SELECT rolsuper OR (rolcreaterole AND rolcreatedb) FROM pg_roles WHERE rolname = current_user"],
        )
    except ServiceError as e:
        message = str(e) if str(e).startswith("无法连接") else f"无法使用 (连接后 {e})"
        raise ServiceError(f"DATABASE_URL={url} {message}。{advice}") from e
    if not may:
        raise ServiceError(
            f"DATABASE_URL={url} 的用户不能创建角色和数据库 (需要 CREATEROLE 和 CREATEDB)。"
            "请换一个这样的用户，或取消设置 DATABASE_URL 以使用内置的 PostgreSQL (pgserver)。"
        )
