"""Forged portable files, tried as an adversary would: each is refused, with the
database's bytes unchanged, or applied only as the import's summary says.

The scene (:mod:`tests.portable.exchange`): Ann's computer and Grace's, an appraisal
exchanged both ways with each key confirmed once, signed in the meeting on Ann's
computer, the signed record imported on Grace's. A forger can edit any file in transit
and recompute its checksum; they may have a key of their own, but not Ann's or Grace's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.domain import portable_format as fmt
from ppf_app.services import appraisal, assessments, people, portable
from ppf_app.services.library import open_library
from tests.portable.exchange import (
    APPRAISEE,
    Exchange,
    database_sha256,
    load,
    make_exchange,
    member,
    signed_record,
    tables,
    write,
)
from tests.portable.helpers import as_version, key_of, seal, signer_of

FORGER = Ed25519PrivateKey.generate()


def forged(ex: Exchange, name: str, change: Callable[[dict[str, Any]], None], *, key: Any) -> Path:
    """The signed file changed by ``change``; its checksum recomputed, and signed again by
    ``key`` (None: the original signature left as it was)."""
    document = load(ex.signed)
    change(document)
    if key is None:
        document["checksum"] = fmt.content_checksum(document)
    else:
        seal(document, key)
    return write(ex.root / name, document)


def refused(folder: Path, path: Path, *, trust: str | None = None) -> list[str]:
    """Import ``path`` into ``folder``: it must be refused, the database's bytes as they
    were; the refusal's lines."""
    before = database_sha256(folder)
    with open_library(folder) as lib, pytest.raises(UserError) as caught:
        portable.import_portable(lib, path, trust=trust)
    assert database_sha256(folder) == before
    return caught.value.problems


def forge_agreed_rating(document: dict[str, Any]) -> None:
    """The issue's first forgery: a signed agreed rating from 4 to 1, evidence FORGED."""
    record = signed_record(document)
    agreed = member(document, record["agreed_assessment_uid"])
    first = next(r for r in agreed["ratings"] if r["level"] == 4)
    first.update(level=1, evidence="FORGED")


def fresh(ex: Exchange) -> Path:
    """A library on a third computer that has never seen the original."""
    folder = ex.root / "third"
    with open_library(folder):
        pass
    return folder


# -- the cases ------------------------------------------------------------------------


def test_a_forged_signed_rating_with_a_recomputed_checksum_is_refused(ex: Exchange):
    bad = forged(ex, "forged.json", forge_agreed_rating, key=None)
    third = fresh(ex)
    # Even told to trust Ann's real key, the third library refuses: the file's signature
    # is of other content.
    problems = refused(third, bad, trust=ex.fingerprint(ex.appraisee))
    assert problems == [
        f"{bad}: signature: does not match the file's content: the file was changed after it "
        "was signed (or the signature was copied from another file); it is refused. Ask for "
        "a new export"
    ]
    refused(ex.appraiser, bad)  # Grace's library, which holds the signed original


def test_the_forgery_signed_again_with_the_forgers_key_is_refused_everywhere(ex: Exchange):
    bad = forged(ex, "forged.json", forge_agreed_rating, key=FORGER)
    # Where Ann's key is known, and on a third computer whose user even trusts the
    # forger's key: the sign-off's signatures are of other content, so the signed
    # appraisal is never imported.
    assert refused(ex.appraiser, bad) == refused(fresh(ex), bad, trust=signer_of(bad))
    problems = refused(ex.appraisee, bad)
    assert any("appraisal_records[0].signatures[0]: the appraisee's signature is of other "
               "content" in line for line in problems), problems  # fmt: skip
    assert all("not imported" in line for line in problems)


def test_clearing_the_sign_off_and_changing_a_rating(ex: Exchange):
    def unsign(document: dict[str, Any]) -> None:
        forge_agreed_rating(document)
        record = signed_record(document)
        record.update(signed_at=None, signed_by_appraisee="", signed_by_appraiser="", signatures=[])

    refused(ex.appraiser, forged(ex, "unsigned.json", unsign, key=None))
    bad = forged(ex, "unsigned-resigned.json", unsign, key=FORGER)
    assert "NOT the key known" in refused(ex.appraiser, bad)[0]
    # Grace's own key, stolen, signing it: the signed record here is left as signed,
    # and the summary says so; the forged rating never reaches it.
    stolen = forged(ex, "unsigned-grace.json", unsign, key=key_of(ex.appraiser))
    before = tables(ex.appraiser)
    with open_library(ex.appraiser) as lib:
        summary = portable.preview_import(lib, stolen)
        done = portable.import_portable(lib, stolen, expected=summary)
    assert any("agreed levels of" in line and "signed here; it stays as signed" in line
               for line in summary.kept), summary.kept  # fmt: skip
    assert any("appraisal of 2026-03-20: signed here; it stays as signed" in line
               for line in summary.kept)  # fmt: skip
    assert summary.changed == () and summary.added == ()
    assert done.summary is not None and done.summary.same_as(summary)
    assert tables(ex.appraiser) == before


def test_a_version_1_label_cannot_skip_the_checks(ex: Exchange):
    def downgrade(document: dict[str, Any]) -> None:
        forge_agreed_rating(document)
        document["version"] = 1
        del document["checksum"]

    document = load(ex.signed)
    downgrade(document)
    bad = write(ex.root / "v1.json", document)
    problems = refused(fresh(ex), bad)
    assert f"{bad}: appraisal_records: a version 1 file has no 'appraisal_records' (added in " \
        "version 3); the file is not what its version says" in problems  # fmt: skip
    assert f"{bad}: signature: a version 1 file has no 'signature' (added in version 3); " \
        "the file is not what its version says" in problems  # fmt: skip
    # Stripped of everything version 1 did not have, it is an unsigned file about someone
    # whose files are signed here: refused.
    stripped = write(ex.root / "v1-stripped.json", as_version(load(ex.signed), 1))
    assert "not signed, about someone whose files are signed" in refused(ex.appraiser, stripped)[0]


def test_a_version_2_file_with_a_signed_appraisal_is_refused(ex: Exchange):
    document = as_version(load(ex.signed), 2)
    record = signed_record(load(ex.signed))
    document["appraisals"] = [
        {
            "assessment_uid": record["agreed_assessment_uid"],
            "reviews_uid": record["self_assessment_uid"],
            "rated_by": "Grace Hopper",
            "signed_at": record["signed_at"],
            "signed_by_appraisee": APPRAISEE,
            "signed_by_appraiser": "Grace Hopper",
        }
    ]
    document["checksum"] = fmt.content_checksum(document)
    bad = write(ex.root / "v2.json", document)
    problems = refused(fresh(ex), bad)
    assert problems == [
        f"{bad}: appraisals[0].signed_at: a signed appraisal in a version 2 file carries no "
        "signatures, so its sign-off cannot be checked; ask for a new export from the current "
        "version of the app"
    ]


def test_a_signed_record_without_its_signatures_is_refused(ex: Exchange):
    def strip(document: dict[str, Any]) -> None:
        signed_record(document)["signatures"] = []

    problems = refused(fresh(ex), forged(ex, "bare.json", strip, key=FORGER), trust=None)
    assert any("the signed appraisal has no appraisee's signature" in line for line in problems)


def test_a_rename_is_refused_from_a_stranger_and_asked_for_from_a_known_key(ex: Exchange):
    def rename(document: dict[str, Any]) -> None:
        document["person"]["name"] = "Mallory Other"
        document["person"]["updated_at"] = datetime.now(UTC).isoformat()

    assert "NOT the key known" in refused(ex.appraiser, forged(ex, "r.json", rename, key=FORGER))[0]
    # Signed by the key Grace's library knows for Ann (Ann's own, say): the import says it
    # renames her and needs --yes; without it nothing changes.
    renamed = forged(ex, "renamed.json", rename, key=key_of(ex.appraisee))
    before = database_sha256(ex.appraiser)
    assert cli_main(["--data-dir", str(ex.appraiser), "import", str(renamed)]) == 2
    assert database_sha256(ex.appraiser) == before
    with open_library(ex.appraiser) as lib:
        summary = portable.preview_import(lib, renamed)
    assert summary.changed == ("person Ann Ward: name 'Ann Ward' to 'Mallory Other'",)
    assert summary.needs_yes
    assert cli_main(["--data-dir", str(ex.appraiser), "import", str(renamed), "--yes"]) == 0
    # The original, older file does not rename her back: this library's copy is newer.
    with open_library(ex.appraiser) as lib:
        again = portable.import_portable(lib, ex.signed)
        assert people.list_people(lib)[0].name == "Mallory Other"
    assert again.summary is not None
    kept = "person Mallory Other (the file has name 'Mallory Other' to 'Ann Ward'): changed here"
    assert any(line.startswith(kept) for line in again.summary.kept), again.summary.kept


def test_a_newer_self_rating_never_overwrites_what_was_signed(ex: Exchange):
    def newer_self(document: dict[str, Any]) -> None:
        record = signed_record(document)
        own = member(document, record["self_assessment_uid"])
        own["ratings"][0].update(level=1, evidence="rewritten")
        own["updated_at"] = datetime.now(UTC).isoformat()

    # Even signed by Ann's own key (stolen): the sign-off's signatures no longer match the
    # record the file carries, so the whole file is refused.
    bad = forged(ex, "newer-self.json", newer_self, key=key_of(ex.appraisee))
    problems = refused(ex.appraiser, bad)
    assert any("the appraisee's signature is of other content" in line for line in problems)

    # Without the signed record in the file, the self assessment still belongs to the
    # appraisal signed on Grace's computer: left as signed, and the summary says so.
    def without_record(document: dict[str, Any]) -> None:
        newer_self(document)
        document["appraisal_records"] = []

    bare = forged(ex, "newer-self-bare.json", without_record, key=key_of(ex.appraisee))
    before = tables(ex.appraiser)
    with open_library(ex.appraiser) as lib:
        done = portable.import_portable(lib, bare, allow_changes=False)
    assert tables(ex.appraiser) == before
    assert done.summary is not None and done.summary.changes_nothing
    assert any(
        line.startswith("self assessment of 2026-03-02 (ppf 2026.1): belongs to an appraisal "
                        "signed here; it stays as signed")
        for line in done.summary.kept
    ), done.summary.kept  # fmt: skip


def test_a_signature_copied_from_another_file_is_refused(ex: Exchange):
    other = load(ex.rated)  # signed by Grace's library
    bad = forged(
        ex, "copied.json", lambda d: d.update(signature=copy.deepcopy(other["signature"])), key=None
    )
    assert "signature: does not match the file's content" in refused(ex.appraiser, bad)[0]


def test_a_sign_off_signature_copied_from_another_appraisal_is_refused(
    ex: Exchange, made: Exchange, tmp_path: Path
):
    second = make_exchange(tmp_path / "second")  # another appraisal, other keys
    theirs = signed_record(load(second.signed))["signatures"]

    def transplant(document: dict[str, Any]) -> None:
        signed_record(document)["signatures"] = copy.deepcopy(theirs)

    problems = refused(fresh(ex), forged(ex, "transplant.json", transplant, key=FORGER), trust=None)
    assert any("is of other content" in line for line in problems), problems


def test_one_evidence_character_changed_is_refused(ex: Exchange):
    def one_character(document: dict[str, Any]) -> None:
        record = signed_record(document)
        own = member(document, record["self_assessment_uid"])
        text = own["ratings"][3]["evidence"]
        own["ratings"][3]["evidence"] = text[:-1] + ("X" if text[-1] != "X" else "Y")

    bad = forged(ex, "one-char.json", one_character, key=FORGER)
    problems = refused(fresh(ex), bad, trust=signer_of(bad))
    assert len(problems) == 2  # both roles' signatures
    assert all("signature is of other content" in line for line in problems)


def test_a_file_signed_again_with_an_unknown_key(ex: Exchange):
    bad = forged(ex, "unknown-key.json", lambda d: None, key=FORGER)
    problems = refused(ex.appraiser, bad)
    assert problems[0] == (
        f"{bad}: signed by {signer_of(bad)}, which is NOT the key known for Ann Ward "
        f"({ex.fingerprint(ex.appraisee)}); nothing was imported"
    )
    # Told to trust a different fingerprint than the file's: refused too.
    assert "not by" in refused(ex.appraiser, bad, trust=ex.fingerprint(ex.appraisee))[0]


def test_a_replayed_older_file_changes_nothing_and_says_what_it_leaves(ex: Exchange):
    # Grace's first file (her ratings, before the meeting) played back to Ann's library.
    before = tables(ex.appraisee)
    with open_library(ex.appraisee) as lib:
        done = portable.import_portable(lib, ex.rated)
    assert tables(ex.appraisee) == before
    assert done.summary is not None and done.summary.changes_nothing
    assert any("belongs to an appraisal signed here" in line for line in done.summary.kept)
    assert any("appraisal of 2026-03-20: signed here" in line for line in done.summary.kept)


def test_a_time_far_in_the_future_is_refused(ex: Exchange):
    def future(document: dict[str, Any]) -> None:
        document["person"]["updated_at"] = "2099-01-01T00:00:00Z"

    bad = forged(ex, "future.json", future, key=key_of(ex.appraisee))
    problems = refused(ex.appraiser, bad)
    assert problems[0].startswith(
        f"{bad}: person.updated_at: 2099-01-01T00:00:00+00:00 is in the future"
    )


def test_a_forged_file_through_the_command_line_exits_2_and_changes_nothing(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
):
    bad = forged(ex, "forged.json", forge_agreed_rating, key=FORGER)
    before = database_sha256(ex.appraiser)
    assert cli_main(["--data-dir", str(ex.appraiser), "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "appraisal_records[0].signatures[0]: the appraisee's signature is of other" in err
    assert database_sha256(ex.appraiser) == before
    resigned = forged(ex, "resigned.json", lambda d: None, key=FORGER)
    assert cli_main(["--data-dir", str(ex.appraiser), "import", str(resigned)]) == 2
    err = capsys.readouterr().err
    assert f"signed by {signer_of(resigned)}, which is NOT the key known for Ann Ward" in err
    assert database_sha256(ex.appraiser) == before


# -- what the forgeries did not reach ---------------------------------------------------------


def test_the_signed_appraisal_is_as_signed_on_both_computers(ex: Exchange):
    for folder in (ex.appraisee, ex.appraiser):
        with open_library(folder) as lib:
            (record,) = appraisal.appraisals_of(lib, 1)
            assert record.signed and record.signature.state == "verified"
            assert record.signature.fingerprints == (ex.fingerprint(ex.appraisee),)
            agreed = record.agreed_assessment
            assert agreed is not None
            first = next(iter(assessments.ratings(lib, agreed.id).values()))
            assert (first.level, first.evidence) == (4, "agreed in the meeting")
