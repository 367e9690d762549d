"""MkDocs hook: no edit links without a repository.

``site_url`` and ``repo_url`` come from the environment (``SITE_URL``, ``REPO_URL``; mkdocs.yml reads
them with ``!ENV``): a fork's Pages workflow sets them, a local ``mkdocs serve`` leaves them unset.
Without a repository MkDocs would still join ``edit_uri`` to nothing and warn on every page (which
``--strict`` turns into a failed build), so the edit button goes together with the repository link.
"""

from __future__ import annotations

from typing import Any


def on_config(config: Any) -> Any:
    if not config.repo_url:
        config.repo_url = config.edit_uri = config.repo_name = None
    return config
