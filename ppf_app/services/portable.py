"""Portable files: one person's records out of one library and into another.

Export writes the person's profile, assessments (with ratings) and the framework files
those assessments were made with; nothing of anyone else. Import checks the whole file
first (format, types, every reference) and then applies it in one transaction, matching
the person and assessments by ``uid``: what exists is updated to the file's content,
what does not is created, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from ppf_app import __version__
from ppf_app.core import files
from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain import portable_format as fmt
from ppf_app.domain.framework import Framework
from ppf_app.services import assessments as assessment_service
from ppf_app.services import portable_plans
from ppf_app.services.people import person_view
from ppf_app.services.unit import unit
from ppf_app.services.views import PortableImportResult
from ppf_app.storage.models import Appraisal, Assessment, Person
from ppf_app.storage.repositories import appraisal as appraisal_repo
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import people as people_repo
from ppf_app.storage.repositories import ratings as ratings_repo
from ppf_app.storage.repositories import snapshots as snapshots_repo
from ppf_app.storage.repositories.clock import as_stored
from ppf_app.storage.repositories.clock import now as utcnow

if TYPE_CHECKING:
    from ppf_app.services.library import Library


# -- export ----------------------------------------------------------------------------


def build_portable(lib: Library, person_id: int) -> fmt.PortableFile:
    """The portable form of one person's records."""
    with unit(lib) as work:
        session = work.session
        person = people_repo.get(person_id, session=session)
        if person is None:
            raise NotFound(f"person {person_id}: no such person")
        assert person.id is not None
        rows = assessments_repo.list_for_person(person.id, session=session)
        portable_assessments = [_portable_assessment(row, session=session) for row in rows]
        keys = list(dict.fromkeys((row.framework_id, row.framework_version) for row in rows))
        frameworks = [_portable_framework(lib, key, session=session) for key in keys]
        uids = {row.id: row.uid for row in rows}
        return fmt.PortableFile(
            format=fmt.FORMAT_NAME,
            version=fmt.FORMAT_VERSION,
            exported_at=datetime.now(UTC),
            app_version=__version__,
            person=fmt.PortablePerson(
                uid=person.uid,
                name=person.name,
                professional_group=person.professional_group,
                job_title=person.job_title,
                organisation=person.organisation,
                created_at=person.created_at,
                updated_at=person.updated_at,
            ),
            assessments=portable_assessments,
            frameworks=frameworks,
            plans=portable_plans.export_plans(rows, session=session),
            appraisal_records=[
                _portable_record(record, uids)
                for record in reversed(appraisal_repo.for_person(person.id, session=session))
            ],
        )


def _portable_record(record: Appraisal, uids: dict[int | None, str]) -> fmt.PortableAppraisalRecord:
    def uid_of(assessment_id: int | None) -> str | None:
        return uids[assessment_id] if assessment_id is not None else None

    return fmt.PortableAppraisalRecord(
        uid=record.uid,
        self_assessment_uid=uids[record.self_assessment_id],
        appraiser_assessment_uid=uid_of(record.appraiser_assessment_id),
        agreed_assessment_uid=uid_of(record.agreed_assessment_id),
        appraiser_name=record.appraiser_name,
        held_on=record.held_on,
        replaces_uid=record.replaces_uid,
        created_at=record.created_at,
        updated_at=record.updated_at,
        signed_at=record.signed_at,
        signed_by_appraisee=record.signed_by_appraisee,
        signed_by_appraiser=record.signed_by_appraiser,
        signed_profile=record.signed_profile,
    )


def _portable_assessment(row: Assessment, *, session: Session) -> fmt.PortableAssessment:
    assert row.id is not None
    return fmt.PortableAssessment(
        uid=row.uid,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        kind=row.kind,  # type: ignore[arg-type]
        assessed_on=row.assessed_on,
        status=row.status,  # type: ignore[arg-type]
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        ratings=[
            fmt.PortableRating(
                behaviour_id=r.behaviour_id,
                level=r.level,
                evidence=r.evidence,
                updated_at=r.updated_at,
            )
            for r in ratings_repo.list_for_assessment(row.id, session=session)
        ],
    )


def _portable_framework(
    lib: Library, key: tuple[str, str], *, session: Session
) -> fmt.PortableFramework:
    framework_id, version = key
    snapshot = snapshots_repo.get(framework_id, version, session=session)
    if snapshot is not None:
        content, sha256 = snapshot.content, snapshot.sha256
    else:
        content = lib.frameworks.source_text(framework_id, version)
        sha256 = assessment_service.sha256_text(content)
    return fmt.PortableFramework(id=framework_id, version=version, sha256=sha256, content=content)


def export_person(lib: Library, person_id: int, out: Path) -> Path:
    """Write a person's portable file to ``out`` (owner-only, replaced atomically)."""
    _write_export(out, fmt.dump_portable(build_portable(lib, person_id)))
    return out


def _write_export(path: Path, data: bytes) -> None:
    """Write the portable file whole or not at all, with a clear message when it can't."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name")
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist")
    try:
        files.write_private_atomic(path, data)
    except OSError as exc:
        raise UserError(f"{path}: cannot write the file: {exc.strerror or exc}") from None


# -- import ----------------------------------------------------------------------------


def read_portable(path: Path) -> fmt.PortableFile:
    """Read and validate a portable file (format and types, not yet its references)."""
    return fmt.parse_portable(_read_bytes(path), str(path))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; only a regular file is read, so reading never waits."""
    return files.read_regular_file(path, max_bytes=fmt.MAX_BYTES, what="portable file")


def read_portable_bytes(path: Path) -> bytes:
    """A portable file's bytes, to read before the library is opened (see
    :func:`import_portable`'s ``data``)."""
    return _read_bytes(path)


def check_references(document: fmt.PortableFile, source: str) -> dict[tuple[str, str], Framework]:
    """Every framework carried by the file, after checking what refers to what.

    Raises:
        UserError: listing each broken reference as ``FILE: LOCATION: problem``.
    """
    problems: list[str] = []
    frameworks: dict[tuple[str, str], Framework] = {}
    for index, item in enumerate(document.frameworks):
        where = f"{source}: frameworks[{index}]"
        key = (item.id, item.version)
        if key in frameworks:
            problems.append(f"{where}: framework {item.id}@{item.version} appears twice")
            continue
        if assessment_service.sha256_text(item.content) != item.sha256:
            problems.append(f"{where}.sha256: does not match the content (damaged file?)")
            continue
        try:
            parsed = assessment_service.parse_framework_text(item.content, f"{where}.content")
        except UserError as exc:
            problems.extend(exc.problems)
            continue
        except RecursionError:
            problems.append(f"{where}.content: nested too deeply to be a framework file")
            continue
        if parsed.key != key:
            problems.append(
                f"{where}: content is framework {parsed.id}@{parsed.version}, "
                f"not {item.id}@{item.version}"
            )
            continue
        frameworks[key] = parsed
    seen_uids: dict[str, int] = {}
    for index, assessment in enumerate(document.assessments):
        where = f"{source}: assessments[{index}]"
        if assessment.uid in seen_uids:
            problems.append(
                f"{where}.uid: the same uid as assessments[{seen_uids[assessment.uid]}]"
            )
        seen_uids.setdefault(assessment.uid, index)
        key = (assessment.framework_id, assessment.framework_version)
        framework = frameworks.get(key)
        if framework is None:
            problems.append(f"{where}: framework {key[0]}@{key[1]} is not in the file's frameworks")
            continue
        problems.extend(_rating_problems(assessment.ratings, framework, where))
    problems.extend(_appraisal_problems(document, source))
    problems.extend(portable_plans.plan_problems(document, frameworks, source))
    if problems:
        raise UserError(problems[: fmt.MAX_PROBLEMS_SHOWN])
    return frameworks


def _rating_problems(
    ratings: Sequence[fmt.PortableRating], framework: Framework, where: str
) -> list[str]:
    problems = []
    first: dict[str, int] = {}
    for index, rating in enumerate(ratings):
        at = f"{where}.ratings[{index}]"
        if rating.behaviour_id in first:
            problems.append(
                f"{at}.behaviour_id: {rating.behaviour_id!r} is rated twice "
                f"(first in ratings[{first[rating.behaviour_id]}])"
            )
            continue
        first[rating.behaviour_id] = index
        problem = assessment_service.behaviour_problem(framework, rating.behaviour_id)
        if problem:
            problems.append(f"{at}.behaviour_id: {problem}")
        problem = assessment_service.level_problem(framework, rating.level)
        if problem:
            problems.append(f"{at}.level: {problem}")
    return problems


def _appraisal_problems(document: fmt.PortableFile, source: str) -> list[str]:
    kinds = {item.uid: item.kind for item in document.assessments}
    problems = []
    seen: set[str] = set()
    for index, item in enumerate(document.appraisals):
        where = f"{source}: appraisals[{index}].assessment_uid"
        kind = kinds.get(item.assessment_uid)
        if kind is None:
            problems.append(f"{where}: not an assessment in this file")
        elif kind == "self":
            problems.append(f"{where}: a self assessment has no appraisal")
        elif item.assessment_uid in seen:
            problems.append(f"{where}: appears twice")
        seen.add(item.assessment_uid)
    if document.version >= fmt.RECORDS_FROM_VERSION and document.appraisals:
        problems.append(
            f"{source}: appraisals: a version {document.version} file carries its "
            "appraisals as appraisal_records"
        )
    records: set[str] = set()
    members: dict[str, int] = {}
    for index, record in enumerate(document.appraisal_records):
        where = f"{source}: appraisal_records[{index}]"
        if record.uid in records:
            problems.append(f"{where}.uid: appears twice")
        records.add(record.uid)
        for field, wanted in (
            ("self_assessment_uid", "self"),
            ("appraiser_assessment_uid", "appraiser"),
            ("agreed_assessment_uid", "agreed"),
        ):
            uid = getattr(record, field)
            if uid is None:
                continue
            kind = kinds.get(uid)
            if kind is None:
                problems.append(f"{where}.{field}: not an assessment in this file")
            elif kind != wanted:
                problems.append(f"{where}.{field}: names a {kind} assessment, not {wanted}")
            elif wanted == "agreed":
                if uid in members:
                    problems.append(
                        f"{where}.{field}: already the agreed assessment of "
                        f"appraisal_records[{members[uid]}]"
                    )
                members[uid] = index
    return problems


@dataclass(frozen=True)
class ImportPreview:
    """Whom a portable file is about, read and checked before anything is written."""

    person_name: str
    person_known: bool
    """The person is in this library already (matched by identity)."""
    known_name: str
    """Their name in this library (when known; it may differ from the file's)."""
    assessments: int
    appraisals: int


def preview_import(lib: Library, path: Path, data: bytes | None = None) -> ImportPreview:
    """Read and check a portable file without writing anything: whom it is about.

    Raises:
        UserError: the file is not a valid portable file (every problem listed).
    """
    source = str(path)
    if data is None:
        data = _read_bytes(path)
    document = fmt.parse_portable(data, source)
    check_references(document, source)
    fmt.check_checksum(data, document, source)
    with unit(lib) as work:
        known = people_repo.get_by_uid(document.person.uid, session=work.session)
        return ImportPreview(
            person_name=document.person.name,
            person_known=known is not None,
            known_name=known.name if known is not None else "",
            assessments=len(document.assessments),
            appraisals=len(fmt.records_from_facts(document)),
        )


def import_portable(lib: Library, path: Path, data: bytes | None = None) -> PortableImportResult:
    """Read a portable file into the library: all of it, or nothing.

    An assessment signed here is never changed, and one changed here after the file's
    copy (a later ``updated_at``) keeps the change: a file only brings newer records.
    ``data``, when given, are the file's bytes read beforehand (by
    :func:`read_portable_bytes`, before the library's lock was taken).
    """
    source = str(path)
    if data is None:
        data = _read_bytes(path)
    document = fmt.parse_portable(data, source)
    check_references(document, source)
    fmt.check_checksum(data, document, source)
    records = fmt.records_from_facts(document)
    with unit(lib) as work:
        session = work.session
        _store_frameworks(lib, document, source, session=session)
        person, person_created = _apply_person(document.person, session=session)
        assert person.id is not None
        if person_created or person.id is not None:
            work.person_changed(person.id)
        created = updated = 0
        for index, item in enumerate(document.assessments):
            outcome = _apply_assessment(
                item, person.id, f"{source}: assessments[{index}]", session=session
            )
            # Before any sign-off below: a signed appraisal's plan is read-only.
            portable_plans.apply_plan(document, item.uid, source, session=session)
            created += outcome == "created"
            updated += outcome == "updated"
        for index, record in enumerate(records):
            _apply_record(
                record, person.id, f"{source}: appraisal_records[{index}]", session=session
            )
        for record in records:
            if record.signed_at is not None:
                _sign_record(record, session=session)
        found = assessments_repo.list_for_person(person.id, session=session)
        for row in found:
            assert row.id is not None
            work.assessment_changed(person.id, row.id)
            work.plan_changed(person.id, row.id)
        return PortableImportResult(
            person=person_view(person),
            person_created=person_created,
            assessments_created=created,
            assessments_updated=updated,
        )


def _store_frameworks(
    lib: Library, document: fmt.PortableFile, source: str, *, session: Session
) -> None:
    for index, item in enumerate(document.frameworks):
        existing = snapshots_repo.get(item.id, item.version, session=session)
        installed = _installed_sha256(lib, item.id, item.version)
        if installed is not None and installed != item.sha256:
            raise UserError(
                f"{source}: frameworks[{index}]: the framework {item.id}@{item.version} "
                "installed here has a different text; a framework's id and version must "
                "name one text"
            )
        if existing is None:
            snapshots_repo.add(
                item.id, item.version, sha256=item.sha256, content=item.content, session=session
            )
        elif existing.sha256 != item.sha256:
            raise UserError(
                f"{source}: frameworks[{index}]: this library already holds a different "
                f"framework {item.id}@{item.version}; a framework's id and version must "
                "name one text"
            )


def _installed_sha256(lib: Library, framework_id: str, version: str) -> str | None:
    try:
        return assessment_service.sha256_text(lib.frameworks.source_text(framework_id, version))
    except NotFound:
        return None


def _stored(moment: datetime | None) -> datetime | None:
    return as_stored(moment) if moment is not None else None


def _same(current: object, wanted: object) -> bool:
    """Equality that treats a naive datetime as UTC, so stored and read values compare."""
    if isinstance(current, datetime) and isinstance(wanted, datetime):
        return _stored(current) == _stored(wanted)
    return current == wanted


def _apply_person(item: fmt.PortablePerson, *, session: Session) -> tuple[Person, bool]:
    fields: dict[str, object] = {
        "name": item.name,
        "professional_group": item.professional_group,
        "job_title": item.job_title,
        "organisation": item.organisation,
    }
    person = people_repo.get_by_uid(item.uid, session=session)
    if person is None:
        now = utcnow()
        person = Person(
            uid=item.uid,
            created_at=_stored(item.created_at) or now,
            updated_at=_stored(item.updated_at) or now,
            **fields,  # type: ignore[arg-type]
        )
        people_repo.add(person, session=session)
        return person, True
    theirs = _stored(item.updated_at)
    if theirs is not None and _stored(person.updated_at) > theirs:  # type: ignore[operator]
        return person, False  # changed here after the file's copy: this library's wins
    changes = {name: value for name, value in fields.items() if getattr(person, name) != value}
    if changes:
        people_repo.update(person, changes, session=session)
        if theirs is not None:
            # As for assessments: both copies now say the same as of the same moment, so
            # a later change on either computer is recognised as newer.
            person.updated_at = theirs
            session.add(person)
    return person, False


def _apply_assessment(
    item: fmt.PortableAssessment, person_id: int, where: str, *, session: Session
) -> str:
    """Create or update one assessment; returns "created", "updated" or "unchanged"."""
    fields: dict[str, object] = {
        "framework_id": item.framework_id,
        "framework_version": item.framework_version,
        "kind": item.kind,
        "assessed_on": item.assessed_on,
        "status": item.status,
        "completed_at": _stored(item.completed_at),
    }
    wanted = {r.behaviour_id: (r.level, r.evidence) for r in item.ratings}
    assessment = assessments_repo.get_by_uid(item.uid, session=session)
    if assessment is not None and _kept_here(assessment, item, session=session):
        return "kept"
    outcome = "unchanged"
    if assessment is None:
        now = utcnow()
        assessment = Assessment(
            uid=item.uid,
            person_id=person_id,
            created_at=_stored(item.created_at) or now,
            updated_at=_stored(item.updated_at) or now,
            **fields,  # type: ignore[arg-type]
        )
        assessments_repo.add(assessment, session=session)
        outcome = "created"
    elif assessment.person_id != person_id:
        raise UserError(f"{where}.uid: this assessment belongs to another person in this library")
    else:
        changes = {k: v for k, v in fields.items() if not _same(getattr(assessment, k), v)}
        for name, value in changes.items():
            setattr(assessment, name, value)
        if changes:
            assessments_repo.touch(assessment, session=session)
            outcome = "updated"
    assert assessment.id is not None
    current = {
        r.behaviour_id: (r.level, r.evidence)
        for r in ratings_repo.list_for_assessment(assessment.id, session=session)
    }
    if current != wanted:
        ratings_repo.delete_all(assessment.id, session=session)
        for behaviour_id, (level, evidence) in wanted.items():
            ratings_repo.upsert(
                assessment.id, behaviour_id, level=level, evidence=evidence, session=session
            )
        if outcome == "unchanged":
            assessments_repo.touch(assessment, session=session)
            outcome = "updated"
    if outcome == "updated" and item.updated_at is not None:
        # Both copies now say the same, as of the same moment: a later change on either
        # computer is then recognised as newer.
        assessment.updated_at = as_stored(item.updated_at)
        session.add(assessment)
    return outcome


def _kept_here(assessment: Assessment, item: fmt.PortableAssessment, *, session: Session) -> bool:
    """Whether this library's copy wins: it belongs to a signed appraisal, or was
    changed after the file's."""
    assert assessment.id is not None
    if appraisal_repo.is_frozen(assessment.id, session=session):
        return True
    theirs = _stored(item.updated_at)
    return theirs is not None and _stored(assessment.updated_at) > theirs  # type: ignore[operator]


def _member_id(uid: str | None, *, session: Session) -> int | None:
    if uid is None:
        return None
    found = assessments_repo.get_by_uid(uid, session=session)
    assert found is not None and found.id is not None
    return found.id


def _matching_record(
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


def _apply_record(
    record: fmt.PortableAppraisalRecord, person_id: int, where: str, *, session: Session
) -> None:
    """Create or update one appraisal (a signed copy here is never changed)."""
    self_id = _member_id(record.self_assessment_uid, session=session)
    assert self_id is not None
    appraiser_id = _member_id(record.appraiser_assessment_uid, session=session)
    agreed_id = _member_id(record.agreed_assessment_uid, session=session)
    fields: dict[str, object] = {
        "self_assessment_id": self_id,
        "appraiser_assessment_id": appraiser_id,
        "agreed_assessment_id": agreed_id,
        "appraiser_name": record.appraiser_name,
        "held_on": record.held_on,
        "replaces_uid": record.replaces_uid,
    }
    current = _matching_record(record, self_id, agreed_id, session=session)
    if current is None:
        now = utcnow()
        appraisal_repo.add(
            Appraisal(
                uid=record.uid,
                person_id=person_id,
                created_at=_stored(record.created_at) or now,
                updated_at=_stored(record.updated_at) or now,
                **fields,  # type: ignore[arg-type]
            ),
            session=session,
        )
        return
    if current.person_id != person_id:
        raise UserError(f"{where}.uid: this appraisal belongs to another person in this library")
    if current.signed_at is not None:
        return
    theirs = _stored(record.updated_at)
    if theirs is not None and _stored(current.updated_at) > theirs:  # type: ignore[operator]
        return  # changed here after the file's copy: this library's wins
    changes = {k: v for k, v in fields.items() if not _same(getattr(current, k), v)}
    if changes:
        for name, value in changes.items():
            setattr(current, name, value)
        current.updated_at = theirs or utcnow()
        session.add(current)
        session.flush()


def _sign_record(record: fmt.PortableAppraisalRecord, *, session: Session) -> None:
    """Sign this library's copy of a record signed in the file (the last step)."""
    self_id = _member_id(record.self_assessment_uid, session=session)
    assert self_id is not None and record.signed_at is not None
    agreed_id = _member_id(record.agreed_assessment_uid, session=session)
    current = _matching_record(record, self_id, agreed_id, session=session)
    if current is None or current.signed_at is not None:
        return
    appraisal_repo.sign(
        current,
        appraisee=record.signed_by_appraisee,
        appraiser=record.signed_by_appraiser,
        at=record.signed_at,
        profile=record.signed_profile,
        session=session,
    )
