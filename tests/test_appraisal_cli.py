"""``ppf assess import --kind agreed`` and ``ppf assess sign`` (in-process, real library)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ppf_app.cli.main import main
from ppf_app.services import appraisal, assessments, people
from ppf_app.services.library import open_library


def test_agreed_ratings_from_a_csv_then_signed_and_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    data = tmp_path / "lib"
    with open_library(data) as lib:
        ids = [b.id for _, b in lib.frameworks.default().behaviours()]
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id)
        assessments.set_rating(lib, own.id, ids[0], level=2)
    csv = tmp_path / "agreed.csv"
    csv.write_text(f"behaviour_id,level,evidence\n{ids[0]},3,met half way\n", encoding="utf-8")
    base = ["--data-dir", str(data), "assess"]
    assert main([*base, "import", "--person", str(ann.id), "--ratings", str(csv),
                 "--kind", "agreed", "--rated-by", "Grace Hopper"]) == 0  # fmt: skip
    agreed_id = int(capsys.readouterr().out)
    sign = [*base, "sign", "--assessment", str(agreed_id), "--appraisee", "Ann"]
    assert main([*sign, "--appraiser", "Grace Hopper"]) == 0
    assert capsys.readouterr().out.strip()[:4].isdigit()
    assert main([*sign, "--appraiser", "Someone Else"]) == 2
    assert "is signed" in capsys.readouterr().err
    with open_library(data) as lib:
        view = appraisal.meeting_view(lib, own.id)
        assert view.signed and view.sign_off is not None
        assert view.sign_off.signed_by_appraiser == "Grace Hopper"
        assert (view.rows[0].agreed_level, view.rows[0].agreed_note) == (3, "met half way")
