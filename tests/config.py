"""The site under test, as the machinery sees it (one Site from mkdocs.yml), and mkdocs.yml as data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load

from buildkit.model import Spec
from buildkit.pages import Page, all_pages
from buildkit.site import Site

MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"
SITE = Site.load(MKDOCS_YML)  # where things are; runs go through the session's Site (conftest.py)


def one_python() -> dict[str, str]:
    """The environment for a throwaway site that tests something else than the version matrix: its
    snippets run on the newest Python only."""
    return {"GUIDE_PYTHONS": SITE.pythons[0].minor}


ROOT = SITE.root
DOCS = SITE.docs_dir


def pages() -> list[Page]:
    return all_pages(DOCS)


def declared_specs() -> dict[tuple[str, ...], Spec]:
    """(snippet path, *args) → the run a page declares in an output fence."""
    return {(s.path, *s.args): s for p in pages() for s in p.specs}


def mkdocs_yml() -> dict[str, Any]:
    """mkdocs.yml parsed by MkDocs' own loader: ``!ENV`` from this environment, ``!!python/name:`` as objects."""
    with MKDOCS_YML.open("rb") as f:
        config = yaml_load(f)
    assert isinstance(config, dict)
    return config
