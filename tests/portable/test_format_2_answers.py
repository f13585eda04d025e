"""Format 2 answers travel in version 3 files: not applicable, the group an assessment is
made for, answers to prompts, a person's department; and the canonical form of a signed
appraisal is the same bytes however its parts are listed."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ppf_app.core.errors import UserError
from ppf_app.domain import canonical
from ppf_app.domain.answers import NOT_APPLICABLE
from ppf_app.services import assessments, people, portable
from ppf_app.services.library import open_library
from ppf_app.services.unit import unit
from tests.portable.helpers import rewrite, signer_of, trusted_import


def test_not_applicable_group_prompts_and_department_travel(tmp_path: Path):
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        framework = lib.frameworks.default()
        ann = people.add_person(
            lib, name="Ann", professional_group="clinician", department="Emergency care"
        )
        own = assessments.start_assessment(lib, ann.id, group_id="manager")
        asked = [b.id for b in framework.behaviours_for("manager")]
        offered = next(b for b in asked if framework.allows_not_applicable(b))
        assessments.set_rating(lib, own.id, offered, level=NOT_APPLICABLE, evidence="new role")
        rated = next(b for b in asked if b != offered)
        assessments.set_rating(lib, own.id, rated, level=2, evidence="some")
        prompt = framework.prompts_for("manager")[-1].id
        assessments.set_prompt_answer(lib, own.id, prompt, "Coached two new starters")
        portable.export_person(lib, ann.id, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["person"]["department"] == "Emergency care"
    (sent,) = document["assessments"]
    assert sent["group_id"] == "manager"
    assert {r["behaviour_id"]: r["not_applicable"] for r in sent["ratings"]}[offered] is True
    assert [(a["prompt_id"], a["text"]) for a in sent["prompt_answers"]] == [
        (prompt, "Coached two new starters")
    ]
    with open_library(tmp_path / "two") as lib:
        done = trusted_import(lib, out)
        assert done.person.department == "Emergency care"
        (here,) = assessments.list_assessments(lib, done.person.id)
        assert here.group_id == "manager"
        answers = assessments.ratings(lib, here.id)
        assert answers[offered].not_applicable and answers[offered].level is None
        with unit(lib) as work:
            found = assessments.prompt_answers_of(here.id, session=work.session)
        assert found == {prompt: "Coached two new starters"}


def test_a_prompt_or_group_the_framework_lacks_is_refused_where_it_is(tmp_path: Path):
    out = tmp_path / "ann.json"
    with open_library(tmp_path / "one") as lib:
        ann = people.add_person(lib, name="Ann", professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id)
        behaviour = next(b.id for b in lib.frameworks.default().behaviours_for("clinician"))
        assessments.set_rating(lib, own.id, behaviour, level=2)
        portable.export_person(lib, ann.id, out)

    def spoil(document: dict[str, object]) -> None:
        (sent,) = document["assessments"]  # type: ignore[misc]
        sent["group_id"] = "astronaut"
        sent["prompt_answers"] = [{"prompt_id": "no-such-prompt", "text": "x"}]
        sent["ratings"][0]["not_applicable"] = True

    bad = rewrite(out, tmp_path / "bad.json", spoil)
    with open_library(tmp_path / "two") as lib, pytest.raises(UserError) as caught:
        portable.import_portable(lib, bad, trust=signer_of(bad))
    problems = caught.value.problems
    assert any(".group_id: group: 'astronaut' is not a group of framework" in p for p in problems)
    assert any(
        ".prompt_answers[0].prompt_id: 'no-such-prompt' is not a prompt" in p for p in problems
    )
    assert any(".ratings[0].level: a not-applicable answer has no level" in p for p in problems)


# -- the canonical form -----------------------------------------------------------------------


def _member(ratings: tuple[canonical.SignedRating, ...]) -> canonical.SignedMember:
    return canonical.SignedMember(
        uid="11111111-1111-4111-8111-111111111111",
        kind="agreed",
        framework_id="ppf",
        framework_version="2026.1",
        framework_sha256="0" * 64,
        assessed_on=date(2026, 3, 20),
        status="complete",
        group_id="",
        ratings=ratings,
        prompt_answers=(("b", "two"), ("a", "one")),
        review_date=date(2027, 3, 31),
        objectives=(),
    )


RATINGS = (
    canonical.SignedRating("x", 4, False, "agreed"),
    canonical.SignedRating("a", None, True, ""),
)
SIGNED = canonical.SignedAppraisal(
    uid="22222222-2222-4222-8222-222222222222",
    person_uid="33333333-3333-4333-8333-333333333333",
    held_on=date(2026, 3, 20),
    appraiser_name="Grace Hopper",
    replaces_uid="",
    signed_at=datetime(2026, 3, 20, 10, 0, tzinfo=UTC),
    signed_by_appraisee="Ann Ward",
    signed_by_appraiser="Grace Hopper",
    signed_profile='{"name": "Ann Ward"}',
    self_assessment=_member(RATINGS),
    appraiser_assessment=None,
    agreed_assessment=_member(RATINGS),
)


def test_the_canonical_form_does_not_depend_on_the_order_rows_are_read_in():
    reordered = replace(SIGNED, agreed_assessment=_member(tuple(reversed(RATINGS))))
    assert canonical.appraisal_sha256(reordered) == canonical.appraisal_sha256(SIGNED)
    naive = replace(SIGNED, signed_at=datetime(2026, 3, 20, 10, 0))  # as SQLite gives it back
    assert canonical.appraisal_sha256(naive) == canonical.appraisal_sha256(SIGNED)


def test_the_canonical_form_changes_with_any_one_character():
    changed = replace(
        SIGNED,
        agreed_assessment=_member((canonical.SignedRating("x", 4, False, "agreed!"), RATINGS[1])),
    )
    assert canonical.appraisal_sha256(changed) != canonical.appraisal_sha256(SIGNED)
    for change in (
        {"signed_by_appraiser": "Grace Hoppe"},
        {"held_on": date(2026, 3, 21)},
        {"signed_profile": '{"name": "Ann Warde"}'},
        {"signed_at": datetime(2026, 3, 20, 10, 0, 1, tzinfo=UTC)},
    ):
        assert canonical.appraisal_sha256(replace(SIGNED, **change)) != canonical.appraisal_sha256(
            SIGNED
        ), change


def test_a_sign_off_statement_names_its_role():
    sha = canonical.appraisal_sha256(SIGNED)
    moment = SIGNED.signed_at
    as_appraisee = canonical.sign_off_statement(
        role="appraisee", signer="Ann Ward", signed_at=moment, content_sha256=sha
    )
    as_appraiser = canonical.sign_off_statement(
        role="appraiser", signer="Ann Ward", signed_at=moment, content_sha256=sha
    )
    assert as_appraisee != as_appraiser
    assert json.loads(as_appraisee) == {
        "purpose": "ppf-appraisal-sign-off",
        "canonical": 1,
        "role": "appraisee",
        "signer": "Ann Ward",
        "signed_at": "2026-03-20T10:00:00.000000Z",
        "content_sha256": sha,
    }
