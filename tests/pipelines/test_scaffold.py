"""``stadtdaten init``: the scaffolded dataset repository passes its own pre-commit hooks and the commands of
its CI workflow, run locally."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stadtdaten.cli import run_cli
from stadtdaten.pipelines.scaffold import scaffold

CLI = [sys.executable, "-m", "stadtdaten.cli"]


def _stadtdaten(command: str) -> list[str]:
    words = shlex.split(command)
    assert words[0] == "stadtdaten"
    return CLI + words[1:]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    assert run_cli(["--lang", "de", "init", str(tmp_path)]) == 0
    return tmp_path


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / "stadtdaten.toml").write_text("# mine\n")
    result = scaffold(tmp_path)
    assert (tmp_path / "stadtdaten.toml").read_text() == "# mine\n"
    assert tmp_path / "stadtdaten.toml" in result.kept


def test_workflow_commands_pass_locally(repo: Path) -> None:
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "stadtdaten.yml").read_text())
    runs = [step["run"] for step in workflow["jobs"]["stadtdaten"]["steps"] if "run" in step]
    commands = [r for r in runs if r.startswith("stadtdaten ")]
    assert len(commands) >= 2
    for command in commands:
        done = subprocess.run(_stadtdaten(command), cwd=repo, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert (repo / "stadtdaten.sarif").exists() and (repo / "stadtdaten-junit.xml").exists()
    assert (repo / "_build" / "trinkbrunnen" / "croissant.json").exists()


def test_gitlab_commands_pass_locally(repo: Path) -> None:
    script = yaml.safe_load((repo / ".gitlab-ci.yml").read_text())["stadtdaten"]["script"]
    for command in (c for c in script if c.startswith("stadtdaten ")):
        done = subprocess.run(_stadtdaten(command), cwd=repo, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert (repo / "gl-code-quality-report.json").read_text().strip() == "[]"


def test_pre_commit_hooks_pass(repo: Path) -> None:
    pre_commit = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    if not Path(pre_commit).exists() or not shutil.which("git"):
        pytest.skip("needs pre-commit and git")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for args in (["git", "init", "-q", "."], ["git", "add", "-A"]):
        subprocess.run(args, cwd=repo, check=True, env=env)
    done = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=repo, capture_output=True, text=True, env=env, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("Passed") == 2
