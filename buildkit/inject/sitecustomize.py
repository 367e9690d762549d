"""Imported at start-up of every snippet run by the guide's runner (never by a reader's copy).

* ``GUIDE_LOOPBACK_ONLY=1``: a connection or name lookup for anything but this machine fails at
  once with ``OSError`` instead of hanging, so no request leaves 127.0.0.1 during builds/tests.
* ``GUIDE_TIMELINE=<file>``: record when each coroutine defined in the snippet ran (first
  resumption to last suspension), for the timeline figures. The snippet's code is untouched.
"""

import os
import sys

if os.environ.get("GUIDE_LOOPBACK_ONLY") == "1":
    import errno
    import ipaddress
    import socket

    _LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}

    def _is_local(host: object) -> bool:
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode(errors="replace")
        host = str(host).strip("[]").lower()
        if host in _LOCAL_NAMES:
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False

    def _refuse(host: object) -> OSError:
        return OSError(
            errno.ENETUNREACH,
            f"guide build: only loopback is reachable, refused {host!r} "
            "(set HTTPBIN_URL / DATABASE_URL to a local server)",
        )

    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise _refuse(address[0])
        return _connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            return errno.ENETUNREACH
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            raise socket.gaierror(socket.EAI_NONAME, str(_refuse(host)))
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo

_timeline = os.environ.get("GUIDE_TIMELINE")
_script = os.environ.get("GUIDE_TIMELINE_SCRIPT")
if _timeline and _script:
    import atexit
    import json
    import threading
    import time

    _CO_COROUTINE = 0x80
    _t0 = time.perf_counter()
    _spans: dict = {}  # frame -> [label, start, end]

    def _label(frame) -> str:
        code = frame.f_code
        args = [repr(frame.f_locals.get(n)) for n in code.co_varnames[: code.co_argcount]]
        return f"{code.co_name}({', '.join(args)})"

    def _profile(frame, event, arg):
        code = frame.f_code
        if code.co_filename != _script or not code.co_flags & _CO_COROUTINE:
            return
        now = time.perf_counter() - _t0
        if event == "call":
            span = _spans.get(frame)
            if span is None:
                _spans[frame] = [_label(frame), now, now]
        elif event == "return" and frame in _spans:
            _spans[frame][2] = now

    @atexit.register
    def _dump() -> None:
        sys.setprofile(None)
        with open(_timeline, "w", encoding="utf-8") as f:
            for label, start, end in sorted(_spans.values(), key=lambda s: s[1]):
                f.write(json.dumps({"label": label, "start": round(start, 4), "end": round(end, 4)}) + "\n")

    sys.setprofile(_profile)
    threading.setprofile(_profile)

_stderr_copy = os.environ.get("GUIDE_STDERR_COPY")
if _stderr_copy:
    # Only a process whose stdout and stderr are the snippet's own (the runner's pipes) takes part: a
    # child that the snippet sends to DEVNULL or reads through a pipe of its own writes nothing the
    # page shows. The first interpreter of the run notes which pipes those are.
    try:
        _pipes = " ".join(f"{s.st_dev}:{s.st_ino}" for s in (os.fstat(1), os.fstat(2)))
    except OSError:
        _pipes = ""
    if os.environ.setdefault("GUIDE_STDERR_ID", _pipes) != _pipes:
        _stderr_copy = None
if _stderr_copy:
    # What goes through sys.stderr (tracebacks, warnings, logging, print(file=sys.stderr)) is written
    # to stdout's pipe, so the page shows it in the order it was written (two pipes read by a busy
    # parent can swap them), and copied here, so the runner still knows the snippet wrote to stderr.
    # What reaches fd 2 otherwise (C code, a child started with python -I) comes to the runner
    # through the stderr pipe. The copy is appended to, never truncated: a child Python the snippet
    # starts inherits the variable and adds its own stderr.

    _STDERR_COPY_LIMIT = 256 * 1024  # = buildkit.runner.MAX_OUTPUT

    class _TeeStderr:
        # Raw fds, not file objects: nothing to close, so no ResourceWarning in dev mode.
        def __init__(self, stream, fd: int):
            self._stream = stream
            self._fd = fd

        def write(self, text: str) -> int:
            data = text.encode(self._stream.encoding or "utf-8", self._stream.errors or "backslashreplace")
            # bounded like the output the runner keeps: a snippet printing forever to stderr must not
            # fill the disk through its copy (the size is the file's, shared by its child Pythons)
            if os.fstat(self._fd).st_size < _STDERR_COPY_LIMIT:
                os.write(self._fd, data)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(1, view) :]
            except OSError:  # the snippet closed or changed its stdout: stderr it is
                return self._stream.write(text)
            return len(text)

        def __getattr__(self, name: str):
            return getattr(self._stream, name)

    sys.stderr = _TeeStderr(sys.stderr, os.open(_stderr_copy, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))

_inputs = os.environ.get("GUIDE_INPUTS")
_inputs_under = os.environ.get("GUIDE_INPUTS_UNDER")
if _inputs and _inputs_under:
    # Which files under snippets/ the run opened (modules it imported, directly or through another
    # module, and data files it read): the cache checks them all before reusing the run's output.
    import atexit

    _under = os.path.join(_inputs_under, "")
    _opened: set = set()

    def _record(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str):
            path = os.path.abspath(args[0])
            if path.startswith(_under):
                _opened.add(path)

    @atexit.register
    def _write_inputs() -> None:
        with open(_inputs, "a", encoding="utf-8") as f:  # appended: child Pythons add theirs
            f.writelines(p + "\n" for p in sorted(_opened))

    sys.addaudithook(_record)
