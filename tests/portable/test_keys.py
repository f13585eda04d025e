"""Each data folder's signing key: made on first use, owner-only, never exported nor
backed up; its fingerprint short enough to read aloud; keys trusted per person."""

from __future__ import annotations

import re
import stat
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.domain import canonical
from ppf_app.services import keys, people, portable
from ppf_app.services.library import open_library
from tests.portable.helpers import signer_of

FINGERPRINT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$")


def test_ppf_key_show_makes_the_key_once_and_prints_its_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "data"
    assert cli_main(["--data-dir", str(folder), "key", "show"]) == 0
    first = capsys.readouterr().out.strip()
    assert FINGERPRINT.match(first), first
    key_file = folder / "signing-key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    made = key_file.read_bytes()
    assert cli_main(["--data-dir", str(folder), "key", "show", "--public-key"]) == 0
    fingerprint, public = capsys.readouterr().out.strip().split("\t")
    assert fingerprint == first and key_file.read_bytes() == made
    assert canonical.fingerprint(canonical.from_b64(public) or b"") == first


def test_the_private_key_never_leaves_the_data_folder(tmp_path: Path):
    folder = tmp_path / "data"
    out = tmp_path / "ann.json"
    with open_library(folder) as lib:
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        portable.export_person(lib, ann.id, out)
        people.update_person(lib, ann.id, job_title="Matron")  # a change, so a backup
    private = keys.key_in(folder).private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pem = (folder / "signing-key.pem").read_bytes()
    secrets = (private, canonical.b64(private).encode(), pem.splitlines()[1])
    backups = list((folder / "backups").iterdir())
    assert backups, "a backup was made"
    for written in [out, *backups]:
        data = written.read_bytes()
        assert not any(secret in data for secret in secrets), written


def test_two_processes_making_the_key_at_once_get_the_same_one(tmp_path: Path):
    folder = tmp_path / "data"
    found: list[str] = []

    def make() -> None:
        found.append(keys.key_in(folder).public.fingerprint)

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1 and len(found) == 8
    assert [p.name for p in folder.iterdir()] == ["signing-key.pem"]


def test_a_damaged_key_file_is_refused_saying_what_to_do(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "signing-key.pem").write_bytes(b"not a key")
    with pytest.raises(UserError) as caught:
        keys.key_in(folder)
    assert caught.value.problems[0].endswith("is not this product's signing key (damaged?).")
    assert "Move the file away" in caught.value.problems[1]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("7kq2-m4xp-abcd-efgh-jkmn", "7KQ2-M4XP-ABCD-EFGH-JKMN"),
        ("7KQ2 M4XP ABCD EFGH JKMN", "7KQ2-M4XP-ABCD-EFGH-JKMN"),
        ("OIL2-M4XP-ABCD-EFGH-JKMN", "0112-M4XP-ABCD-EFGH-JKMN"),  # as read aloud
        ("7KQ2-M4XP-ABCD-EFGH-JKM", None),
        ("7KQ2-M4XP-ABCD-EFGH-JKMU", None),
    ],
)
def test_a_fingerprint_as_typed(typed: str, written: str | None):
    assert canonical.normal_fingerprint(typed) == written


def test_a_key_is_trusted_for_one_person_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    sender, receiver = tmp_path / "sender", tmp_path / "receiver"
    with open_library(sender) as lib:
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        bo = people.add_person(lib, name="Bo", professional_group="manager")
        portable.export_person(lib, ann.id, tmp_path / "ann.json")
        portable.export_person(lib, bo.id, tmp_path / "bo.json")
    fingerprint = signer_of(tmp_path / "ann.json")
    argv = ["--data-dir", str(receiver), "import"]
    assert cli_main([*argv, str(tmp_path / "ann.json"), "--trust", fingerprint.lower()]) == 0
    assert cli_main([*argv, str(tmp_path / "ann.json")]) == 0  # known now, for Ann
    assert cli_main([*argv, str(tmp_path / "bo.json")]) == 2  # not for Bo
    capsys.readouterr()
    assert cli_main(["--data-dir", str(receiver), "key", "known"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    person, name, known, trusted_on = line.split("\t")
    assert (person, name, known) == ("1", "Ann", fingerprint)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", trusted_on)


def test_a_replaced_computer_is_a_new_key_confirmed_once(tmp_path: Path):
    old, new, appraiser = tmp_path / "old", tmp_path / "new", tmp_path / "appraiser"
    with open_library(old) as lib:
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        portable.export_person(lib, ann.id, tmp_path / "from-old.json")
    with open_library(appraiser) as lib:
        portable.import_portable(
            lib, tmp_path / "from-old.json", trust=signer_of(tmp_path / "from-old.json")
        )
    # Ann's new computer: her record brought over, then a file from it (a new key).
    with open_library(new) as lib:
        portable.import_portable(
            lib, tmp_path / "from-old.json", trust=signer_of(tmp_path / "from-old.json")
        )
        portable.export_person(lib, 1, tmp_path / "from-new.json")
    new_key = signer_of(tmp_path / "from-new.json")
    with open_library(appraiser) as lib:
        with pytest.raises(UserError) as caught:
            portable.import_portable(lib, tmp_path / "from-new.json")
        assert new_key in caught.value.problems[0]
        assert signer_of(tmp_path / "from-old.json") in caught.value.problems[0]
        portable.import_portable(lib, tmp_path / "from-new.json", trust=new_key)
        portable.import_portable(lib, tmp_path / "from-new.json")  # confirmed once
        assert [k.fingerprint for k in keys.known_keys(lib)] == [
            signer_of(tmp_path / "from-old.json"),
            new_key,
        ]
