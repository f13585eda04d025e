"""Passphrase-protected portable files: nothing readable without the passphrase; a wrong
passphrase, a changed or damaged file says so and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.services import people, portable, portable_encryption
from ppf_app.services.library import open_library
from tests.portable.exchange import database_sha256

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def protected(tmp_path: Path) -> tuple[Path, str]:
    """A protected file of Ann's record, and the fingerprint of the key that signed it."""
    out = tmp_path / "ann.ppf"
    with open_library(tmp_path / "sender") as lib:
        ann = people.add_person(
            lib, name="Ann Ward", professional_group="clinician", job_title="Ward sister"
        )
        portable.export_person(lib, ann.id, out, passphrase=PASSPHRASE)
        from ppf_app.services import keys

        return out, keys.library_key(lib).public.fingerprint


def receiver(tmp_path: Path) -> Path:
    folder = tmp_path / "receiver"
    with open_library(folder):
        pass
    return folder


def test_the_protected_file_shows_nothing_of_its_content(protected: tuple[Path, str]):
    out, _ = protected
    data = out.read_bytes()
    assert portable.is_encrypted(data)
    for secret in (b"Ann Ward", b"Ward sister", b"clinician", b'ppf-portable"'):
        assert secret not in data
    envelope = json.loads(data)
    assert envelope["kdf"]["name"] == "scrypt" and envelope["cipher"] == "AES-256-GCM"


def test_the_right_passphrase_imports_it(protected: tuple[Path, str], tmp_path: Path):
    out, fingerprint = protected
    with open_library(receiver(tmp_path)) as lib:
        summary = portable.preview_import(lib, out, passphrase=PASSPHRASE)
        assert summary.added[0] == "person Ann Ward (clinician)"
        done = portable.import_portable(lib, out, passphrase=PASSPHRASE, trust=fingerprint)
        assert done.person.name == "Ann Ward"


def test_no_passphrase_or_a_wrong_one_writes_nothing(protected: tuple[Path, str], tmp_path: Path):
    out, fingerprint = protected
    folder = receiver(tmp_path)
    before = database_sha256(folder)
    with open_library(folder) as lib:
        with pytest.raises(portable.PassphraseNeeded):
            portable.preview_import(lib, out)
        with pytest.raises(UserError) as caught:
            portable.import_portable(lib, out, passphrase="wrong horse", trust=fingerprint)
    assert caught.value.problems == [
        f"{out}: the passphrase is wrong, or the file was changed or damaged after it was "
        "protected; nothing was imported"
    ]
    assert database_sha256(folder) == before


@pytest.mark.parametrize("part", ["ciphertext", "nonce", "salt", "cost"])
def test_a_changed_or_damaged_protected_file_is_refused(
    protected: tuple[Path, str], tmp_path: Path, part: str
):
    out, fingerprint = protected
    envelope = json.loads(out.read_text(encoding="utf-8"))
    if part == "ciphertext":
        text = envelope["ciphertext"]
        envelope["ciphertext"] = text[:40] + ("A" if text[40] != "A" else "B") + text[41:]
    elif part == "nonce":
        envelope["nonce"] = "AAAAAAAAAAAAAAAA"
    elif part == "salt":
        envelope["kdf"]["salt"] = "AAAAAAAAAAAAAAAAAAAAAA=="
    else:
        envelope["kdf"]["n"] = 2**16
    out.write_text(json.dumps(envelope), encoding="utf-8")
    folder = receiver(tmp_path)
    before = database_sha256(folder)
    with open_library(folder) as lib, pytest.raises(UserError) as caught:
        portable.import_portable(lib, out, passphrase=PASSPHRASE, trust=fingerprint)
    assert "the passphrase is wrong, or the file was changed or damaged" in caught.value.problems[0]
    assert database_sha256(folder) == before


@pytest.mark.parametrize(
    "change",
    [
        {"kdf": {"name": "scrypt", "salt": "AAAAAAAAAAAAAAAAAAAAAA==", "n": 2**30, "r": 8, "p": 1}},
        {"cipher": "ROT13"},
        {"ciphertext": 5},
        {"extra": True},
    ],
)
def test_an_envelope_asking_too_much_or_not_ours_is_refused_at_once(
    protected: tuple[Path, str], tmp_path: Path, change: dict[str, object]
):
    out, _ = protected
    envelope = json.loads(out.read_text(encoding="utf-8"))
    envelope.update(change)
    out.write_text(json.dumps(envelope), encoding="utf-8")
    with open_library(receiver(tmp_path)) as lib, pytest.raises(UserError) as caught:
        portable.preview_import(lib, out, passphrase=PASSPHRASE)
    assert "is damaged (its envelope cannot be read)" in caught.value.problems[0]


def test_an_envelope_asking_for_too_much_memory_is_refused_at_once(
    protected: tuple[Path, str], tmp_path: Path
):
    out, _ = protected
    envelope = json.loads(out.read_text(encoding="utf-8"))
    envelope["kdf"].update(n=2**20, r=32)
    out.write_text(json.dumps(envelope), encoding="utf-8")
    with open_library(receiver(tmp_path)) as lib, pytest.raises(UserError) as caught:
        portable.preview_import(lib, out, passphrase=PASSPHRASE)
    assert caught.value.problems == [
        f"{out}: kdf: asks for more memory than a protected file needs; nothing was imported"
    ]


def test_a_short_passphrase_is_refused_and_nothing_written(tmp_path: Path):
    with open_library(tmp_path / "sender") as lib:
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        with pytest.raises(UserError, match="at least 8 characters"):
            portable.export_person(lib, ann.id, tmp_path / "x.ppf", passphrase="short")
    assert not (tmp_path / "x.ppf").exists()


def test_the_command_line_protects_and_opens_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    sender, other = tmp_path / "sender", tmp_path / "other"
    with open_library(sender) as lib:
        people.add_person(lib, name="Ann", professional_group="clinician")
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    out = tmp_path / "ann.ppf"
    base = ["--data-dir", str(sender)]
    assert cli_main([*base, "export", "--person", "1", "--out", str(out), "--passphrase-file",
                     str(secret)]) == 0  # fmt: skip
    assert portable_encryption.is_encrypted(out.read_bytes())
    assert cli_main([*base, "key", "show"]) == 0
    fingerprint = capsys.readouterr().out.splitlines()[-1]
    # Not in a terminal and no passphrase given: refused, saying how to give it.
    assert cli_main(["--data-dir", str(other), "import", str(out), "--trust", fingerprint]) == 2
    assert "--passphrase-file" in capsys.readouterr().err
    assert cli_main(["--data-dir", str(other), "import", str(out), "--trust", fingerprint,
                     "--passphrase-file", str(secret)]) == 0  # fmt: skip
    captured = capsys.readouterr()
    assert captured.out == "1\n"
    assert "add: person Ann (clinician)" in captured.err
