"""The one description of a site the machinery works on, built once from its mkdocs.yml.

Everything else receives a :class:`Site`: where the snippets are (``root``, the folder of
mkdocs.yml), where the pages are (``docs_dir``), where runs are cached, how many run at once, and
the services (local HTTP server, PostgreSQL) the snippets talk to, and the interpreters that run
them (:mod:`buildkit.pythons`; the newest produces a page's main output). The environment is read
here and nowhere else: ``GUIDE_CACHE_DIR``, ``GUIDE_EXECUTE=0``, ``GUIDE_REFRESH=1``,
``GUIDE_PARALLEL``, ``GUIDE_PYTHONS``, ``GUIDE_MAIN_PYTHON``, ``GUIDE_CONTAINMENT``,
``GUIDE_STORED_ONLY=1`` and ``CI``.

Containment of the runs (:mod:`buildkit.sandbox`) is *required* under ``CI=true`` (GitHub sets it in
every workflow, the Pages deploy included) and with ``GUIDE_CONTAINMENT=required``: a missing layer
then fails the build in one line. Elsewhere (``GUIDE_CONTAINMENT=best-effort``, the default on a
contributor's machine) what is missing is said once and the runs go on without it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

from .cache import Cache
from .pythons import Interpreter, ready
from .sandbox import Sandbox, detect
from .services import Services

# Snippets mostly wait on timers and sockets: 16 at once keep a 2-core machine busy without
# distorting their timings (bench/build_bench.py measures it).
PARALLEL = 16


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def containment_required(env: Mapping[str, str]) -> bool:
    """The one rule: required with GUIDE_CONTAINMENT=required, or under CI unless best-effort."""
    mode = env.get("GUIDE_CONTAINMENT", "").strip().lower()
    if mode not in {"", "required", "best-effort"}:
        raise ValueError(f"GUIDE_CONTAINMENT={mode!r}: use 'required' or 'best-effort'")
    return mode == "required" or (not mode and _flag(env, "CI", False))


@dataclass
class Site:
    root: Path  # the folder of mkdocs.yml; snippet paths ("snippets/…") are relative to it
    docs_dir: Path
    cache_dir: Path
    execute: bool = True  # GUIDE_EXECUTE=0: build without running anything (placeholders)
    refresh: bool = False  # GUIDE_REFRESH=1: ignore stored runs, run everything again
    # GUIDE_STORED_ONLY=1: every run must be stored (merged from the CI jobs' artifacts); one that is
    # not is an error, never a run (:class:`buildkit.runs.NotStored`)
    stored_only: bool = False
    parallel: int = PARALLEL
    pythons_wanted: str = ""  # GUIDE_PYTHONS: the versions or paths to run on; empty: every CPython 3.10+ here
    main_wanted: str = ""  # GUIDE_MAIN_PYTHON: the version giving the main output, when it is not run here
    containment_required: bool = False  # CI=true, GUIDE_CONTAINMENT=required: a missing layer fails the build
    services: Services = field(init=False)

    def __post_init__(self) -> None:
        self.services = Services(self.root)

    @cached_property
    def pythons(self) -> tuple[Interpreter, ...]:
        """The interpreters the snippets run on, newest first (found when first needed: a build
        that runs nothing needs none)."""
        return tuple(ready({**os.environ, "GUIDE_PYTHONS": self.pythons_wanted}))

    @property
    def main(self) -> str:
        """The version ("3.15") whose runs are the pages' main output: the newest here, or
        ``GUIDE_MAIN_PYTHON`` (a CI job that runs older Pythons only learns it from there). A failure
        on it is the snippet's fault and never stored; on another version it is what that version does."""
        return self.main_wanted or self.pythons[0].minor

    @cached_property
    def sandbox(self) -> Sandbox:
        """How runs are contained on this machine (:mod:`buildkit.sandbox`); where containment is
        required and a layer is missing, :class:`~buildkit.sandbox.ContainmentError`."""
        box = detect()
        if self.containment_required:
            box.require()
        return box

    @property
    def cache(self) -> Cache:
        return Cache(self.cache_dir, self.root)

    @classmethod
    def create(cls, root: Path, docs_dir: Path, env: Mapping[str, str] = os.environ) -> Site:
        cache_dir = Path(env.get("GUIDE_CACHE_DIR") or root / ".cache" / "snippets")
        return cls(
            root=root,
            docs_dir=docs_dir,
            cache_dir=cache_dir,
            execute=_flag(env, "GUIDE_EXECUTE", True),
            refresh=_flag(env, "GUIDE_REFRESH", False),
            stored_only=_flag(env, "GUIDE_STORED_ONLY", False),
            parallel=int(env.get("GUIDE_PARALLEL") or PARALLEL),
            pythons_wanted=env.get("GUIDE_PYTHONS", ""),
            main_wanted=env.get("GUIDE_MAIN_PYTHON", "").strip(),
            containment_required=containment_required(env),
        )

    @classmethod
    def load(cls, config_file: Path, env: Mapping[str, str] = os.environ) -> Site:
        """The site of a mkdocs.yml, without loading MkDocs' plugins (tests, benchmarks)."""
        config_file = config_file.resolve()
        with config_file.open("rb") as f:
            config = yaml_load(f) or {}
        root = config_file.parent
        return cls.create(root, root / config.get("docs_dir", "docs"), env)

    def close(self) -> None:
        self.services.close()

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
