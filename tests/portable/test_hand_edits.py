"""A signed appraisal edited by hand in the SQLite file (its triggers dropped first) is
reported as a broken signature when it is read: by the services, ``ppf assess list``
and the meeting brief; it is not exported. One signed before the app had keys is "not
signed by a key" until its first export signs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.services import appraisal, meeting_brief, portable, signing
from ppf_app.services.library import open_library
from tests.portable.exchange import Exchange, by_hand, load, signed_record
from tests.portable.helpers import signer_of

AGREED_NOTE = (
    "UPDATE rating SET evidence = 'agreed in the meeting!' WHERE evidence = 'agreed in the meeting'"
)


def state(folder: Path) -> signing.SignatureCheck:
    with open_library(folder) as lib:
        (record,) = appraisal.appraisals_of(lib, 1)
        return record.signature


def test_a_hand_edit_of_a_signed_note_is_a_broken_signature(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
):
    assert state(ex.appraisee).state is signing.SignatureState.VERIFIED
    by_hand(ex.appraisee, AGREED_NOTE)
    check = state(ex.appraisee)
    assert check.state is signing.SignatureState.BROKEN
    assert check.text.startswith("Signature broken: this appraisal was changed after it was")

    assert cli_main(["--data-dir", str(ex.appraisee), "assess", "list", "--person", "1"]) == 0
    listed = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    signed = [fields[4] for fields in listed if fields[4].startswith("signed ")]
    assert len(signed) == 3
    assert all(status.endswith(", signature broken") for status in signed), signed

    # The meeting brief says so, under the sign-off.
    brief = ex.root / "brief.pdf"
    with open_library(ex.appraisee) as lib:
        meeting_brief.write_brief(lib, 1, brief, invariant=True)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(brief).pages).split())
    assert "Signature broken: this appraisal was changed after it was signed" in text

    # Not exported: no file carries a record that does not match its signatures.
    with open_library(ex.appraisee) as lib, pytest.raises(UserError) as caught:
        portable.export_person(lib, 1, ex.root / "out.json")
    assert "its signatures no longer match it" in caught.value.problems[0]
    assert not (ex.root / "out.json").exists()


def test_the_brief_of_an_untouched_signed_appraisal_says_its_signatures_hold(
    ex: Exchange, tmp_path: Path
):
    brief = tmp_path / "brief.pdf"
    with open_library(ex.appraiser) as lib:
        meeting_brief.write_brief(lib, 1, brief, invariant=True)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(brief).pages).split())
    assert "Signatures verified: the record is as signed" in text


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE rating SET level = 1 WHERE evidence = 'mine 3'",  # the self assessment
        "UPDATE objective SET text = 'Chair the bed meetings'",  # the plan
        "UPDATE plan SET review_date = '2028-03-31' WHERE review_date IS NOT NULL",
        "UPDATE appraisal SET signed_by_appraiser = 'Someone Else'",
        "UPDATE appraisal SET held_on = '2026-03-21'",
        "UPDATE assessment SET group_id = 'manager' WHERE kind = 'agreed'",
        "DELETE FROM rating WHERE evidence = 'observed' AND id = (SELECT min(id) FROM rating "
        "WHERE evidence = 'observed')",
        "UPDATE appraisal_signature SET signer = 'Someone Else' WHERE role = 'appraiser'",
        "DELETE FROM appraisal_signature WHERE role = 'appraiser'",
        "DELETE FROM appraisal_signature",
    ],
)
def test_every_part_of_what_was_signed_is_covered(ex: Exchange, statement: str):
    by_hand(ex.appraiser, statement)
    assert state(ex.appraiser).state is signing.SignatureState.BROKEN


def test_an_appraisal_signed_before_keys_is_signed_by_its_first_export(
    ex: Exchange, tmp_path: Path
):
    # As an appraisal signed by an earlier version of the app: no signatures, signed
    # before this library had a key.
    by_hand(
        ex.appraisee,
        "DELETE FROM appraisal_signature",
        "UPDATE appraisal SET signed_at = '2026-03-20 10:00:00.000000'",
    )
    assert state(ex.appraisee).state is signing.SignatureState.NO_KEY
    out = tmp_path / "sealed.json"
    with open_library(ex.appraisee) as lib:
        portable.export_person(lib, 1, out)
    assert state(ex.appraisee).state is signing.SignatureState.VERIFIED
    record = signed_record(load(out))
    assert [s["role"] for s in record["signatures"]] == ["appraisee", "appraiser"]
    # Signed when exported, and its own time says so.
    assert record["signed_at"].startswith("2026-03-20T10:00:00")
    assert all(s["signed_at"] > "2026-03-21" for s in record["signatures"])
    with open_library(tmp_path / "third") as lib:
        done = portable.import_portable(lib, out, trust=signer_of(out))
        (record,) = appraisal.appraisals_of(lib, done.person.id)
        assert record.signed and record.signature.state is signing.SignatureState.VERIFIED
