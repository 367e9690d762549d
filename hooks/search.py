"""MkDocs hook: Chinese search that works from any directory.

Material segments Chinese for the search index only when jieba is importable, and resolves
``search.jieba_dict_user`` from the *current* directory, not from mkdocs.yml's. This pins the
user dictionary (the guide's terms: 事件循环, 可等待对象, …) to the config directory and keeps
jieba's start-up chatter off stderr.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


@event_priority(100)  # before the search plugin reads its options
def on_config(config):
    try:
        import jieba
    except ImportError as e:
        raise PluginError("jieba is not installed: Chinese search would index whole sentences as one word") from e
    jieba.setLogLevel(logging.WARNING)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    user_dict = search.config.jieba_dict_user if search else None
    if user_dict and not Path(user_dict).is_absolute():
        search.config.jieba_dict_user = str(Path(config.config_file_path).resolve().parent / user_dict)
    return config
