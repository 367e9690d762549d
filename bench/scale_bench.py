"""The machinery at 10× the guide's size: a generated site of 100 pages with 10 small snippets each.

    python bench/scale_bench.py [--pages 100] [--per-page 10]

Builds it with the real mkdocs.yml (hooks, plugins, search) and prints, from one run, as ratios:
plain build (GUIDE_EXECUTE=0), cold build (every snippet runs), warm rebuild (nothing runs; goal
≤ 1.3 × plain), rebuild after editing one snippet, and each build's peak RSS (goal ≤ 300 MB). The
peak RSS is the build process's own (``wait4``), not the snippets' interpreters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from buildkit import mkdocs_yaml  # noqa: E402

SNIPPET = """import asyncio


async def main() -> None:
    await asyncio.sleep(0.01)
    print("第 {page} 页的第 {n} 个示例")


asyncio.run(main())
"""


def generate(site: Path, pages: int, per_page: int) -> None:
    (site / "docs").mkdir(parents=True)
    for shared in ("includes", "overrides"):
        shutil.copytree(ROOT / shared, site / shared)
    mkdocs_yaml.dump(mkdocs_yaml.derived(ROOT / "mkdocs.yml", search=True), site / "mkdocs.yml")
    (site / "docs" / "index.md").write_text("# 规模测试\n\n生成的站点。\n", "utf-8")
    for p in range(pages):
        parts = [f"# 第 {p} 页\n"]
        for n in range(per_page):
            path = f"snippets/p{p:03d}/s{n:02d}.py"
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(SNIPPET.format(page=p, n=n), "utf-8")
            parts.append(f'## 示例 {n}\n\n```py title="{path}"\n--8<-- "{path}"\n```\n\n```output\n{path}\n```\n')
        (site / "docs" / f"p{p:03d}.md").write_text("\n".join(parts), "utf-8")


def build(site: Path, cache: Path, **env: str) -> tuple[float, float]:
    """(seconds, peak RSS of the build process in MB)."""
    out = Path(tempfile.mkdtemp(prefix="scale-site-"))
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out / "site")],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(cache), **env},
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"build failed:\n{errors.decode()[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--per-page", type=int, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="scale-"))
    try:
        site, cache = work / "site", work / "cache"
        generate(site, args.pages, args.per_page)
        plain, plain_rss = build(site, cache, GUIDE_EXECUTE="0")
        cold, cold_rss = build(site, cache)
        warm, warm_rss = build(site, cache)
        edited = site / "snippets" / "p000" / "s00.py"
        edited.write_text(edited.read_text("utf-8").replace("示例", "示例（改过）"), "utf-8")
        edit, edit_rss = build(site, cache)
        total = args.pages * args.per_page
        print(f"{args.pages} pages × {args.per_page} snippets = {total} snippets")
        print(f"{'measure':<32}{'seconds':>9}{'ratio':>9}{'peak RSS MB':>13}")
        rows = [
            ("plain build (no execution)", plain, None, plain_rss),
            ("cold build (all run)", cold, cold / plain, cold_rss),
            ("warm rebuild (goal ≤ 1.3)", warm, warm / plain, warm_rss),
            ("one snippet edited", edit, edit / plain, edit_rss),
        ]
        for name, secs, ratio, rss in rows:
            print(f"{name:<32}{secs:>9.2f}{'–' if ratio is None else f'{ratio:.2f}':>9}{rss:>13.0f}")
        print(f"ratios: / plain build; peak RSS goal ≤ 300 MB (highest: {max(r[3] for r in rows):.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
