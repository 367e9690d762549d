"""The site's mkdocs.yml as data, for tests that compare against it."""

from __future__ import annotations

import importlib
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag  # MkDocs' own ``!ENV`` (a dependency of mkdocs)

from guide.runner import ROOT


def mkdocs_yml(*, python_names: bool = False) -> dict[str, Any]:
    """mkdocs.yml parsed as MkDocs reads it: ``!ENV`` from this environment (or its default);
    ``!!python/name:`` tags become the objects when asked, else None."""

    class Loader(yaml.SafeLoader):
        pass

    def python(loader, suffix, node):  # type: ignore[no-untyped-def]
        if not (python_names and suffix.startswith("name:")):
            return None
        module, _, attr = suffix.removeprefix("name:").rpartition(".")
        return getattr(importlib.import_module(module), attr)

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", python)
    Loader.add_constructor("!ENV", construct_env_tag)
    return yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=Loader)
