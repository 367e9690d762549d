"""Under ``mkdocs serve``: pages first, runs after.

A fresh clone has ~1,300 runs to make before every page is complete. ``mkdocs build`` waits for
them (a page is complete or the build fails); ``mkdocs serve`` need not: :meth:`Filler.available`
gives each build what is known now (stored runs, and this process's runs, failures included), and
:meth:`Filler.start` runs the rest in a background thread through the one run API
(:func:`buildkit.runs.ensure`): the newest Python first (the pages' main outputs), then the other
versions' tabs and the timing runs that run alone. While it works it says how far it is, per
Python, and calls ``on_change`` (the hook touches a file ``mkdocs serve`` watches, so the pages
rebuild and reload) every few seconds when something new is known, and when it ends, again until a
build has read all it made known (the first build may end after its runs, before serve watches). A fill
that fails outright (a service that cannot start) says so, keeps why (:attr:`Filler.stopped`: the
pages show it where they would say 「正在运行…」) and causes one rebuild, which shows it and does not
start the same fill again (it would fail again, rebuild, ...): the next save does.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .model import Result, Spec
from .pythons import Interpreter
from .runner import Job
from .runs import ensure, peek
from .site import Site

REBUILD_EVERY = 10.0  # seconds: at most one rebuild this often while runs finish (a rebuild takes a few)
SAY_EVERY = 5.0  # seconds between progress lines
# seconds: a build starting this soon after a failed fill asked for it is that rebuild (it shows why);
# a later one is a save (it tries again). Longer than serve's watcher delay and a rebuild, by far.
SHOWN_WITHIN = 10.0
NUDGE_EVERY = 2.0  # seconds between requests for the rebuild that shows the end of a fill
UNTIL_READ = 60.0  # seconds: how long to keep asking (a serve whose watching never starts)


@dataclass(frozen=True)
class Known:
    """What a build can show now: each spec's runs, newest Python first, None where not yet run."""

    runs: dict[Spec, tuple[Result | None, ...]]

    @property
    def missing(self) -> list[Spec]:
        return [spec for spec, runs in self.runs.items() if None in runs]


class Filler:
    def __init__(self, site: Site, on_change: Callable[[], None], say: Callable[[str], object] = print):
        self.site = site
        self.on_change = on_change
        self.say = say
        self._ran: dict[str, Result] = {}  # cache key → the run this process made or read (a key changes with the code)
        self._lock = threading.Lock()
        self._ended = threading.Event()  # no fill's runs are under way
        self._ended.set()
        self._seen: set[Job] = set()  # jobs known in this fill
        self._done: Counter[str] = Counter()  # of them, per Python
        self._per = 0  # runs per Python in this fill
        self._last_change = self._last_said = 0.0
        self.stopped: str | None = None  # why the last fill ended before its runs (until one starts again)
        self._shown_at: float | None = None  # when a failed fill asked for the rebuild that shows why
        self._news = 0  # how many times something new became known (a run, the end of a fill)
        self._read = 0  # the value of ``_news`` the last build read (:meth:`available`)
        self._filling: set[Spec] = set()  # the specs of the fill under way
        self._more = False  # a build wanted specs the fill under way will not run (again): a page added, an edit
        self._closed = threading.Event()

    def close(self) -> None:
        """The process is stopping: say nothing more (its runs are ended by the runner and the warden)."""
        self.say = lambda _: None
        self.on_change = lambda: None
        self._closed.set()

    @property
    def running(self) -> bool:
        return not self._ended.is_set()

    def available(self, specs: Iterable[Spec]) -> Known:
        pythons = self.site.pythons
        with self._lock:
            ran = dict(self._ran)
            self._read = self._news
        runs = {spec: tuple(self._known(spec, i, ran) for i in pythons) for spec in dict.fromkeys(specs)}
        return Known(runs)

    def _known(self, spec: Spec, interp: Interpreter, ran: dict[str, Result]) -> Result | None:
        """This process's run or the stored one; a stored one read once per process (a rebuild then
        only hashes the snippets), as long as the files it opened are unchanged."""
        key = self.site.cache.key(spec, interp)
        result = ran.get(key)
        if result is not None and self.site.cache.unchanged(result):
            return result
        result = peek((spec, interp), self.site)
        if result is not None:
            with self._lock:
                self._ran[key] = result
        return result

    def start(self, specs: Sequence[Spec]) -> None:
        """Run what ``specs`` lack in the background, unless a fill is under way (when it ends, the
        rebuild it causes asks again for what is still missing)."""
        if not specs:
            return
        if self.running:
            with self._lock:  # missing and not to come from this fill: a page added, a snippet saved after its runs
                self._more |= any(spec not in self._filling or self._ran_all(spec) for spec in specs)
            return
        with self._lock:
            shown_at, self._shown_at = self._shown_at, None
        if shown_at is not None and time.monotonic() - shown_at < SHOWN_WITHIN:
            return  # the rebuild a failed fill caused to show why: not a reason to start it again
        self.stopped = None
        self._seen.clear()
        self._done.clear()
        self._per = len(specs)
        self._filling = set(specs)
        args = (list(specs), self.site.pythons)
        self._ended.clear()
        threading.Thread(target=self._fill, args=args, name="snippet-filler", daemon=True).start()

    def _ran_all(self, spec: Spec) -> bool:
        """This fill has run ``spec`` on every Python already (so if it is missing, it changed since)."""
        return all((spec, i) in self._seen for i in self.site.pythons)

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the fill to end; whether it has."""
        return self._ended.wait(timeout)

    def _fill(self, specs: list[Spec], pythons: tuple[Interpreter, ...]) -> None:
        stopped = None
        try:
            # the pages' main outputs first; runs measuring time (exclusive) run alone, after the rest
            main = [s for s in specs if not s.exclusive]
            ensure(main, self.site, pythons=pythons[:1], on_result=self._result, progress=False)
            ensure(specs, self.site, on_result=self._result, progress=False)
        except Exception as e:  # a service that cannot start, ...: tried again by the build a save starts
            stopped = str(e)
        finally:
            with self._lock:
                # a rebuild for the end itself only when it changes a page (why the runs stopped, instead
                # of 「正在运行…」) or a build wanted more than this fill runs; otherwise the last run's news
                # is all there is to show, and an extra rebuild would only print its lines again
                if stopped is not None or self._more:
                    self._news += 1
                self._more = False
                news = self._news  # what the next build must read (a later fill's runs are that fill's)
                self.stopped = stopped
                if stopped is not None:
                    self._shown_at = time.monotonic()
            self._ended.set()
        if stopped is not None:
            self.say(f"snippets: stopped: {stopped} (save a file to try again)")
        else:
            self.say(f"snippets: done, {self._progress()}")
        self._until_read(news)  # the pages show every run, or why they stopped instead of 「正在运行…」

    def _until_read(self, news: int) -> None:
        """Ask for a rebuild until one has read what is known now. One request is not enough: the
        first build can end after the runs it waits for, and ``mkdocs serve`` starts watching only
        after that build, so the request it made would be lost (the page would say 「正在运行…」 for good)."""
        deadline = time.monotonic() + UNTIL_READ
        while self._read < news and time.monotonic() < deadline:
            self.on_change()
            if self._closed.wait(NUDGE_EVERY):
                return

    def _result(self, job: Job, result: Result) -> None:
        spec, interp = job
        key = self.site.cache.key(spec, interp)
        now = time.monotonic()
        with self._lock:
            self._ran[key] = result
            self._news += 1
            if job not in self._seen:
                self._seen.add(job)
                self._done[interp.minor] += 1
        if now - self._last_said >= SAY_EVERY:
            self._last_said = now
            self.say(f"snippets: {self._progress()}")
        if now - self._last_change >= REBUILD_EVERY:
            self._last_change = now
            self.on_change()

    def _progress(self) -> str:
        pythons = self.site.pythons
        each = " · ".join(f"{i.minor} {self._done[i.minor]}/{self._per}" for i in pythons)
        return f"{sum(self._done.values())} of {self._per * len(pythons)} runs ({each})"
