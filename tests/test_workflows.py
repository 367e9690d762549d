"""The GitHub workflows keep their promises: pinned runners, one CI run per change, the deployed site
is the one the tests built, one job per Python the guide talks about, and a site built from their
merged runs that runs nothing."""

from __future__ import annotations

from typing import Any

import yaml

from buildkit.pythons import SUPPORTED

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
    assert 'out = _session_dir(tmp_path_factory) / "site"' in (ROOT / "tests" / "conftest.py").read_text("utf-8")
    assert not any("mkdocs build" in s.get("run", "") for job in pages["jobs"].values() for s in job.get("steps", []))
    assert pages["jobs"]["deploy"]["needs"] == ["configure", "test"]


def test_snippets_run_on_python_3_10_to_3_15() -> None:
    """The job that tests and builds the site has every CPython from 3.10 on (the snippets run on each)."""
    steps = _load("ci.yml")["jobs"]["site"]["steps"]
    (setup,) = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
    versions = setup["with"]["python-version"].split()
    assert sorted(versions, key=lambda v: int(v.split(".")[1])) == [f"3.{minor}" for minor in range(10, 16)]
    assert setup["with"]["allow-prereleases"] is True


def test_one_job_per_python_and_a_site_built_from_their_merged_runs() -> None:
    ci = _load("ci.yml")
    runs, site = ci["jobs"]["runs"], ci["jobs"]["site"]
    assert runs["strategy"]["matrix"]["python"] == list(SUPPORTED)
    assert runs["env"]["GUIDE_PYTHONS"] == "${{ matrix.python }}"
    assert ci["env"]["GUIDE_MAIN_PYTHON"] == SUPPORTED[-1]  # every job knows which runs are the main output
    assert ci["env"]["PYTHON"]  # one build Python for every job: its version is in every key
    steps = {s.get("name", s.get("uses", "")): s for s in runs["steps"]}
    restore = steps["Stored runs"]
    assert restore["uses"].startswith("actions/cache/restore@")
    assert restore["if"] == "github.event_name != 'schedule'" and "schedule" in ci["on"]  # weekly from empty
    assert any("buildkit.merge pack" in s.get("run", "") for s in runs["steps"])
    assert site["needs"] == "runs"
    (merge,) = [s for s in site["steps"] if "buildkit.merge merge" in s.get("run", "")]
    (build,) = [s for s in site["steps"] if "mkdocs build" in s.get("run", "")]
    assert site["steps"].index(merge) < site["steps"].index(build)
    assert "GUIDE_STORED_ONLY=1" in build["run"] and "none run" in build["run"]
