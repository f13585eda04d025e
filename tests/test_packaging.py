"""The installable app: icon files, Linux menu entry and AppStream data, and the built bundle.

The slow tests build ``packaging/ppf.spec`` with PyInstaller into a temporary folder and
run the built programs, so a resource or a late import the spec forgot fails here rather
than on a user's computer.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from ppf_app import __version__
from tests.conftest import REPO_ROOT
from tests.test_privacy import bundled_ratings

PACKAGING = REPO_ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = REPO_ROOT / "resources" / "icons"
APP_ID = "io.github.ppf_self_assessment.PPFSelfAssessment"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{APP_ID}.metainfo.xml"
NHS_BLUE = (0x00, 0x5E, 0xB8)
IS_LINUX = sys.platform.startswith("linux")
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

pytestmark = pytest.mark.packaging


def load_render_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def ensure_tool(command: str, debian_package: str) -> str | None:
    """The path of a Debian tool, installing its (small) package when root with apt-get."""
    found = shutil.which(command)
    if found or not IS_LINUX or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", debian_package]
    if subprocess.run(install, env=env, capture_output=True, timeout=300).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=300)
        subprocess.run(install, env=env, capture_output=True, timeout=300)
    return shutil.which(command)


# -- the icon ---------------------------------------------------------------------------------


def test_icon_pngs_exist_at_every_size() -> None:
    render_icons = load_render_icons()
    for size in render_icons.PNG_SIZES:
        path = render_icons.png_path(size)
        assert png_size(path.read_bytes()) == (size, size), path.name
    assert {16, 32, 48, 256, 512} <= set(render_icons.PNG_SIZES)


def test_icon_pngs_are_renderings_of_the_svg(qapp: object) -> None:
    """The committed PNGs match a fresh rendering, so a changed SVG cannot ship stale PNGs."""
    from PySide6.QtGui import QImage

    render_icons = load_render_icons()
    for size in render_icons.PNG_SIZES:
        committed = QImage.fromData(render_icons.png_path(size).read_bytes())
        fresh = QImage.fromData(render_icons.render_png(render_icons.SVG_PATH, size))
        committed = committed.convertToFormat(QImage.Format.Format_ARGB32)
        fresh = fresh.convertToFormat(QImage.Format.Format_ARGB32)
        a, b = bytes(committed.constBits()), bytes(fresh.constBits())
        assert len(a) == len(b)
        worst = max(abs(x - y) for x, y in zip(a, b, strict=True))
        assert worst <= 24, f"{size}px PNG differs from the SVG; run packaging/render_icons.py"

    big = QImage.fromData(render_icons.png_path(256).read_bytes())
    assert big.pixelColor(0, 0).alpha() == 0, "corners are transparent"
    edge = big.pixelColor(20, 128)
    assert (edge.red(), edge.green(), edge.blue(), edge.alpha()) == (*NHS_BLUE, 255)
    mark = big.pixelColor(180, 180)
    assert (mark.red(), mark.green(), mark.blue()) == (255, 255, 255), "the white mark"


def test_windows_icon_holds_png_entries_up_to_256() -> None:
    data = (ICONS / "ppf-self-assessment.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for index in range(count):
        side, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        width, height = png_size(data[offset : offset + length])
        assert width == height == (side or 256)
        sizes.add(width)
    assert {16, 32, 48, 256} <= sizes


def test_macos_icon_holds_png_entries_up_to_512() -> None:
    data = (ICONS / "ppf-self-assessment.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    position, sizes = 8, set()
    while position < len(data):
        length = struct.unpack(">I", data[position + 4 : position + 8])[0]
        sizes.add(png_size(data[position + 8 : position + length])[0])
        position += length
    assert position == len(data)
    assert {128, 256, 512} <= sizes


# -- Linux menu entry and AppStream data -----------------------------------------------------


def read_desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_entry_starts_the_app_from_the_menu() -> None:
    entry = read_desktop_entry(DESKTOP_FILE)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "PPF Self-Assessment"
    # %F: a file opened with the app from the file manager reaches it as an argument
    assert entry["Exec"] == "ppf-app %F"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    categories = entry["Categories"].rstrip(";").split(";")
    assert {"Office", "Education", "MedicalSoftware"} <= set(categories)
    assert entry["Comment"]


def test_desktop_entry_passes_desktop_file_validate() -> None:
    tool = ensure_tool("desktop-file-validate", "desktop-file-utils")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    result = subprocess.run([tool, str(DESKTOP_FILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error:" not in result.stdout


def test_metainfo_describes_this_app_and_version() -> None:
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == "PPF Self-Assessment"
    assert root.findtext("summary")
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert {b.text for b in root.iter("binary")} == {"ppf-app", "ppf"}
    releases = [r.get("version") for r in root.iter("release")]
    assert releases and releases[0] == __version__, "add a <release> for the new version"


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = ensure_tool("appstreamcli", "appstream")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian: appstream)")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- the built bundle -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``packaging/ppf.spec`` built with PyInstaller into a temporary folder: ``dist/ppf``."""
    base = tmp_path_factory.mktemp("pyinstaller")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(base / "dist"), "--workpath", str(base / "build"),
        str(PACKAGING / "ppf.spec"),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr[-4000:]
    yield base / "dist" / "ppf"


def run_built(
    bundle: Path, program: str, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(bundle / (program + EXE_SUFFIX)), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=bundle.parent,
    )


@pytest.mark.slow
def test_built_cli_prints_its_version(bundle: Path) -> None:
    result = run_built(bundle, "ppf", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ppf {__version__}"


@pytest.mark.slow
def test_built_app_starts_and_quits_offscreen(bundle: Path, tmp_path: Path) -> None:
    library = tmp_path / "library"
    result = run_built(bundle, "ppf-app", "--smoke", "--data-dir", str(library))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (library / "library.sqlite3").is_file(), "the app opened (created) its library"


@pytest.mark.slow
def test_built_cli_lists_the_bundled_framework_like_the_source(
    bundle: Path, tmp_path: Path
) -> None:
    built = run_built(bundle, "ppf", "--data-dir", str(tmp_path / "a"), "framework", "list")
    assert built.returncode == 0, built.stderr
    source_ppf = [sys.executable, "-m", "ppf_app.cli.main", "--data-dir", str(tmp_path / "b")]
    source = subprocess.run(
        [*source_ppf, "framework", "list"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert source.returncode == 0, source.stderr
    assert built.stdout == source.stdout
    assert built.stdout.startswith("ppf\t")


@pytest.mark.slow
def test_built_cli_runs_a_workflow_on_a_real_library(bundle: Path, tmp_path: Path) -> None:
    """Database, migrations, CSV import, PDF with fonts, portable file: all from the bundle."""
    library = str(tmp_path / "library")

    def ppf(*args: str, data_dir: str = library) -> str:
        result = run_built(bundle, "ppf", "--data-dir", data_dir, *args)
        assert result.returncode == 0, f"ppf {' '.join(args)}: {result.stderr}"
        return result.stdout.strip()

    person = ppf("person", "add", "--name", "Siobhán Ní Bhriain", "--group", "manager")
    assert "Siobhán Ní Bhriain" in ppf("person", "list")
    ratings = bundled_ratings(tmp_path / "ratings.csv")
    assert ppf("assess", "import", "--person", person, "--ratings", str(ratings))

    pdf = tmp_path / "plan.pdf"
    assert ppf("plan", "--person", person, "--out", str(pdf)) == str(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Siobhán Ní Bhriain" in text, "the bundled fonts draw every letter of the name"

    portable = tmp_path / "person.ppf"
    ppf("export", "--person", person, "--out", str(portable))
    other = str(tmp_path / "other")
    ppf("import", str(portable), "--trust", ppf("key", "show"), data_dir=other)
    assert "Siobhán Ní Bhriain" in ppf("person", "list", data_dir=other)
    assert ppf("backup", "list").startswith("library-")


@pytest.mark.slow
def test_bundle_holds_every_resource_and_migration(bundle: Path) -> None:
    internal = bundle / "_internal"
    resources = REPO_ROOT / "resources"
    for source in resources.rglob("*"):
        if source.is_file():
            built = internal / "resources" / source.relative_to(resources)
            assert built.read_bytes() == source.read_bytes(), built
    migrations = REPO_ROOT / "ppf_app" / "storage" / "migrations"
    for source in migrations.rglob("*.py"):
        if "__pycache__" not in source.parts:
            built = internal / source.relative_to(REPO_ROOT)
            assert built.is_file(), f"migration script missing from the bundle: {built}"


@pytest.mark.slow
def test_bundle_leaves_out_unused_qt_modules(bundle: Path) -> None:
    qt = bundle / "_internal" / "PySide6"
    present = {p.name.split(".")[0] for p in qt.iterdir() if p.name.startswith("Qt")}
    assert {"QtCore", "QtGui", "QtWidgets"} <= present
    assert not present & {"QtNetwork", "QtQml", "QtQuick", "QtDesigner", "QtSql", "QtTest"}


@pytest.mark.slow
@pytest.mark.skipif(not IS_LINUX, reason="the Linux installer")
def test_linux_installer_puts_programs_menu_entry_and_icons_in_place(
    bundle: Path, tmp_path: Path
) -> None:
    prefix = tmp_path / "prefix"
    installed = subprocess.run(
        [str(bundle / "install.sh"), "--prefix", str(prefix)], capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    version = subprocess.run([str(prefix / "bin" / "ppf"), "--version"], capture_output=True)
    assert version.stdout.decode().strip() == f"ppf {__version__}"

    desktop = prefix / "share" / "applications" / DESKTOP_FILE.name
    assert read_desktop_entry(desktop)["Exec"] == f"{prefix / 'bin' / 'ppf-app'} %F"
    assert (prefix / "share" / "metainfo" / METAINFO_FILE.name).is_file()
    for size in (16, 48, 256, 512):
        icon = prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(icon.read_bytes()) == (size, size)

    removed = subprocess.run(
        [str(bundle / "install.sh"), "--prefix", str(prefix), "--uninstall"],
        capture_output=True,
        text=True,
    )
    assert removed.returncode == 0, removed.stderr
    assert not (prefix / "bin" / "ppf").exists()
    assert not desktop.exists()
    assert not (prefix / "lib" / "ppf-self-assessment").exists()
