"""The site under test, as the machinery sees it (one Site from mkdocs.yml), and mkdocs.yml as data."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag  # MkDocs' own ``!ENV`` (a dependency of mkdocs)

from buildkit.model import Spec
from buildkit.pages import Page, all_pages
from buildkit.site import Site

MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"
SITE = Site.load(MKDOCS_YML)  # where things are; runs go through the session's Site (conftest.py)
ROOT = SITE.root
DOCS = SITE.docs_dir


def pages() -> list[Page]:
    return all_pages(DOCS)


def declared_specs() -> dict[tuple[str, ...], Spec]:
    """(snippet path, *args) → the run a page declares in an output fence."""
    return {(s.path, *s.args): s for p in pages() for s in p.specs}


def mkdocs_yml(*, python_names: bool = False) -> dict[str, Any]:
    """mkdocs.yml parsed as MkDocs reads it: ``!ENV`` from this environment (or its default);
    ``!!python/name:`` tags become the objects when asked, else None."""

    class Loader(yaml.SafeLoader):
        pass

    def python(loader, suffix, node):
        if not (python_names and suffix.startswith("name:")):
            return None
        module, _, attr = suffix.removeprefix("name:").rpartition(".")
        return getattr(importlib.import_module(module), attr)

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", python)
    Loader.add_constructor("!ENV", construct_env_tag)
    return yaml.load(MKDOCS_YML.read_text("utf-8"), Loader=Loader)
