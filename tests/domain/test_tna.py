"""The training-needs analysis: definitions, segments, disclosure control, speed."""

from __future__ import annotations

import dataclasses
import random
import time
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ppf_app.core.errors import UserError
from ppf_app.domain.cohort import (
    Answer,
    BehaviourPlace,
    FrameworkOutline,
    Heading,
    PersonFacts,
)
from ppf_app.domain.disclosure import round_count, round_mean
from ppf_app.domain.framework import Framework
from ppf_app.domain.tna import (
    ALL_SEGMENT,
    CSV_HEADER,
    KIND_TRAINING_AREA,
    KIND_VALUE,
    NO_DEPARTMENT,
    Kind,
    TnaReport,
    training_needs,
)
from tests.domain.builders import outline, person

# The five people of the worked example; the tests use two of each (ids 1-10).
EXAMPLE = [
    {"c1": 2, "c2": 0, "o1": 1},  # care: mean(2, 0) = 1; own 1; lead 1.5; people 0.5
    {"c1": -1, "c2": -1, "o1": 0},  # no gap anywhere (above target counts as 0)
    {"c1": 1, "c2": 1, "o1": 0},  # c1 has importance 3: care mean(3, 1) = 2; lead 1.5
    {"c1": 0, "c2": 0, "o1": 2},  # own 2; lead 1; people 1
    {"c1": 0, "c2": 0, "o1": 0},
]


def example_cohort(department: str | None = None, first_id: int = 1) -> list[PersonFacts]:
    return [
        person(
            first_id + copy * 5 + i,
            gaps,
            department=department,
            importance={"c1": 3} if i == 2 else None,
        )
        for copy in range(2)
        for i, gaps in enumerate(EXAMPLE)
    ]


def figures(report: TnaReport, segment: str, kind: Kind, id: str) -> tuple[str, ...]:
    return report.row(segment, kind, id).csv_fields()[4:]


# -- definitions -------------------------------------------------------------------------


def test_mean_gap_is_the_mean_per_person_of_their_mean_weighted_gap_per_behaviour() -> None:
    report = training_needs(example_cohort(), outline())
    # care: people's gaps 1, 0, 2, 0, 0 (twice): mean 0.6. A sum per person (2, 0, 4, 0, 0)
    # would give 1.2; an unweighted one 0.4.
    assert figures(report, ALL_SEGMENT, KIND_VALUE, "care") == ("10", "5", "0.60")
    assert figures(report, ALL_SEGMENT, KIND_VALUE, "own") == ("10", "5", "0.60")
    # lead (c1 and o1): 1.5, 0, 1.5, 1, 0: mean 0.8, six people with a need (rounded 5).
    assert figures(report, ALL_SEGMENT, KIND_TRAINING_AREA, "lead") == ("10", "5", "0.80")
    assert figures(report, ALL_SEGMENT, KIND_TRAINING_AREA, "people") == ("10", "5", "0.40")


def test_with_need_counts_people_below_target_on_any_behaviour_of_the_column() -> None:
    cohort = [person(i, {"c1": 1 if i < 7 else -1, "c2": 0, "o1": 0}) for i in range(20)]
    report = training_needs(cohort, outline())
    assert report.row(ALL_SEGMENT, KIND_VALUE, "care").with_need == 5  # 7 people, rounded
    assert report.row(ALL_SEGMENT, KIND_VALUE, "own").with_need == 0
    assert report.row(ALL_SEGMENT, KIND_TRAINING_AREA, "lead").with_need == 5
    assert report.row(ALL_SEGMENT, KIND_TRAINING_AREA, "people").with_need == 0


def test_people_not_asked_a_value_do_not_count_in_it() -> None:
    # Format 2: own (o1) asked of managers only; clinicians answered care alone.
    cohort = [person(i, {"c1": 1, "c2": 1}) for i in range(10)]
    cohort += [person(10 + i, {"c1": 0, "c2": 0, "o1": 2}, group="manager") for i in range(5)]
    report = training_needs(cohort, outline(), "group")
    assert figures(report, ALL_SEGMENT, KIND_VALUE, "own") == ("5", "5", "2.00")
    assert figures(report, "clinician", KIND_VALUE, "own") == ("0", "0", "")
    assert figures(report, "manager", KIND_VALUE, "own") == ("5", "5", "2.00")
    # lead: clinicians through c1 only (gap 1), managers mean(c1 0, o1 2) = 1
    assert figures(report, ALL_SEGMENT, KIND_TRAINING_AREA, "lead") == ("15", "15", "1.00")


# -- segments and suppression ------------------------------------------------------------


def department_cohort() -> list[PersonFacts]:
    cohort = [person(i, {"c1": 1, "c2": 0, "o1": 0}, department="Cardiology") for i in range(10)]
    cohort += [
        person(100 + i, {"c1": 2, "c2": 2, "o1": 2}, department="Pharmacy") for i in range(3)
    ]
    cohort += [person(200 + i, {"c1": 0, "c2": 0, "o1": 0}, department="Estates") for i in range(6)]
    return cohort


def test_a_small_department_and_the_next_smallest_are_hidden() -> None:
    report = training_needs(department_cohort(), outline(), "department")
    assert report.segments == (ALL_SEGMENT, "Cardiology", "Estates", "Pharmacy")
    for kind, id in [(KIND_VALUE, "care"), (KIND_VALUE, "own"), (KIND_TRAINING_AREA, "lead")]:
        assert figures(report, "Pharmacy", kind, id) == ("*", "*", "*")
        # Estates (6) is hidden too, or Pharmacy = all - Cardiology - Estates.
        assert figures(report, "Estates", kind, id) == ("*", "*", "*")
        assert not report.row("Cardiology", kind, id).hidden
        assert not report.row(ALL_SEGMENT, kind, id).hidden
    assert figures(report, "Cardiology", KIND_VALUE, "care") == ("10", "10", "0.50")
    # 19 people: care gaps 0.5 (10), 2 (3), 0 (6): 11 / 19
    assert figures(report, ALL_SEGMENT, KIND_VALUE, "care") == ("20", "15", "0.58")


def test_a_raised_minimum_applies() -> None:
    report = training_needs(department_cohort(), outline(), "department", min_group=11)
    assert all(row.hidden for row in report.rows if row.segment != ALL_SEGMENT)
    assert not report.row(ALL_SEGMENT, KIND_VALUE, "care").hidden
    report = training_needs(department_cohort(), outline(), "organisation", min_group=20)
    assert all(row.hidden for row in report.rows)


def test_people_without_a_department_and_a_department_called_all() -> None:
    cohort = example_cohort(None) + example_cohort("all", first_id=100)
    report = training_needs(cohort, outline(), "department")
    assert report.segments == (ALL_SEGMENT, NO_DEPARTMENT, "all (department)")
    assert report.row(ALL_SEGMENT, KIND_VALUE, "care").people == 20
    assert report.row(NO_DEPARTMENT, KIND_VALUE, "care").people == 10


def test_the_organisation_alone_has_the_all_segment_only() -> None:
    report = training_needs(department_cohort(), outline())
    assert report.segments == (ALL_SEGMENT,)
    assert {row.segment for row in report.rows} == {ALL_SEGMENT}


def test_an_empty_cohort_gives_empty_rows() -> None:
    report = training_needs([], outline(), "department")
    assert report.segments == (ALL_SEGMENT,)
    assert {row.csv_fields()[4:] for row in report.rows} == {("0", "0", "")}


# -- what is drawn and written -----------------------------------------------------------


def test_csv_records_follow_the_header_values_first_then_areas_by_rank() -> None:
    report = training_needs(department_cohort(), outline(), "department")
    records = report.csv_records()
    assert records[0] == CSV_HEADER
    assert records[0] == ("segment", "kind", "id", "title", "people", "with_need", "mean_gap")
    assert records[1:5] == [
        ("all", "value", "care", "Patients first", "20", "15", "0.58"),
        ("all", "value", "own", "Accountability", "20", "5", "0.32"),
        ("all", "training_area", "lead", "Leadership", "20", "15", "0.58"),
        ("all", "training_area", "people", "People management", "20", "5", "0.32"),
    ]
    assert records[9] == ("Estates", "value", "care", "Patients first", "*", "*", "*")
    assert len(records) == 1 + 4 * 4


def test_training_areas_are_ranked_by_people_in_need_then_mean_gap() -> None:
    # people: 10 with a small need; lead: 5 with a large one.
    cohort = [person(i, {"c1": 4 if i < 5 else 0, "c2": 1, "o1": 0}) for i in range(10)]
    report = training_needs(cohort, outline())
    assert [r.id for r in report.area_ranking] == ["people", "lead"]
    assert [t.id for t in report.training_areas] == ["people", "lead"]
    # equal people in need: the larger mean gap first
    report = training_needs(example_cohort(), outline())
    assert [r.id for r in report.ranked_training_areas()] == ["lead", "people"]


def test_hidden_rows_rank_last_in_framework_order() -> None:
    report = training_needs(department_cohort(), outline(), "department")
    assert [r.id for r in report.ranked_training_areas("Pharmacy")] == ["lead", "people"]
    assert all(r.hidden for r in report.ranked_training_areas("Pharmacy"))


def test_heat_map_of_segments_by_values() -> None:
    report = training_needs(department_cohort(), outline(), "department")
    heat = report.heat_map
    assert heat.segments == report.segments
    assert [c.id for c in heat.columns] == ["care", "own"]
    assert heat.cells[0] == (0.58, 0.32)  # all
    assert heat.cells[1] == (0.5, 0.0)  # Cardiology
    assert heat.cells[2] == (None, None) and heat.hidden[2] == (True, True)  # Estates
    assert heat.hidden[0] == (False, False)
    assert heat.highest == 0.58


# -- inputs ------------------------------------------------------------------------------


def test_bad_options_are_the_users_to_fix() -> None:
    with pytest.raises(UserError, match="at least 5"):
        training_needs([], outline(), min_group=4)
    with pytest.raises(UserError, match="cannot break down by 'ward'"):
        training_needs([], outline(), "ward")  # type: ignore[arg-type]


def test_caller_mistakes_are_refused() -> None:
    with pytest.raises(ValueError, match="appears twice"):
        training_needs([person(1, {"c1": 1}), person(1, {"c1": 0})], outline())
    with pytest.raises(ValueError, match="'x9' is not in the framework"):
        training_needs([person(1, {"x9": 1})], outline())


def test_inputs_carry_no_free_text() -> None:
    """Evidence and notes are never aggregated: the inputs have no place for them."""
    assert [f.name for f in dataclasses.fields(Answer)] == [
        "behaviour_id",
        "shortfall",
        "margin",
        "importance",
    ]
    assert [f.name for f in dataclasses.fields(PersonFacts)] == [
        "person_id",
        "group",
        "department",
        "answers",
    ]


def test_answers_from_scale_values_count_steps() -> None:
    answer = Answer.from_levels("c1", level=1, target=5, scale=(1, 3, 5), importance=2)
    assert (answer.shortfall, answer.margin, answer.gap) == (2, 0, 4)
    assert Answer.from_levels("c1", 5, 3, (1, 3, 5)).margin == 1
    with pytest.raises(ValueError):
        Answer.from_levels("c1", 2, 3, (1, 3, 5))
    with pytest.raises(ValueError):
        Answer("c1", shortfall=1, margin=1)


FRAMEWORK_TOML = """
format = 1
[framework]
id = "mini"
version = "1"
title = "Mini"
[[scale]]
value = 1
label = "One"
[[scale]]
value = 2
label = "Two"
[[training_areas]]
id = "lead"
title = "Leadership"
[[values]]
id = "care"
title = "Care"
[[values.behaviours]]
id = "c1"
text = "I care."
training_areas = ["lead"]
[[values.behaviours]]
id = "c2"
text = "I care more."
"""


def test_outline_of_a_framework() -> None:
    framework = Framework.model_validate(tomllib.loads(FRAMEWORK_TOML))
    assert FrameworkOutline.from_framework(framework) == FrameworkOutline(
        values=(Heading("care", "Care"),),
        training_areas=(Heading("lead", "Leadership"),),
        behaviours=(BehaviourPlace("c1", "care", ("lead",)), BehaviourPlace("c2", "care")),
    )


# -- against a plain reference, with disclosure properties -------------------------------


def reference(
    cohort: list[PersonFacts], frame: FrameworkOutline, kind: Kind, id: str
) -> tuple[int, int, float | None]:
    """The definitions of the module docstring, written out the slow way."""
    column = {
        p.behaviour_id
        for p in frame.behaviours
        if (p.value_id == id if kind == KIND_VALUE else id in p.training_areas)
    }
    gaps = []
    for someone in cohort:
        mine = [a.shortfall * a.importance for a in someone.answers if a.behaviour_id in column]
        if mine:
            gaps.append(sum(mine) / len(mine))
    return (
        len(gaps),
        sum(1 for g in gaps if g > 0),
        sum(gaps) / len(gaps) if gaps else None,
    )


cohorts = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C", "D", None]),
        st.lists(st.integers(min_value=-2, max_value=3), min_size=3, max_size=3),
        st.lists(st.booleans(), min_size=3, max_size=3),
        st.integers(min_value=1, max_value=3),
    ),
    max_size=40,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts, st.integers(min_value=5, max_value=9))
def test_published_figures_are_the_rounded_definitions_and_never_give_away_a_hidden_one(
    rows: list[tuple[str | None, list[int], list[bool], int]], minimum: int
) -> None:
    frame = outline()
    cohort = [
        person(
            i,
            {b: g for b, g, asked in zip(("c1", "c2", "o1"), gaps, asked, strict=True) if asked},
            department=department,
            importance={"c2": importance},
        )
        for i, (department, gaps, asked, importance) in enumerate(rows)
    ]
    report = training_needs(cohort, frame, "department", min_group=minimum)
    columns = [(KIND_VALUE, v.id) for v in frame.values]
    columns += [(KIND_TRAINING_AREA, t.id) for t in frame.training_areas]
    for kind, id in columns:
        exact = {}
        for segment in report.segments:
            members = [
                p
                for p in cohort
                if segment == ALL_SEGMENT or (p.department or NO_DEPARTMENT) == segment
            ]
            exact[segment] = reference(members, frame, kind, id)
            row = report.row(segment, kind, id)
            people, with_need, mean = exact[segment]
            if 0 < people < minimum:
                assert row.csv_fields()[4:] == ("*", "*", "*")
            if row.hidden:
                continue
            assert row.people == round_count(people)
            assert row.with_need == round_count(with_need)
            assert row.people % 5 == 0 and row.with_need % 5 == 0
            assert row.mean_gap == (None if mean is None else round_mean(mean))
        if report.row(ALL_SEGMENT, kind, id).hidden:
            continue
        hidden = [s for s in report.segments[1:] if report.row(s, kind, id).hidden]
        # all - shown segments = the hidden ones' sum: never one unknown, never a small sum
        assert len(hidden) != 1
        if hidden:
            assert sum(exact[s][0] for s in hidden) >= minimum


# -- speed -------------------------------------------------------------------------------


def test_five_thousand_people_take_well_under_a_second() -> None:
    rng = random.Random(7)
    values = tuple(Heading(f"v{i}", f"Value {i}") for i in range(6))
    areas = tuple(Heading(f"t{i}", f"Area {i}") for i in range(11))
    places = tuple(
        BehaviourPlace(f"b{i}", f"v{i % 6}", tuple(rng.sample([a.id for a in areas], 2)))
        for i in range(40)
    )
    frame = FrameworkOutline(values, areas, places)
    cohort = [
        PersonFacts(
            i,
            rng.choice(["clinician", "manager", "clinical-manager"]),
            f"Department {rng.randrange(30)}",
            tuple(Answer.from_steps(p.behaviour_id, rng.randrange(5), 3) for p in places),
        )
        for i in range(5000)
    ]
    started = time.perf_counter()
    report = training_needs(cohort, frame, "department")
    elapsed = time.perf_counter() - started
    assert report.row(ALL_SEGMENT, KIND_VALUE, "v0").people == 5000
    assert elapsed < 1.0, f"{elapsed:.2f} s"
