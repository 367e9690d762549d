"""The GitHub workflows keep their promises: pinned runners, one CI run per change, the deployed site
is the one the tests built, and the version matrix covers every Python the guide talks about."""

from __future__ import annotations

from typing import Any

import yaml

from .config import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_every_job_runs_on_a_pinned_ubuntu() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for name, job in _load(path.name)["jobs"].items():
            if "uses" not in job:  # a job that calls a reusable workflow has no runner of its own
                assert job["runs-on"] == "ubuntu-24.04", f"{path.name}: {name}"


def test_each_change_is_tested_once() -> None:
    """PRs run ci.yml; pushes to main run pages.yml, which calls ci.yml (no push trigger in ci.yml)."""
    ci, pages = _load("ci.yml"), _load("pages.yml")
    assert "push" not in ci["on"] and "pull_request" in ci["on"]
    assert pages["on"]["push"] == {"branches": ["main"]} and "pull_request" not in pages["on"]
    assert pages["jobs"]["test"]["uses"] == "./.github/workflows/ci.yml"


def test_deploy_publishes_the_site_the_tests_built() -> None:
    """tests/conftest.py builds the real site into <basetemp>/site; that directory is uploaded, not a rebuild."""
    ci, pages = _load("ci.yml"), _load("pages.yml")
    steps = ci["jobs"]["site"]["steps"]
    (test_step,) = [s for s in steps if "scripts/test" in s.get("run", "")]
    assert '--basetemp "$RUNNER_TEMP/pytest"' in test_step["run"]
    assert {"SITE_URL", "REPO_URL"} <= set(test_step["env"])
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == "${{ runner.temp }}/pytest/site"
    assert 'out = session_site.cache_dir.parent / "site"' in (ROOT / "tests" / "conftest.py").read_text("utf-8")
    assert not any("mkdocs build" in s.get("run", "") for job in pages["jobs"].values() for s in job.get("steps", []))
    assert pages["jobs"]["deploy"]["needs"] == ["configure", "test"]


def test_snippets_run_on_python_3_10_to_3_15() -> None:
    """The job that tests and builds the site has every CPython from 3.10 on (the snippets run on each)."""
    steps = _load("ci.yml")["jobs"]["site"]["steps"]
    (setup,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    versions = setup["with"]["python-version"].split()
    assert sorted(versions, key=lambda v: int(v.split(".")[1])) == [f"3.{minor}" for minor in range(10, 16)]
    assert setup["with"]["allow-prereleases"] is True
