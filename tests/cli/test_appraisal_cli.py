"""``ppf assess import --kind appraiser|agreed``, ``ppf assess sign`` and ``ppf assess
list`` (in-process, real library)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ppf_app.cli.main import main
from ppf_app.services import appraisal, people, plans
from ppf_app.services.library import open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.helpers.appraisals import behaviour_ids, rated_self


def test_agreed_ratings_from_a_csv_then_signed_and_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lib"
    with open_library(data) as lib:
        ids = behaviour_ids(lib)
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        own = rated_self(lib, ann.id, dict.fromkeys(ids, 2))
    appraiser_csv = tmp_path / "appraiser.csv"
    appraiser_csv.write_text(f"behaviour_id,level,evidence\n{ids[0]},4,seen\n", encoding="utf-8")
    agreed_csv = tmp_path / "agreed.csv"
    agreed_csv.write_text(
        "behaviour_id,level,evidence\n"
        + "".join(f"{b},{3 if n == 0 else 2},{'met half way' if n == 0 else ''}\n"
                  for n, b in enumerate(ids)),
        encoding="utf-8",
    )  # fmt: skip
    base = ["--data-dir", str(data), "assess"]
    assert main([*base, "import", "--person", str(ann.id), "--ratings", str(appraiser_csv),
                 "--kind", "appraiser", "--rated-by", "Grace Hopper"]) == 0  # fmt: skip
    appraiser_id = int(capsys.readouterr().out)
    assert main([*base, "import", "--person", str(ann.id), "--ratings", str(agreed_csv),
                 "--kind", "agreed"]) == 0  # fmt: skip
    agreed_id = int(capsys.readouterr().out)

    # Sign-off asks for an objective and a review date first.
    sign = [*base, "sign", "--assessment", str(agreed_id), "--appraisee", "Ann"]
    assert main([*sign, "--appraiser", "Grace Hopper"]) == 2
    err = capsys.readouterr().err
    assert "no objective" in err and "no review date" in err
    with open_library(data) as lib:
        plans.add_objective(lib, agreed_id, ObjectiveInput(text="Chair the bed meeting"))
        plans.set_review_date(lib, agreed_id, date(2027, 3, 31))
    assert main([*sign, "--appraiser", "Grace Hopper"]) == 0
    assert capsys.readouterr().out.strip()[:4].isdigit()
    assert main([*sign, "--appraiser", "Someone Else"]) == 2
    assert "is signed" in capsys.readouterr().err

    # Ratings for a signed appraisal are refused, naming the way on.
    assert main([*base, "import", "--person", str(ann.id), "--ratings", str(agreed_csv),
                 "--kind", "agreed"]) == 2  # fmt: skip
    assert "--new-version" in capsys.readouterr().err
    with open_library(data) as lib:
        (record,) = appraisal.appraisals_of(lib, ann.id)
        assert record.signed and record.signed_by_appraiser == "Grace Hopper"
        assert record.appraiser_assessment is not None
        assert record.appraiser_assessment.id == appraiser_id
        view = appraisal.meeting_view(lib, record.id)
        assert (view.rows[0].agreed_level, view.rows[0].agreed_note) == (3, "met half way")
        assert view.rows[0].appraiser_level == 4

    # The list says who rated, the sign-off and the appraisal of each assessment.
    assert main([*base, "list", "--person", str(ann.id)]) == 0
    lines = {line.split("\t")[2]: line.split("\t") for line in capsys.readouterr().out.splitlines()}
    signed_on = f"signed {date.today().isoformat()}"
    assert lines["self"][4] == signed_on and lines["self"][7] == f"appraisal {record.id}"
    answered = f"1/{len(ids)}"  # of the behaviours asked of Ann's group
    assert lines["appraiser"][4:] == [signed_on, answered, "Grace Hopper", f"appraisal {record.id}"]
    assert lines["agreed"][4] == signed_on

    # With --new-version the ratings go into a new version; the signed one stays.
    assert main([*base, "import", "--person", str(ann.id), "--ratings", str(agreed_csv),
                 "--kind", "agreed", "--new-version"]) == 0  # fmt: skip
    with open_library(data) as lib:
        newer, signed = appraisal.appraisals_of(lib, ann.id)
        assert signed.id == record.id and signed.signed
        assert newer.replaces_uid == record.uid and not newer.signed
    assert own.kind == "self"
