"""``ppf framework validate|add|list|export`` run as a real process."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ppf_app.domain.framework_loader import load_framework

REPO = Path(__file__).resolve().parents[2]
FRAMEWORKS = REPO / "tests" / "data" / "frameworks"
GOOD = FRAMEWORKS / "good"
BROKEN = FRAMEWORKS / "broken"
#: The bundled frameworks (ppf 2026.1 and 2027.1) as ``ppf framework list`` prints them.
BUNDLED = sorted(
    (load_framework(path) for path in (REPO / "resources" / "frameworks").glob("*.toml")),
    key=lambda framework: framework.key,
)
BUNDLED_LINES = [f"{fw.id}\t{fw.version}\t{fw.title}" for fw in BUNDLED]

pytestmark = pytest.mark.slow  # a fresh interpreter per command


def ppf(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ppf_app.cli.main", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(folder.rglob("*"))
    }


def test_validate_prints_nothing_for_good_files() -> None:
    result = ppf("framework", "validate", *sorted(GOOD.glob("*.toml")))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_validate_lists_every_problem_of_every_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    result = ppf(
        "framework",
        "validate",
        BROKEN / "syntax-error.toml",
        GOOD / "full.toml",
        missing,
        BROKEN / "target-off-scale.toml",
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{BROKEN / 'syntax-error.toml'}: line 7: not valid TOML: invalid value (column 9)",
        f"{missing}: file: no such file",
        f"{BROKEN / 'target-off-scale.toml'}: groups[0].default_target: 5 is not a level of "
        "the scale (1, 2, 3)",
        f"{BROKEN / 'target-off-scale.toml'}: groups[0].targets.b1: 0 is not a level of the "
        "scale (1, 2, 3)",
    ]


def test_validate_names_the_file_as_typed() -> None:
    result = ppf("framework", "validate", "tests/data/frameworks/broken/bad-id.toml")
    assert result.returncode == 2
    assert result.stderr.startswith("tests/data/frameworks/broken/bad-id.toml: framework.id: ")


def test_validate_needs_a_file() -> None:
    result = ppf("framework", "validate")
    assert result.returncode == 2
    assert "FILE" in result.stderr


def test_add_list_and_add_again(tmp_path: Path) -> None:
    data_dir = Path(os.environ["PPF_DATA_DIR"])
    result = ppf("framework", "add", GOOD / "full.toml")
    assert (result.returncode, result.stdout, result.stderr) == (0, "team-practice\t1.2\n", "")
    again = ppf("framework", "add", GOOD / "full.toml")
    assert (again.returncode, again.stdout, again.stderr) == (0, "team-practice\t1.2\n", "")
    assert [p.name for p in (data_dir / "frameworks").iterdir()] == ["team-practice@1.2.toml"]

    listing = ppf("framework", "list")
    assert listing.returncode == 0 and listing.stderr == ""
    assert listing.stdout.splitlines() == [
        *BUNDLED_LINES,
        "team-practice\t1.2\tTeam Practice Framework",
    ]


def test_add_refuses_different_content_and_leaves_the_folder_unchanged(tmp_path: Path) -> None:
    data_dir = Path(os.environ["PPF_DATA_DIR"])
    assert ppf("framework", "add", GOOD / "full.toml").returncode == 0
    before = snapshot(data_dir)
    changed = tmp_path / "full-changed.toml"
    changed.write_text(
        (GOOD / "full.toml").read_text(encoding="utf-8").replace("ward team", "clinic team"),
        encoding="utf-8",
    )
    result = ppf("framework", "add", changed)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"{changed}: framework.version: framework 'team-practice' version '1.2' is already "
        "installed with different content"
    )
    assert snapshot(data_dir) == before


def test_add_refuses_a_broken_file_and_creates_nothing() -> None:
    data_dir = Path(os.environ["PPF_DATA_DIR"])
    result = ppf("framework", "add", BROKEN / "unknown-training-area.toml")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{BROKEN / 'unknown-training-area.toml'}: values[2].behaviours[0].training_areas[1]: "
        "unknown training area 'planing' (training areas in this file: people, planning)"
    ]
    assert not (data_dir / "frameworks").exists()


def test_add_refuses_to_replace_the_bundled_framework(tmp_path: Path) -> None:
    mine = tmp_path / "ppf.toml"
    mine.write_bytes((REPO / "resources" / "frameworks" / "ppf.toml").read_bytes() + b"#\n")
    result = ppf("framework", "add", mine)
    assert result.returncode == 2
    assert "is bundled with the product and cannot be replaced" in result.stderr


def test_data_dir_option_wins_over_the_environment(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    env_dir = tmp_path / "from-env"
    env = {"PPF_DATA_DIR": str(env_dir)}
    result = ppf("--data-dir", chosen, "framework", "add", GOOD / "minimal.toml", env=env)
    assert (result.returncode, result.stdout) == (0, "minimal\t1\n")
    assert (chosen / "frameworks" / "minimal@1.toml").is_file()
    assert not env_dir.exists()

    from_env = ppf("framework", "list", env={"PPF_DATA_DIR": str(chosen)})
    assert "minimal\t1\tMinimal framework" in from_env.stdout.splitlines()
    other = ppf("framework", "list", env=env)
    assert other.stdout.splitlines() == BUNDLED_LINES


def test_framework_commands_work_beside_a_damaged_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "damaged"
    data_dir.mkdir()
    (data_dir / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    args = ("--data-dir", data_dir, "framework")
    assert ppf(*args, "validate", GOOD / "full.toml").returncode == 0
    assert ppf(*args, "add", GOOD / "full.toml").returncode == 0
    listing = ppf(*args, "list")
    assert listing.returncode == 0
    assert "team-practice\t1.2\tTeam Practice Framework" in listing.stdout.splitlines()
    assert (data_dir / "library.sqlite3").read_bytes() == b"this is not a database" * 100


def test_list_reports_skipped_files_on_stderr_only() -> None:
    data_dir = Path(os.environ["PPF_DATA_DIR"])
    (data_dir / "frameworks").mkdir(parents=True)
    shutil.copy(BROKEN / "bad-id.toml", data_dir / "frameworks" / "bad.toml")
    result = ppf("framework", "list")
    assert result.returncode == 0
    assert result.stdout.splitlines() == BUNDLED_LINES
    assert result.stderr.splitlines() == [
        "ppf: some framework files were skipped:",
        f"{data_dir / 'frameworks' / 'bad.toml'}: framework.id: 'My_Framework' is not a valid "
        "framework id: use 1 to 64 lower-case letters, digits and hyphens, starting with a "
        "letter or digit",
    ]


def test_list_keeps_one_line_per_framework(tmp_path: Path) -> None:
    text = (GOOD / "minimal.toml").read_text(encoding="utf-8")
    multi = tmp_path / "multi.toml"
    multi.write_text(
        text.replace('title = "Minimal framework"', 'title = """Minimal\n\tframework"""'),
        encoding="utf-8",
    )
    assert ppf("framework", "add", multi).returncode == 0
    assert "minimal\t1\tMinimal framework" in ppf("framework", "list").stdout.splitlines()


def test_export_prints_the_exact_installed_file(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.toml"
    crlf.write_bytes((GOOD / "full.toml").read_bytes().replace(b"\n", b"\r\n"))
    assert ppf("framework", "add", crlf).returncode == 0
    out = subprocess.run(
        [sys.executable, "-m", "ppf_app.cli.main", "framework", "export", "team-practice@1.2"],
        capture_output=True,
        cwd=REPO,
        timeout=60,
    )
    assert out.returncode == 0
    assert out.stdout == crlf.read_bytes()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nope", "no framework 'nope' is installed; installed: ppf@"),
        ("ppf@0.0.0", "framework 'ppf' has no version '0.0.0'; installed versions: "),
        ("ppf@", "'ppf@' has no version after '@'"),
    ],
)
def test_export_of_an_unknown_framework_is_bad_input(spec: str, message: str) -> None:
    result = ppf("framework", "export", spec)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(message)
