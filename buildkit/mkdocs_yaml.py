"""mkdocs.yml as data, written back as MkDocs reads it: tags it resolves itself (``!ENV``,
``!!python/name:``) are kept as written. For sites derived from the real one (tests' mini-sites,
the scale benchmark): load, change keys, dump — no text surgery."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Tagged:
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


_Loader.add_multi_constructor("!", lambda loader, suffix, node: _tagged(loader, "!" + suffix, node))
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: _tagged(loader, "tag:yaml.org,2002:python/" + suffix, node),
)
_Dumper.add_representer(Tagged, _represent)


def load(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text("utf-8"), Loader=_Loader)
    assert isinstance(data, dict)
    return data


def dump(config: dict[str, Any], path: Path) -> None:
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), "utf-8")


def derived(source: Path, *, search: bool) -> dict[str, Any]:
    """The site of ``source`` for another folder: no nav (pages found by MkDocs), hooks by absolute path,
    no extra CSS, watching ``snippets/``; search only if asked."""
    config = load(source)
    for key in ("nav", "extra_css"):
        config.pop(key, None)
    config["watch"] = ["snippets"]
    config["hooks"] = [str(source.resolve().parent / hook) for hook in config["hooks"]]
    if not search:
        config["plugins"] = [
            p for p in config["plugins"] if not (p == "search" or (isinstance(p, dict) and "search" in p))
        ]
    return config
