"""A snippet attacks the database it is given (the build runs as root in CI; snippets come from pull
requests): real mini-sites built with the real hook, each run contained as on the real site.

What holds it (:mod:`buildkit.postgres`, :mod:`buildkit.services`): the embedded server takes
passwords only, ``pg_hba.conf`` lets a run's role reach only its own database, the role is no
superuser, PUBLIC may not connect to ``template1``/``postgres``; every wait on a server is bounded;
no machine-wide lock stands in the way of a start.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from buildkit.blocks import outputs
from buildkit.services import ADMIN_TIMEOUT, CONNECT_TIMEOUT

from .minisite import build, make_site, page_for
from .test_guarantees import DB_SNIPPET

pytestmark = pytest.mark.build

ATTACKER = "snippets/t/attacker.py"
PLANTED = Path(tempfile.gettempdir()) / f"planted-by-snippet-{os.urandom(4).hex()}"  # by the server's user
VICTIM = "snippets/t/victim.py"

COMMON = """\
import asyncio
import os
from urllib.parse import parse_qsl, urlsplit

import asyncpg

URL = os.environ["DATABASE_URL"]
PARTS = urlsplit(URL)
HOST = dict(parse_qsl(PARTS.query))["host"]  # the folder of the socket it was given
ME, PASSWORD = PARTS.username, PARTS.password
OTHERS = "select datname from pg_database where datname like 'guide\\\\_%' and datname <> current_database()"


async def others(conn):
    return [r[0] for r in await conn.fetch(OTHERS)]


def outcome(e):
    return type(e).__name__
"""

ATTACK = (
    COMMON
    + """

async def login(label, **kwargs):
    try:
        conn = await asyncpg.connect(host=HOST, **kwargs)
    except Exception as e:
        print(label, "->", outcome(e))
        return None
    print(label, "-> connected as", await conn.fetchval("select current_user"))
    return conn


async def attempt(conn, label, statement):
    try:
        value = await conn.fetchval(statement)
    except Exception as e:
        print(label, "->", outcome(e))
    else:
        print(label, "-> done", "" if value is None else repr(value)[:60])


async def main():
    mine = await asyncpg.connect(URL)
    admins = [r[0] for r in await mine.fetch("select rolname from pg_roles where rolsuper order by 1")]
    # (a) the superuser, with no password, with the run's own password
    for admin in dict.fromkeys(["postgres", *admins]):
        for password in (None, PASSWORD):
            conn = await login(f"a: {admin} {'own password' if password else 'no password'}",
                               user=admin, password=password, database="postgres")
            if conn is not None:
                await attempt(conn, "a: as superuser, a table", "create temp table x (line text)")
                await attempt(conn, "a: as superuser, copy from program", "copy x from program 'id'")
                await attempt(conn, "a: as superuser, what it ran", "select string_agg(line, ' ') from x")
                await conn.close()
    # (b) programs and files on the server, as its own role
    await mine.execute("create table t (line text)")
    await attempt(mine, "b: copy from program", "copy t from program 'id'")
    await attempt(mine, "b: copy from file", "copy t from '/etc/passwd'")
    await attempt(mine, "b: copy to file", "copy t to 'PLANTED'")
    await attempt(mine, "b: set role", f"set role {admins[0]}")
    await attempt(mine, "b: read file", "select pg_read_file('/etc/passwd')")
    # (c) another run's database, at the same time
    for _ in range(600):
        found = await others(mine)
        if found:
            break
        await asyncio.sleep(0.1)
    print("c: another run's database seen:", bool(found))
    for other in found[:1]:
        for label, user in (("own role", ME), ("its role", other)):
            conn = await login(f"c: its database, {label} and own password", user=user, password=PASSWORD,
                               database=other)
            if conn is not None:
                await attempt(conn, "c: read its secret", "select s from secret")
                await conn.close()
    # (d) the template every later database is made from, and the admin's database
    for db in ("template1", "postgres"):
        print(f"d: may connect to {db}:", await mine.fetchval("select has_database_privilege($1, 'CONNECT')", db))
        conn = await login(f"d: {db}, own role", user=ME, password=PASSWORD, database=db)
        if conn is not None:
            await attempt(conn, f"d: large object into {db}", "select lo_from_bytea(0, 'planted')")
            await conn.close()
    await mine.close()


asyncio.run(main())
"""
)

VICTIM_CODE = (
    COMMON
    + """

async def main():
    conn = await asyncpg.connect(URL)
    await conn.execute("create table secret (s text); insert into secret values ('s3cr3t')")
    seen = False
    # Until another run has come and gone (the attacker: it looks for this database), or 15 s without
    # one: on a busy machine this process may start after the attacker, whose attack needs only this
    # database (made before the run starts), and has ended (the attacker's line says they overlapped).
    for tick in range(600):
        now = bool(await others(conn))
        if (seen and not now) or (not seen and tick >= 150):
            break
        seen = seen or now
        await asyncio.sleep(0.1)
    print("victim: secret:", await conn.fetchval("select s from secret"))
    await conn.close()


asyncio.run(main())
"""
)


Attacked = dict[str, list[str]]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Attacked:
    """One build: the attacker and its victim run at the same time, each with a database of its own.
    A build that failed (a run's role that could not be dropped: something was planted) fails each
    test that reads it, with the build's errors."""
    site = make_site(
        tmp_path_factory.mktemp("hostile-db"),
        {"index.md": page_for(ATTACKER, VICTIM, timeout=120)},
        {ATTACKER: ATTACK.replace("PLANTED", str(PLANTED)), VICTIM: VICTIM_CODE},
    )
    proc = build(site, GUIDE_PARALLEL="4")  # both at once
    if proc.returncode != 0:
        return {"build failed": [proc.stderr[-3000:]]}
    shown = outputs((site / "site" / "index.html").read_text("utf-8"))
    return {path: shown[path].splitlines() for path in (ATTACKER, VICTIM)}


def _lines(attacked: Attacked, prefix: str, of: str = ATTACKER) -> list[str]:
    assert "build failed" not in attacked, attacked["build failed"][0]
    return [line for line in attacked[of] if line.startswith(prefix)]


def test_a_run_cannot_log_in_as_the_superuser(attacked: Attacked) -> None:
    """pgserver's ``initdb --auth=trust``: any role for the asking, ``postgres`` (a superuser) too."""
    assert _lines(attacked, "a: ") == [
        "a: postgres no password -> InvalidPasswordError",
        "a: postgres own password -> InvalidPasswordError",
    ]


def test_a_run_cannot_run_programs_or_touch_files_on_the_server(attacked: Attacked) -> None:
    """``COPY … FROM PROGRAM`` would run a shell outside the sandbox, as the server's user."""
    assert _lines(attacked, "b: ") == [
        "b: copy from program -> InsufficientPrivilegeError",
        "b: copy from file -> InsufficientPrivilegeError",
        "b: copy to file -> InsufficientPrivilegeError",
        "b: set role -> InsufficientPrivilegeError",
        "b: read file -> InsufficientPrivilegeError",
    ]
    assert not PLANTED.exists()


def test_a_run_cannot_reach_another_runs_database(attacked: Attacked) -> None:
    assert _lines(attacked, "c: ") == [
        "c: another run's database seen: True",  # they did run at the same time
        "c: its database, own role and own password -> InvalidAuthorizationSpecificationError",
        "c: its database, its role and own password -> InvalidPasswordError",
    ]
    assert _lines(attacked, "victim: ", VICTIM) == ["victim: secret: s3cr3t"]


def test_a_run_cannot_plant_anything_in_the_template_or_the_admin_database(attacked: Attacked) -> None:
    """A large object in ``template1`` would be copied into every later database and keep
    ``DROP ROLE`` from ever succeeding: the run may not connect there (pg_hba.conf) nor may PUBLIC
    (revoked at start, in case the first line ever changes)."""
    assert _lines(attacked, "d: ") == [
        "d: may connect to template1: False",
        "d: template1, own role -> InvalidAuthorizationSpecificationError",
        "d: may connect to postgres: False",
        "d: postgres, own role -> InvalidAuthorizationSpecificationError",
    ]


# --- a server that stalls -------------------------------------------------------------------

S = "snippets/t/db.py"


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _stall_after_login(conn: socket.socket, stop: threading.Event) -> None:
    """Speak PostgreSQL up to "ready for query", then read whatever comes and never answer."""
    with conn:
        conn.settimeout(1)
        try:
            while True:
                length, code = struct.unpack("!ii", conn.recv(8, socket.MSG_WAITALL))
                if code == 80877103:  # SSLRequest: no
                    conn.sendall(b"N")
                    continue
                conn.recv(length - 8, socket.MSG_WAITALL)  # the startup packet
                break
            reply = _message(b"R", struct.pack("!i", 0))  # authentication ok
            for key, value in (
                ("server_version", "16.0"),
                ("server_encoding", "UTF8"),
                ("client_encoding", "UTF8"),
                ("DateStyle", "ISO, MDY"),
                ("integer_datetimes", "on"),
                ("standard_conforming_strings", "on"),
                ("TimeZone", "UTC"),
            ):
                reply += _message(b"S", f"{key}\0{value}\0".encode())
            reply += _message(b"K", struct.pack("!ii", 4242, 4242)) + _message(b"Z", b"I")
            conn.sendall(reply)
        except (OSError, struct.error):
            return
        while not stop.is_set():  # the queries: read, never answered; the goodbye too
            try:
                if not conn.recv(65536):
                    return
            except TimeoutError:
                continue
            except OSError:
                return


@pytest.fixture
def stalling_server() -> Iterator[str]:
    stop = threading.Event()
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)

        def serve() -> None:
            while not stop.is_set():
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=_stall_after_login, args=(conn, stop), daemon=True).start()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            yield f"postgresql://postgres@127.0.0.1:{server.getsockname()[1]}/postgres"
        finally:
            stop.set()
            thread.join()


def test_a_database_url_that_logs_in_and_then_stalls_fails_the_build_in_bounded_time(
    tmp_path: Path, stalling_server: str
) -> None:
    """It answers the handshake, then no query (nor the goodbye): before, the build waited there
    for over 100 s. Now: connect, one bounded step (the check of the server), one line."""
    site = make_site(
        tmp_path,
        {"index.md": page_for(S, "snippets/t/second.py")},
        {S: DB_SNIPPET, "snippets/t/second.py": DB_SNIPPET},
    )
    bare = _bare_build_seconds(tmp_path)
    started = time.monotonic()
    proc = build(site, timeout=120, DATABASE_URL=stalling_server)
    took = time.monotonic() - started
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, proc.stderr[-3000:]
    assert f"DATABASE_URL={stalling_server} 无法使用 (连接后 {ADMIN_TIMEOUT:g} 秒内没有完成 SELECT" in errors[0]
    assert "Traceback" not in proc.stderr
    assert took < bare + CONNECT_TIMEOUT + ADMIN_TIMEOUT + 15, (took, bare)


def _bare_build_seconds(tmp_path: Path) -> float:
    """How long a build of a mini-site with no database takes here, now (the machine may be busy)."""
    site = make_site(tmp_path / "bare", {"index.md": page_for("snippets/t/hello.py")}, {"snippets/t/hello.py": ""})
    started = time.monotonic()
    proc = build(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return time.monotonic() - started


# --- pgserver's machine-wide lock --------------------------------------------------------------

HOLD_PGSERVER_LOCK = """\
import fcntl, sys, time, warnings
warnings.simplefilter("ignore")
from pgserver.postgres_server import PostgresServer
PostgresServer._lock.acquire()  # what pgserver holds while a server starts (fcntl)
with open(PostgresServer.lock_path, "rb") as f:
    fcntl.flock(f, fcntl.LOCK_EX)  # and an flock, as a snippet could take one
    print("held", flush=True)
    time.sleep(180)
"""


def test_the_embedded_database_starts_while_another_process_holds_pgservers_lock(tmp_path: Path) -> None:
    """pgserver guards every server start on the machine with one lock file that anyone may lock
    (a snippet did, with a read lock, and held up another build by 22 s). The build starts its own
    server with pgserver's programs only: it never waits for that lock."""
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: DB_SNIPPET})
    holder = subprocess.Popen([sys.executable, "-c", HOLD_PGSERVER_LOCK], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        try:
            proc = build(site, timeout=90)
        except subprocess.TimeoutExpired:
            pytest.fail("the build waited for pgserver's machine-wide lock")
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert outputs((site / "site" / "index.html").read_text("utf-8"))[S] == "db: True"
