"""Bringing a checked portable file's records into the library, each decision noted.

Every record of the file is matched to this library's copy by its uid and then added,
changed, found unchanged, or left alone with the reason noted (:class:`Collector`):

- a record belonging to an appraisal signed here is never changed;
- otherwise the newer copy wins, by the record's own time stamp (``updated_at``) in the
  file against this library's: the file's copy only replaces a copy here that is older;
  a copy without a time stamp, or one as old as this library's, is left alone;
- the members of an appraisal that arrives signed (its signatures checked beforehand)
  are taken exactly as signed, so that what is stored is what was signed.

Runs inside the import's unit of work, so a refusal part way changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from ppf_app.core.errors import UserError
from ppf_app.domain import canonical
from ppf_app.domain import portable_format as fmt
from ppf_app.services import signing
from ppf_app.services.portable_summary import Collector, assessment_label
from ppf_app.storage.models import Appraisal, Assessment, Person
from ppf_app.storage.repositories import appraisal as appraisal_repo
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import people as people_repo
from ppf_app.storage.repositories import prompt_answers as prompt_answers_repo
from ppf_app.storage.repositories import ratings as ratings_repo
from ppf_app.storage.repositories.clock import as_stored
from ppf_app.storage.repositories.clock import now as utcnow


@dataclass
class Applying:
    """One import under way: the file, the session, and what it noted."""

    document: fmt.PortableFile
    source: str
    session: Session
    notes: Collector = field(default_factory=Collector)
    forced: set[str] = field(default_factory=set)
    """Uids of assessments held by appraisals arriving signed: taken as signed."""

    @property
    def answers_travel(self) -> bool:
        """The file carries format 2 answers (group, not applicable, prompt answers)."""
        return self.document.version >= fmt.RECORDS_FROM_VERSION


def stored(moment: datetime | None) -> datetime | None:
    return as_stored(moment) if moment is not None else None


def _same(current: object, wanted: object) -> bool:
    """Equality that treats a naive datetime as UTC, so stored and read values compare."""
    if isinstance(current, datetime) and isinstance(wanted, datetime):
        return stored(current) == stored(wanted)
    return current == wanted


def older_here(ours: datetime | None, theirs: datetime | None) -> str:
    """Why the file's copy does not replace this library's: empty when it does (the
    file's copy is newer)."""
    if theirs is None:
        return "the file's copy has no time stamp, so it cannot be shown to be newer"
    if ours is not None and stored(ours) > stored(theirs):  # type: ignore[operator]
        return "changed here after the file's copy; this library's copy is kept"
    if ours is not None and stored(ours) == stored(theirs):
        return "the file's copy differs but is no newer; this library's copy is kept"
    return ""


# -- the person --------------------------------------------------------------------------------


_PERSON_FIELDS = {
    "name": "name",
    "professional_group": "group",
    "job_title": "job title",
    "organisation": "organisation",
    "department": "department",
}


def apply_person(work: Applying, item: fmt.PortablePerson) -> tuple[Person, bool]:
    """This library's copy of the person, added or brought up to date."""
    session = work.session
    fields: dict[str, object] = {name: getattr(item, name) for name in _PERSON_FIELDS}
    if not work.answers_travel:
        fields.pop("department")  # not in files of earlier versions: kept as here
    person = people_repo.get_by_uid(item.uid, session=session)
    if person is None:
        now = utcnow()
        person = Person(
            uid=item.uid,
            created_at=stored(item.created_at) or now,
            updated_at=stored(item.updated_at) or now,
            **fields,  # type: ignore[arg-type]
        )
        people_repo.add(person, session=session)
        work.notes.add(f"person {item.name} ({item.professional_group})")
        return person, True
    changes = {name: value for name, value in fields.items() if getattr(person, name) != value}
    if not changes:
        return person, False
    said = [
        f"{_PERSON_FIELDS[name]} {getattr(person, name)!r} to {value!r}"
        for name, value in changes.items()
    ]
    why = older_here(person.updated_at, item.updated_at)
    if why:
        work.notes.keep(f"person {person.name} (the file has {', '.join(said)}): {why}")
        return person, False
    work.notes.change(f"person {person.name}: {', '.join(said)}")
    people_repo.update(person, changes, session=session)
    # Both copies now say the same as of the same moment: a later change on either
    # computer is recognised as newer.
    person.updated_at = stored(item.updated_at)  # type: ignore[assignment]
    session.add(person)
    return person, False


# -- assessments -------------------------------------------------------------------------------


def _wanted_ratings(item: fmt.PortableAssessment) -> dict[str, tuple[int | None, bool, str]]:
    return {r.behaviour_id: (r.level, r.not_applicable, r.evidence) for r in item.ratings}


def _current_ratings(
    assessment_id: int, *, session: Session
) -> dict[str, tuple[int | None, bool, str]]:
    return {
        r.behaviour_id: (r.level, bool(r.not_applicable), r.evidence)
        for r in ratings_repo.list_for_assessment(assessment_id, session=session)
    }


def _current_answers(assessment_id: int, *, session: Session) -> dict[str, str]:
    return {
        a.prompt_id: a.text
        for a in prompt_answers_repo.list_for_assessment(assessment_id, session=session)
    }


def label_of(item: fmt.PortableAssessment) -> str:
    return assessment_label(
        item.kind, item.assessed_on.isoformat(), f"{item.framework_id} {item.framework_version}"
    )


def apply_assessment(
    work: Applying, item: fmt.PortableAssessment, person_id: int, where: str
) -> str:
    """Create or update one assessment: "created", "updated", "unchanged" or "kept"."""
    session = work.session
    fields: dict[str, object] = {
        "framework_id": item.framework_id,
        "framework_version": item.framework_version,
        "kind": item.kind,
        "assessed_on": item.assessed_on,
        "status": item.status,
        "completed_at": stored(item.completed_at),
    }
    if work.answers_travel:
        fields["group_id"] = item.group_id
    ratings = _wanted_ratings(item)
    answers = {a.prompt_id: a.text for a in item.prompt_answers}
    label = label_of(item)
    assessment = assessments_repo.get_by_uid(item.uid, session=session)
    if assessment is None:
        now = utcnow()
        assessment = Assessment(
            uid=item.uid,
            person_id=person_id,
            created_at=stored(item.created_at) or now,
            updated_at=stored(item.updated_at) or now,
            **fields,  # type: ignore[arg-type]
        )
        assessments_repo.add(assessment, session=session)
        assert assessment.id is not None
        _write_answers(work, assessment.id, ratings, answers)
        work.notes.add(label)
        work.notes.assessments_created += 1
        return "created"
    if assessment.person_id != person_id:
        raise UserError(f"{where}.uid: this assessment belongs to another person in this library")
    assert assessment.id is not None
    changed_fields = {k: v for k, v in fields.items() if not _same(getattr(assessment, k), v)}
    differs = bool(changed_fields) or _current_ratings(assessment.id, session=session) != ratings
    if work.answers_travel:
        differs = differs or _current_answers(assessment.id, session=session) != answers
    if not differs:
        return "unchanged"
    if appraisal_repo.is_frozen(assessment.id, session=session):
        work.notes.keep(f"{label}: belongs to an appraisal signed here; it stays as signed")
        return "kept"
    forced = item.uid in work.forced
    why = "" if forced else older_here(assessment.updated_at, item.updated_at)
    if why:
        work.notes.keep(f"{label}: {why}")
        return "kept"
    work.notes.change(
        f"{label}: replaced by the signed copy in the file"
        if forced and older_here(assessment.updated_at, item.updated_at)
        else f"{label}: updated from the file's newer copy"
    )
    for name, value in changed_fields.items():
        setattr(assessment, name, value)
    ratings_repo.delete_all(assessment.id, session=session)
    _write_answers(work, assessment.id, ratings, answers)
    assessment.updated_at = stored(item.updated_at) or utcnow()
    session.add(assessment)
    session.flush()
    work.notes.assessments_updated += 1
    return "updated"


def _write_answers(
    work: Applying,
    assessment_id: int,
    ratings: dict[str, tuple[int | None, bool, str]],
    answers: dict[str, str],
) -> None:
    session = work.session
    for behaviour_id, (level, not_applicable, evidence) in ratings.items():
        ratings_repo.upsert(
            assessment_id,
            behaviour_id,
            level=level,
            evidence=evidence,
            not_applicable=not_applicable,
            session=session,
        )
    if not work.answers_travel:
        return
    for prompt_id in _current_answers(assessment_id, session=session):
        if prompt_id not in answers:
            prompt_answers_repo.write(assessment_id, prompt_id, "", session=session)
    for prompt_id, text in answers.items():
        prompt_answers_repo.write(assessment_id, prompt_id, text, session=session)


# -- appraisals --------------------------------------------------------------------------------


def member_id(uid: str | None, *, session: Session) -> int | None:
    if uid is None:
        return None
    found = assessments_repo.get_by_uid(uid, session=session)
    assert found is not None and found.id is not None
    return found.id


def matching_record(
    record: fmt.PortableAppraisalRecord, self_id: int, agreed_id: int | None, *, session: Session
) -> Appraisal | None:
    """This library's copy of an appraisal: the same uid, else the same agreed assessment,
    else the same self assessment's appraisal still without an agreed one."""
    same = appraisal_repo.get_by_uid(record.uid, session=session)
    if same is not None:
        return same
    for candidate in appraisal_repo.reviewing(self_id, session=session):
        if agreed_id is not None and candidate.agreed_assessment_id == agreed_id:
            return candidate
        if agreed_id is None and candidate.agreed_assessment_id is None:
            return candidate
    return None


def sign_off_text(record: fmt.PortableAppraisalRecord) -> str:
    """``signed on DATE by A and B, signatures checked (key FINGERPRINT)``."""
    assert record.signed_at is not None
    signers = dict.fromkeys(
        canonical.fingerprint(canonical.from_b64(signature.public_key) or b"")
        for signature in record.signatures
    )
    return (
        f"signed on {record.signed_at.date().isoformat()} by {record.signed_by_appraisee} "
        f"and {record.signed_by_appraiser}, signatures checked (key {', '.join(signers)})"
    )


def signed_members(work: Applying, records: Collection[fmt.PortableAppraisalRecord]) -> set[str]:
    """The assessments of the file's signed appraisals that are not signed here yet: they
    are taken exactly as signed."""
    forced: set[str] = set()
    for record in records:
        if record.signed_at is None:
            continue
        here = appraisal_repo.get_by_uid(record.uid, session=work.session)
        if here is not None and here.signed_at is not None:
            continue
        forced |= {
            uid
            for uid in (
                record.self_assessment_uid,
                record.appraiser_assessment_uid,
                record.agreed_assessment_uid,
            )
            if uid is not None
        }
    return forced


def apply_record(
    work: Applying, record: fmt.PortableAppraisalRecord, person_id: int, where: str
) -> None:
    """Create or update one appraisal (a signed copy here is never changed)."""
    session = work.session
    self_id = member_id(record.self_assessment_uid, session=session)
    assert self_id is not None
    agreed_id = member_id(record.agreed_assessment_uid, session=session)
    fields: dict[str, object] = {
        "self_assessment_id": self_id,
        "appraiser_assessment_id": member_id(record.appraiser_assessment_uid, session=session),
        "agreed_assessment_id": agreed_id,
        "appraiser_name": record.appraiser_name,
        "held_on": record.held_on,
        "replaces_uid": record.replaces_uid,
    }
    label = f"appraisal of {record.held_on.isoformat()}"
    current = matching_record(record, self_id, agreed_id, session=session)
    if current is None:
        now = utcnow()
        appraisal_repo.add(
            Appraisal(
                uid=record.uid,
                person_id=person_id,
                created_at=stored(record.created_at) or now,
                updated_at=stored(record.updated_at) or now,
                **fields,  # type: ignore[arg-type]
            ),
            session=session,
        )
        work.notes.add(label + (f", {sign_off_text(record)}" if record.signed_at else ""))
        return
    if current.person_id != person_id:
        raise UserError(f"{where}.uid: this appraisal belongs to another person in this library")
    if current.signed_at is not None:
        same = current.uid == record.uid and _same(current.signed_at, record.signed_at)
        if not same:
            work.notes.keep(f"{label}: signed here; it stays as signed")
        return
    changes = {k: v for k, v in fields.items() if not _same(getattr(current, k), v)}
    if record.signed_at is not None:
        if (
            current.uid != record.uid
            and appraisal_repo.get_by_uid(record.uid, session=session) is None
        ):
            changes["uid"] = record.uid  # the signed record's identity, as signed
        work.notes.change(f"{label}: {sign_off_text(record)}")
    elif not changes:
        return
    else:
        why = older_here(current.updated_at, record.updated_at)
        if why:
            work.notes.keep(f"{label}: {why}")
            return
        work.notes.change(f"{label}: updated from the file's newer copy")
    if changes:
        for name, value in changes.items():
            setattr(current, name, value)
        current.updated_at = stored(record.updated_at) or utcnow()
        session.add(current)
        session.flush()


def sign_record(work: Applying, record: fmt.PortableAppraisalRecord) -> Appraisal | None:
    """Sign this library's copy of a record signed in the file, with the file's
    signatures (the last step: signing freezes it). The copy signed, or None when it
    was signed here already."""
    session = work.session
    self_id = member_id(record.self_assessment_uid, session=session)
    assert self_id is not None and record.signed_at is not None
    agreed_id = member_id(record.agreed_assessment_uid, session=session)
    current = matching_record(record, self_id, agreed_id, session=session)
    if current is None or current.signed_at is not None:
        return None
    appraisal_repo.sign(
        current,
        appraisee=record.signed_by_appraisee,
        appraiser=record.signed_by_appraiser,
        at=record.signed_at,
        profile=record.signed_profile,
        session=session,
    )
    signing.record_from_file(current, list(record.signatures), session=session)
    return current
