"""Countersigning: the sign-off is made on Ann's computer, whose key signs for both roles;
Grace, holding the signed record on hers, adds her own key's signature as the appraiser
and sends it back. Both copies are then signed by both parties' keys, and nothing the
appraisal shows has changed.

The scene is :mod:`tests.portable.exchange`.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from ppf_app.cli.main import main as cli_main
from ppf_app.core.errors import UserError
from ppf_app.services import appraisal, portable, signing
from ppf_app.services.library import open_library
from ppf_app.services.screens.meeting import meeting_screen
from tests.portable.exchange import (
    APPRAISER,
    Exchange,
    by_hand,
    database_sha256,
    load,
    signed_record,
    tables,
    write,
)
from tests.portable.helpers import key_of, seal


def the_record(folder: Path) -> appraisal.AppraisalView:
    with open_library(folder) as lib:
        (record,) = appraisal.appraisals_of(lib, 1)
        return record


def countersigned_by_grace(ex: Exchange) -> Path:
    """Grace countersigns as the appraiser and exports; the file she sends back."""
    back = ex.root / "countersigned.json"
    with open_library(ex.appraiser) as lib:
        (record,) = appraisal.appraisals_of(lib, 1)
        appraisal.countersign(lib, record.id, "appraiser")
        portable.export_person(lib, 1, back)
    return back


def test_before_countersigning_one_key_signed_for_both(ex: Exchange):
    ann = ex.fingerprint(ex.appraisee)
    for folder in (ex.appraisee, ex.appraiser):
        check = the_record(folder).signature
        assert check.state is signing.SignatureState.VERIFIED
        assert check.keys_for("appraisee") == check.keys_for("appraiser") == (ann,)
        assert not check.both_parties
        assert "not yet countersigned" in check.text
    # Ann's computer signed both roles: nothing left for it to countersign; Grace's may
    # countersign either (she says which she is).
    with open_library(ex.appraisee) as lib:
        assert meeting_screen(lib, 1).may_countersign == ()
    with open_library(ex.appraiser) as lib:
        assert meeting_screen(lib, 1).may_countersign == ("appraisee", "appraiser")


def test_the_appraisers_own_key_countersigns_and_travels_back(ex: Exchange):
    ann, grace = ex.fingerprint(ex.appraisee), ex.fingerprint(ex.appraiser)
    shown_before = the_record(ex.appraiser)
    back = countersigned_by_grace(ex)

    here = the_record(ex.appraiser).signature
    assert here.state is signing.SignatureState.VERIFIED
    assert here.both_parties
    assert here.keys_for("appraiser") == (ann, grace)
    assert here.parties_text == f"appraisee: {ann}; appraiser: {ann}, {grace}"
    assert "by both parties' own keys" in here.text
    # Countersigning changes nothing the appraisal shows.
    after = the_record(ex.appraiser)
    assert (after.signed_at, after.signed_by_appraiser) == (
        shown_before.signed_at,
        shown_before.signed_by_appraiser,
    )

    countersignatures = signed_record(load(back))["countersignatures"]
    assert [(c["role"], c["signer"]) for c in countersignatures] == [("appraiser", APPRAISER)]

    with open_library(ex.appraisee) as lib:  # Grace's key is known here for Ann's files
        done = portable.import_portable(lib, back)
    assert done.summary is not None
    assert any(
        line.endswith(f"countersigned by the appraiser's own key {grace}")
        for line in done.summary.added
    ), done.summary.added
    there = the_record(ex.appraisee).signature
    assert there.state is signing.SignatureState.VERIFIED and there.both_parties
    assert there.keys_for("appraiser") == (ann, grace)

    # The same file again changes nothing.
    before = tables(ex.appraisee)
    with open_library(ex.appraisee) as lib:
        portable.import_portable(lib, back)
    assert tables(ex.appraisee) == before


def test_a_key_countersigns_a_role_once_and_the_meetings_computer_not_at_all(ex: Exchange):
    countersigned_by_grace(ex)
    with open_library(ex.appraiser) as lib:
        assert meeting_screen(lib, 1).may_countersign == ("appraisee",)
        with pytest.raises(UserError) as caught:
            appraisal.countersign(lib, 1, "appraiser")
        assert "has signed it for the appraiser already" in caught.value.problems[0]
    with open_library(ex.appraisee) as lib, pytest.raises(UserError) as caught:
        appraisal.countersign(lib, 1, "appraisee")
    assert "the other party countersigns on their own computer" in caught.value.problems[0]


def test_an_unsigned_or_broken_appraisal_is_not_countersigned(ex: Exchange):
    by_hand(ex.appraiser, "UPDATE objective SET text = 'Chair the bed meetings'")
    before = database_sha256(ex.appraiser)
    with open_library(ex.appraiser) as lib, pytest.raises(UserError) as caught:
        appraisal.countersign(lib, 1, "appraiser")
    assert "changed after it was signed" in caught.value.problems[0]
    assert database_sha256(ex.appraiser) == before


def test_a_countersignature_is_kept_as_made(ex: Exchange):
    countersigned_by_grace(ex)
    # The database refuses to change or remove it ...
    with open_library(ex.appraiser) as lib:
        connection = lib.db.engine.raw_connection()
        try:
            for statement in (
                "UPDATE appraisal_countersignature SET signer = 'Someone Else'",
                "DELETE FROM appraisal_countersignature",
            ):
                with pytest.raises(Exception, match="signed records are read-only"):
                    connection.execute(statement)
        finally:
            connection.close()
    # ... and one changed by hand, the triggers dropped, is a broken signature.
    by_hand(ex.appraiser, "UPDATE appraisal_countersignature SET signed_at = '2026-04-01'")
    assert the_record(ex.appraiser).signature.state is signing.SignatureState.BROKEN


def forged_back(ex: Exchange, name: str, change: Any) -> Path:
    """Grace's countersigned file changed in transit, signed again with her key (as if
    the forger held it: the countersignature itself must still hold)."""
    document = load(countersigned_by_grace(ex))
    change(signed_record(document)["countersignatures"])
    return write(ex.root / name, seal(document, key_of(ex.appraiser)))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda sigs: sigs[0].update(signed_at="2026-03-21T09:00:00Z"),
            "countersignatures[0]: the appraiser's signature does not verify",
        ),
        (
            lambda sigs: sigs[0].update(role="appraisee", signer="Ann Ward"),
            "countersignatures[0]: the appraisee's signature does not verify",
        ),
        (
            lambda sigs: sigs[0].update(signer="Someone Else"),
            "countersignatures[0].signer: 'Someone Else' is not the appraiser named",
        ),
        (
            lambda sigs: sigs.append(copy.deepcopy(sigs[0])),
            "countersignatures[1].role: one key countersigns as appraiser twice",
        ),
    ],
)
def test_a_forged_countersignature_is_refused_and_nothing_written(
    ex: Exchange, change: Any, says: str
):
    bad = forged_back(ex, "forged-countersignature.json", change)
    before = database_sha256(ex.appraisee)
    with open_library(ex.appraisee) as lib, pytest.raises(UserError) as caught:
        portable.import_portable(lib, bad)
    assert any(says in line for line in caught.value.problems), caught.value.problems
    assert database_sha256(ex.appraisee) == before


def test_countersigning_from_the_command_line(ex: Exchange, capsys: pytest.CaptureFixture[str]):
    ann, grace = ex.fingerprint(ex.appraisee), ex.fingerprint(ex.appraiser)
    agreed = the_record(ex.appraiser).agreed_assessment
    assert agreed is not None
    argv = ["--data-dir", str(ex.appraiser), "assess", "countersign"]
    assert cli_main([*argv, "--assessment", str(agreed.id), "--as", "appraiser"]) == 0
    assert capsys.readouterr().out.strip() == f"appraisee: {ann}; appraiser: {ann}, {grace}"
    before = database_sha256(ex.appraiser)
    assert cli_main([*argv, "--assessment", str(agreed.id), "--as", "appraiser"]) == 2
    assert "has signed it for the appraiser already" in capsys.readouterr().err
    assert database_sha256(ex.appraiser) == before
