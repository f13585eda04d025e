"""Render the app icon's PNG sizes, the Windows ``.ico`` and the macOS ``.icns`` from the SVG.

Run after changing ``resources/icons/ppf-self-assessment.svg``::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

Qt's own SVG renderer (PySide6-Essentials) draws each size, so nothing outside the
project's dependencies is needed. Both container formats hold PNG images, which every
supported Windows and macOS version reads.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

ICON_NAME = "ppf-self-assessment"
ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG_PATH = ICONS_DIR / f"{ICON_NAME}.svg"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's type codes for PNG-bearing icon entries, by pixel size.
ICNS_TYPES = (
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def png_path(size: int, icons_dir: Path = ICONS_DIR) -> Path:
    return icons_dir / f"{ICON_NAME}-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent ``size`` x ``size`` canvas, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render_png.app = QGuiApplication([])  # type: ignore[attr-defined]
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: Iterable[tuple[int, bytes]]) -> bytes:
    """A Windows icon file whose entries are PNG images."""
    entries = list(pngs)
    header = struct.pack("<HHH", 0, 1, len(entries))
    offset = len(header) + 16 * len(entries)
    directory = b""
    for size, png in entries:
        side = 0 if size >= 256 else size  # 0 stands for 256 in the ICO directory
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + directory + b"".join(png for _, png in entries)


def icns_bytes(pngs_by_size: dict[int, bytes]) -> bytes:
    """A macOS icon file whose entries are PNG images."""
    body = b""
    for code, size in ICNS_TYPES:
        png = pngs_by_size[size]
        body += code + struct.pack(">I", 8 + len(png)) + png
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def render_all(svg: Path = SVG_PATH, icons_dir: Path = ICONS_DIR) -> list[Path]:
    """Write every PNG size, the ``.ico`` and the ``.icns``; return the paths written."""
    sizes = sorted(set(PNG_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: render_png(svg, size) for size in sizes}
    written = []
    for size in PNG_SIZES:
        write_atomic(png_path(size, icons_dir), pngs[size])
        written.append(png_path(size, icons_dir))
    ico = icons_dir / f"{ICON_NAME}.ico"
    write_atomic(ico, ico_bytes((size, pngs[size]) for size in ICO_SIZES))
    icns = icons_dir / f"{ICON_NAME}.icns"
    write_atomic(icns, icns_bytes(pngs))
    return [*written, ico, icns]


if __name__ == "__main__":
    for written_path in render_all():
        print(written_path)
    sys.exit(0)
