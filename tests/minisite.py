"""Throwaway sites built in a temp dir with the real hook, plugin and Markdown settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import MKDOCS_YML, ROOT


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag MkDocs resolves itself (``!ENV``, ``!!python/name:``), kept as written."""

    tag: str
    value: object


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _tagged(loader: yaml.SafeLoader, tag: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(tag, loader.construct_mapping(node, deep=True))


def _represent(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda ld, suffix, node: _tagged(ld, "tag:yaml.org,2002:python/" + suffix, node)
)
_Dumper.add_representer(Tagged, _represent)


def site_config(search: bool = False) -> dict[str, Any]:
    """The real mkdocs.yml as data, minus nav/extra_css, watching snippets/, with the hooks referenced by absolute path.

    Without the search plugin unless asked: loading jieba's dictionary costs ~0.6 s per build and
    no mini-site test is about search (the real site's search is tested in a browser).
    """
    config: dict[str, Any] = yaml.load(MKDOCS_YML.read_text("utf-8"), Loader=_Loader)
    for key in ("nav", "extra_css", "site_url"):  # no site_url: mkdocs serve answers at /
        config.pop(key, None)
    config["watch"] = ["snippets"]  # mkdocs serve re-runs an edited snippet
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    if not search:
        config["plugins"] = [
            p for p in config["plugins"] if not (p == "search" or (isinstance(p, dict) and "search" in p))
        ]
    return config


def write_config(path: Path, config: dict[str, Any]) -> None:
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), "utf-8")


def make_site(tmp: Path, pages: dict[str, str], snippets: dict[str, str]) -> Path:
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    (tmp / "snippets").mkdir(exist_ok=True)
    write_config(tmp / "mkdocs.yml", site_config())
    for shared in ("includes", "overrides"):  # the glossary, jieba's dictionary, theme overrides
        shutil.copytree(ROOT / shared, tmp / shared, dirs_exist_ok=True)
    for name, text in pages.items():
        (tmp / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "docs" / name).write_text(text, "utf-8")
    for name, text in snippets.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, "utf-8")
    return tmp


def page_for(*paths: str, **settings: object) -> str:
    """A page showing each snippet and, below it, the output of its run with these settings."""
    options = yaml.safe_dump(settings, allow_unicode=True) if settings else ""
    parts = ["# Test\n"]
    for p in paths:
        parts.append(f'```py title="{p}"\n--8<-- "{p}"\n```\n\n```output\n{p}\n{options}```\n')
    return "\n".join(parts)


def build(site: Path, out: Path | None = None, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    out = out or site / "site"
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(site / ".cache"), **env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=site,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
