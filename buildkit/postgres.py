"""The embedded PostgreSQL, started with the binaries pgserver bundles, not through pgserver's class.

pgserver's ``PostgresServer`` guards every start on the machine with one file lock (any process,
even a snippet holding a read lock on it, could hold up a build) and initialises with
``--auth=trust``: whoever reaches the socket may connect as any role, the superuser included, and
from there run programs (``COPY … FROM PROGRAM``) or read every run's database. Here instead:

* no lock: each build's server is its own, in a folder of its own;
* ``initdb --auth=scram-sha-256`` with a random password for the admin role (``postgres``), given
  in a file removed right after; ``pg_hba.conf`` lets the admin reach any database and every other
  role only the database of its own name (``local sameuser all``), all by password; no trust line;
* listens on no address at all (``listen_addresses = ''``): only on a Unix socket in a folder of
  ours (mode 0700), which the build reaches and the runs reach through a relay
  (:mod:`buildkit.forward`);
* as root, the server runs as an unprivileged system user (``pgserver``), with no supplementary
  group and none of the build's environment variables;
* every wait is bounded: ``initdb`` and ``pg_ctl -w -t`` are killed after their time, and a server
  that did not come up is stopped by :func:`buildkit.reaper.reap`.

Layout, as :mod:`buildkit.reaper` expects it: ``<folder>/data`` (with ``postmaster.pid`` and the
server's log) and ``<folder>/socket``. The data is thrown away with the build: no fsync.
"""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ADMIN = "postgres"  # the admin role (a superuser; its password never reaches a run)
SYSTEM_USER = "pgserver"  # the system user the server runs as when the build is root (pgserver's own)
INITDB_TIMEOUT = 60.0
START_TIMEOUT = 30.0  # pg_ctl -w -t; pg_ctl itself is killed a little after
_ENV = ("LANG", "LANGUAGE", "TZ")  # and LC_*: the server's locale, as pgserver gave it
_SOCKET_MAX = 100  # sun_path holds 108 bytes


class StartError(RuntimeError):
    """The server could not be made or started (the message says why, in one line)."""


@dataclass(frozen=True)
class Account:
    """Who runs the server's programs: the build itself, or (as root) an unprivileged user."""

    uid: int
    gid: int

    @property
    def switch(self) -> bool:
        return self.uid != os.geteuid()


def binaries() -> Path:
    """pgserver's bundled ``initdb``, ``pg_ctl``, ``postgres`` (raises ImportError without it)."""
    from pgserver._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _account() -> Account:
    if os.geteuid() != 0:
        return Account(os.geteuid(), os.getegid())
    from pgserver.utils import ensure_folder_permissions, ensure_user_exists

    entry = ensure_user_exists(SYSTEM_USER)
    assert entry is not None
    bin_path = binaries()
    _let_through(bin_path)
    # what pgserver does too: wheels unpacked by root may be unreadable to other users
    ensure_folder_permissions(bin_path, stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(bin_path.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
    return Account(entry.pw_uid, entry.pw_gid)


def _let_through(path: Path) -> None:
    """Let other users search (not list) each folder above ``path``, where they cannot yet."""
    for folder in path.parents:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)


def _environment() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in _ENV or k.startswith("LC_")}
    return {"PATH": os.defpath, **keep}


def _run(args: list[str], who: Account, cwd: Path, timeout: float, what: str) -> None:
    """Run one of the server's programs as ``who``; killed after ``timeout`` seconds."""
    switch: dict[str, object] = {"user": who.uid, "group": who.gid, "extra_groups": []} if who.switch else {}
    with tempfile.TemporaryFile("w+") as err:  # not a pipe: the postmaster must not hold it open
        try:
            proc = subprocess.run(
                args,
                cwd=cwd,
                env=_environment(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                timeout=timeout,
                text=True,
                **switch,  # type: ignore[call-overload]
            )
        except subprocess.TimeoutExpired:
            raise StartError(f"{what} 在 {timeout:g} 秒内没有完成") from None
        if proc.returncode != 0:
            err.seek(0)
            lines = [line.strip() for line in err.read().splitlines() if line.strip()]
            raise StartError(f"{what} 失败 (退出码 {proc.returncode}): {lines[-1] if lines else '没有输出'}")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


HBA = f"""\
# buildkit.postgres: password only, no trust; a run's role reaches only the database of its name
local all {ADMIN} scram-sha-256
local sameuser all scram-sha-256
"""


def start(folder: Path) -> str:
    """Make and start a server in ``folder`` (empty but for the reaper's ``owner`` file); returns
    the admin's DSN, password included. On :class:`StartError` the caller reaps the folder."""
    bin_path = binaries()
    who = _account()
    data, sockets = folder / "data", folder / "socket"
    if len(str(sockets / ".s.PGSQL.5432")) > _SOCKET_MAX:
        raise StartError(f"临时目录的路径太长，放不下 PostgreSQL 的套接字: {folder} (请设置较短的 TMPDIR)")
    if who.switch:
        _let_through(folder)
        folder.chmod(0o711)  # the server's user goes through, lists nothing
    for sub in (data, sockets):
        sub.mkdir(mode=0o700)
        os.chown(sub, who.uid, who.gid)
    password = secrets.token_urlsafe(24)
    pwfile = folder / "pwfile"
    fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchown(fd, who.uid, who.gid)
        os.write(fd, password.encode() + b"\n")
        os.close(fd)
        _run(
            [
                str(bin_path / "initdb"),
                "-D",
                str(data),
                "-U",
                ADMIN,
                "--auth=scram-sha-256",
                f"--pwfile={pwfile}",
                "--encoding=UTF8",
                "--no-sync",
                "--no-instructions",
            ],
            who,
            folder,
            INITDB_TIMEOUT,
            "initdb",
        )
    finally:
        pwfile.unlink(missing_ok=True)
    # initdb's files belong to the server's user: rewritten in place, they keep their owner and mode
    (data / "pg_hba.conf").write_text(HBA)
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            "\n# buildkit.postgres\n"
            "listen_addresses = ''\n"
            f"unix_socket_directories = {_quote(str(sockets))}\n"
            "unix_socket_permissions = 0700\n"
            "password_encryption = 'scram-sha-256'\n"
            "fsync = off\n"
            "synchronous_commit = off\n"
            "full_page_writes = off\n"
        )
    _run(
        [
            str(bin_path / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(data / "log"),
            "-w",
            "-t",
            str(int(START_TIMEOUT)),
            "-s",
            "start",
        ],
        who,
        folder,
        START_TIMEOUT + 5,
        "pg_ctl start",
    )
    return f"postgresql://{ADMIN}:{password}@/postgres?host={sockets}"


def log_tail(folder: Path, lines: int = 1) -> str:
    """The server log's last lines (why it did not start), if any."""
    try:
        text = (folder / "data" / "log").read_text(errors="replace")
    except OSError:
        return ""
    return " / ".join(line.strip() for line in text.splitlines()[-lines:] if line.strip())
