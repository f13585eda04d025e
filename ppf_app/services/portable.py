"""Portable files: one person's records out of one library and into another.

Export writes the person's profile, assessments (with ratings and answers), plans,
appraisals and the framework files those assessments were made with; nothing of anyone
else. The file is signed with this library's key (:mod:`ppf_app.services.keys`), each
signed appraisal carries its sign-off signatures (:mod:`ppf_app.services.signing`), and
it may be protected with a passphrase (:mod:`ppf_app.services.portable_encryption`).

Import is honest about what it does. Before anything is written the whole file is
checked: its format and types, that its content matches its version, its checksum
(accidental damage), its signature (a deliberate edit), every signed appraisal's
signatures, every reference, and that no time in it is far in the future. Then, in one
transaction, it works out record by record what it will add, change and leave alone
(:mod:`ppf_app.services.portable_summary`), and who signed the file: a key this library
knows for the person, its own, or one to confirm. :func:`preview_import` works it all
out and changes nothing; :func:`import_portable` applies it, and refuses (changing
nothing) when the key is not trusted, when it would change records already here without
consent, or when the library changed since the summary the user agreed to.
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
from ppf_app.domain import canonical
from ppf_app.domain import portable_format as fmt
from ppf_app.domain.framework import Framework
from ppf_app.services import assessments as assessment_service
from ppf_app.services import keys, portable_encryption, portable_plans, signing
from ppf_app.services.people import person_view
from ppf_app.services.portable_apply import (
    Applying,
    apply_assessment,
    apply_person,
    apply_record,
    sign_record,
    signed_members,
)
from ppf_app.services.portable_summary import ImportSummary, KeyStatus, Signer
from ppf_app.services.unit import unit
from ppf_app.services.views import PortableImportResult
from ppf_app.storage.models import Appraisal, Assessment, Person
from ppf_app.storage.repositories import appraisal as appraisal_repo
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import people as people_repo
from ppf_app.storage.repositories import prompt_answers as prompt_answers_repo
from ppf_app.storage.repositories import ratings as ratings_repo
from ppf_app.storage.repositories import snapshots as snapshots_repo

if TYPE_CHECKING:
    from ppf_app.services.library import Library

__all__ = [
    "ImportNotAgreed",
    "ImportSummary",
    "ImportedFile",
    "KeyStatus",
    "PassphraseNeeded",
    "build_portable",
    "export_person",
    "import_portable",
    "is_encrypted",
    "preview_import",
    "read_portable_bytes",
]


# -- export ----------------------------------------------------------------------------


def build_portable(lib: Library, person_id: int) -> fmt.PortableFile:
    """The portable form of one person's records (unsigned: :func:`export_person` signs).

    Raises:
        NotFound: no such person.
        UserError: a signed appraisal no longer matches its signatures.
    """
    with unit(lib) as work:
        session = work.session
        person = people_repo.get(person_id, session=session)
        if person is None:
            raise NotFound(f"person {person_id}: no such person")
        assert person.id is not None
        rows = assessments_repo.list_for_person(person.id, session=session)
        portable_assessments = [_portable_assessment(row, session=session) for row in rows]
        keys_used = list(dict.fromkeys((row.framework_id, row.framework_version) for row in rows))
        frameworks = [_portable_framework(lib, key, session=session) for key in keys_used]
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
                department=person.department,
                created_at=person.created_at,
                updated_at=person.updated_at,
            ),
            assessments=portable_assessments,
            frameworks=frameworks,
            plans=portable_plans.export_plans(rows, session=session),
            appraisal_records=[
                _portable_record(lib, record, uids, session=session)
                for record in reversed(appraisal_repo.for_person(person.id, session=session))
            ],
        )


def _portable_record(
    lib: Library, record: Appraisal, uids: dict[int | None, str], *, session: Session
) -> fmt.PortableAppraisalRecord:
    def uid_of(assessment_id: int | None) -> str | None:
        return uids[assessment_id] if assessment_id is not None else None

    when = f"the appraisal of {record.held_on.isoformat()} (appraisal {record.id})"
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
        signatures=signing.for_export(lib, record, when, session=session),
        countersignatures=signing.countersignatures_for_export(record, session=session),
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
        group_id=row.group_id,
        ratings=[
            fmt.PortableRating(
                behaviour_id=r.behaviour_id,
                level=r.level,
                not_applicable=bool(r.not_applicable),
                evidence=r.evidence,
                updated_at=r.updated_at,
            )
            for r in ratings_repo.list_for_assessment(row.id, session=session)
        ],
        prompt_answers=[
            fmt.PortablePromptAnswer(prompt_id=a.prompt_id, text=a.text, updated_at=a.updated_at)
            for a in prompt_answers_repo.list_for_assessment(row.id, session=session)
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


def export_bytes(lib: Library, person_id: int, *, passphrase: str | None = None) -> bytes:
    """A person's portable file, signed with this library's key (made on first use),
    and protected with ``passphrase`` when one is given."""
    if passphrase is not None:
        portable_encryption.check_passphrase(passphrase)
    with unit(lib):  # one unit: a record signed for the first time is kept signed
        document = build_portable(lib, person_id)
        data = fmt.dump_portable(document, keys.library_key(lib).sign_file)
    if passphrase is not None:
        data = portable_encryption.encrypt(data, passphrase)
    return data


def export_person(
    lib: Library, person_id: int, out: Path, *, passphrase: str | None = None
) -> Path:
    """Write a person's portable file to ``out`` (owner-only, replaced atomically)."""
    _check_export_path(out)
    _write_export(out, export_bytes(lib, person_id, passphrase=passphrase))
    return out


def _check_export_path(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give a file name")
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist")


def _write_export(path: Path, data: bytes) -> None:
    """Write the portable file whole or not at all, with a clear message when it can't."""
    _check_export_path(path)
    try:
        files.write_private_atomic(path, data)
    except OSError as exc:
        raise UserError(f"{path}: cannot write the file: {exc.strerror or exc}") from None


# -- reading -----------------------------------------------------------------------------


class PassphraseNeeded(UserError):
    """The file is protected with a passphrase and none was given."""


def is_encrypted(data: bytes) -> bool:
    """Whether a portable file's bytes are protected with a passphrase."""
    return portable_encryption.is_encrypted(data)


def read_portable_bytes(path: Path) -> bytes:
    """A portable file's bytes (protected or not), to read before the library is opened
    (see :func:`import_portable`'s ``data``); only a regular file is read, so reading
    never waits."""
    return files.read_regular_file(
        path, max_bytes=portable_encryption.MAX_ENVELOPE_BYTES, what="portable file"
    )


def _plain(data: bytes, source: str, passphrase: str | None) -> bytes:
    if not portable_encryption.is_encrypted(data):
        return data
    if passphrase is None:
        raise PassphraseNeeded(
            f"{source}: protected with a passphrase; give the passphrase the sender chose"
        )
    return portable_encryption.decrypt(data, passphrase, source)


@dataclass(frozen=True)
class _Checked:
    document: fmt.PortableFile
    signer: keys.PublicKey | None
    records: list[fmt.PortableAppraisalRecord]


def _check_file(data: bytes, source: str) -> _Checked:
    """Everything that can be checked without the library; nothing is written.

    Raises:
        UserError: every problem, one a line.
    """
    document = fmt.parse_portable(data, source)
    check_references(document, source)
    fmt.check_checksum(data, document, source)
    signer = _check_file_signature(document, source)
    records = fmt.records_from_facts(document)
    problems: list[str] = []
    for index, record in enumerate(records):
        problems += signing.file_record_problems(
            document, record, f"{source}: appraisal_records[{index}]"
        )
    problems += fmt.future_problems(document, source, datetime.now(UTC))
    if problems:
        raise UserError(problems[: fmt.MAX_PROBLEMS_SHOWN])
    return _Checked(document, signer, records)


def _check_file_signature(document: fmt.PortableFile, source: str) -> keys.PublicKey | None:
    """The key that signed the file, once its signature is checked (None for a file of
    a version before signatures)."""
    if document.signature is None:
        return None
    assert document.checksum is not None  # checked before
    key = keys.PublicKey.from_text(document.signature.public_key)
    statement = canonical.file_statement(document.checksum)
    if key is None or not keys.verifies(
        document.signature.public_key, document.signature.signature, statement
    ):
        raise UserError(
            f"{source}: signature: does not match the file's content: the file was changed "
            "after it was signed (or the signature was copied from another file); it is "
            "refused. Ask for a new export"
        )
    return key


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
        problems.extend(_answer_problems(assessment, framework, where))
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
        if rating.not_applicable:
            if rating.level is not None:
                problems.append(f"{at}.level: a not-applicable answer has no level")
            problem = assessment_service.not_applicable_problem(framework, rating.behaviour_id)
            if problem and rating.behaviour_id in framework.behaviour_index:
                problems.append(f"{at}.not_applicable: {problem}")
    return problems


def _answer_problems(
    assessment: fmt.PortableAssessment, framework: Framework, where: str
) -> list[str]:
    """The group an assessment is made for, and its answers to prompts."""
    problems: list[str] = []
    if assessment.group_id:
        try:
            assessment_service.check_group(framework, assessment.group_id)
        except UserError as exc:
            problems.extend(f"{where}.group_id: {line}" for line in exc.problems)
    asked = {prompt.id for prompt in framework.prompts_for(assessment.group_id or None)}
    seen: set[str] = set()
    for index, answer in enumerate(assessment.prompt_answers):
        at = f"{where}.prompt_answers[{index}].prompt_id"
        if answer.prompt_id in seen:
            problems.append(f"{at}: {answer.prompt_id!r} is answered twice")
        elif answer.prompt_id not in asked:
            problems.append(
                f"{at}: {answer.prompt_id!r} is not a prompt of framework {framework.id} "
                f"{framework.version} for this assessment's group"
            )
        seen.add(answer.prompt_id)
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


# -- importing ---------------------------------------------------------------------------------


class ImportNotAgreed(UserError):
    """The import was worked out but not applied (nothing changed): its key is not
    trusted yet, or it changes records here and that was not agreed. ``summary`` says
    what it would have done."""

    def __init__(self, summary: ImportSummary, problems: list[str]) -> None:
        self.summary = summary
        super().__init__(problems)


@dataclass(frozen=True)
class ImportedFile(PortableImportResult):
    """What a portable file changed in the library, and the summary it was applied by."""

    summary: ImportSummary | None = None


class _DryRun(Exception):
    """Ends a preview's transaction, which rolls back: the preview changes nothing."""

    def __init__(self, summary: ImportSummary) -> None:
        self.summary = summary
        super().__init__("preview")


def preview_import(
    lib: Library, path: Path, data: bytes | None = None, *, passphrase: str | None = None
) -> ImportSummary:
    """Read and check a portable file and work out what importing it would add, change
    and leave alone, and who signed it, without changing anything.

    Raises:
        PassphraseNeeded: the file is protected and no passphrase was given.
        UserError: the file is not a valid, untampered portable file (every problem
            listed), or the passphrase is wrong.
    """
    try:
        _import(lib, path, data, passphrase=passphrase, dry_run=True)
    except _DryRun as done:
        return done.summary
    raise AssertionError("a dry run always ends in _DryRun")  # pragma: no cover


def import_portable(
    lib: Library,
    path: Path,
    data: bytes | None = None,
    *,
    passphrase: str | None = None,
    trust: str | None = None,
    allow_changes: bool = True,
    expected: ImportSummary | None = None,
) -> ImportedFile:
    """Read a portable file into the library: all of it, or nothing.

    Args:
        data: the file's bytes read beforehand (by :func:`read_portable_bytes`, before
            the library's lock was taken).
        passphrase: for a protected file.
        trust: the fingerprint of the file's key, confirmed by the user: needed when no
            key is known for the person yet, or the file's key is not the one known.
        allow_changes: False refuses an import that changes what this library already
            holds (a person's name, an assessment): ``ppf import`` without ``--yes``.
        expected: the summary the user agreed to (:func:`preview_import`); refused if
            the import would now do anything else.

    Raises:
        ImportNotAgreed: the key needs trusting, or changes were not allowed; nothing
            changed, and the exception's ``summary`` says what would have.
        UserError: the file is not valid or was tampered with, or the library changed
            since ``expected``.
    """
    return _import(
        lib,
        path,
        data,
        passphrase=passphrase,
        trust=trust,
        allow_changes=allow_changes,
        expected=expected,
    )


def _signer(
    lib: Library, key: keys.PublicKey | None, person_uid: str, *, session: Session
) -> Signer:
    known = tuple(row.fingerprint for row in keys.known_for(person_uid, session=session))
    if key is None:
        return Signer(KeyStatus.UNSIGNED, known=known)
    own = keys.existing_key(lib)
    if own is not None and own.raw == key.raw:
        return Signer(KeyStatus.OWN, key.fingerprint, known)
    if key.fingerprint in known:
        return Signer(KeyStatus.KNOWN, key.fingerprint, known)
    return Signer(KeyStatus.DIFFERENT if known else KeyStatus.NEW, key.fingerprint, known)


def _import(
    lib: Library,
    path: Path,
    data: bytes | None,
    *,
    passphrase: str | None,
    trust: str | None = None,
    allow_changes: bool = True,
    expected: ImportSummary | None = None,
    dry_run: bool = False,
) -> ImportedFile:
    source = str(path)
    if data is None:
        data = read_portable_bytes(path)
    checked = _check_file(_plain(data, source, passphrase), source)
    document = checked.document
    wanted = None
    if trust is not None:
        wanted = canonical.normal_fingerprint(trust)
        if wanted is None:
            raise UserError(
                f"--trust: {trust!r} is not a key fingerprint (XXXX-XXXX-XXXX-XXXX-XXXX)"
            )
    with unit(lib) as work:
        session = work.session
        signer = _signer(lib, checked.signer, document.person.uid, session=session)
        if signer.status is KeyStatus.UNSIGNED and signer.known:
            raise UserError(
                f"{source}: a version {document.version} file, not signed, about someone "
                f"whose files are signed (key {', '.join(signer.known)}); it is refused. "
                "Ask for a new export from the current version of the app"
            )
        if wanted is not None and wanted != signer.fingerprint:
            raise UserError(
                f"{source}: signed by {signer.fingerprint or 'no key'}, not by {wanted} "
                "given to trust; nothing was imported"
            )
        known_person = people_repo.get_by_uid(document.person.uid, session=session)
        # Everything below is undone unless the import is agreed, even inside an operation
        # that goes on (a preview in the app runs in the app's unit of work).
        with session.begin_nested():  # a savepoint: released if agreed, else rolled back
            person, person_created, summary = _apply(
                lib, checked, source, signer, wanted, known_person, session=session
            )
            if dry_run:
                raise _DryRun(summary)
            trusted = not signer.needs_trust or wanted == signer.fingerprint
            _agreed(summary, trusted=trusted, allow_changes=allow_changes)
            if expected is not None and not summary.same_as(expected):
                raise UserError(
                    f"{source}: this library changed since the file was read; nothing was "
                    "imported. Import it again to see what it would change now"
                )
        assert person.id is not None
        work.person_changed(person.id)
        for row in assessments_repo.list_for_person(person.id, session=session):
            assert row.id is not None
            work.assessment_changed(person.id, row.id)
            work.plan_changed(person.id, row.id)
        return ImportedFile(
            person=person_view(person),
            person_created=person_created,
            assessments_created=summary.assessments_created,
            assessments_updated=summary.assessments_updated,
            summary=summary,
        )


def _apply(
    lib: Library,
    checked: _Checked,
    source: str,
    signer: Signer,
    wanted: str | None,
    known_person: Person | None,
    *,
    session: Session,
) -> tuple[Person, bool, ImportSummary]:
    """Bring the file's records in, noting each decision; the person and the summary."""
    document = checked.document
    applying = Applying(document=document, source=source, session=session)
    applying.forced = signed_members(applying, checked.records)
    _store_frameworks(lib, document, source, session=session)
    person, person_created = apply_person(applying, document.person)
    assert person.id is not None
    for index, item in enumerate(document.assessments):
        apply_assessment(applying, item, person.id, f"{source}: assessments[{index}]")
        # Before any sign-off below: a signed appraisal's plan is read-only.
        portable_plans.apply_plan(applying, item.uid)
    for index, record in enumerate(checked.records):
        apply_record(applying, record, person.id, f"{source}: appraisal_records[{index}]")
    for index, record in enumerate(checked.records):
        if record.signed_at is not None:
            signed = sign_record(applying, record)
            if signed is not None:
                _verify_stored(lib, signed, f"{source}: appraisal_records[{index}]", session)
            _take_countersignatures(lib, applying, record, session)
    if signer.needs_trust and checked.signer is not None:
        applying.notes.add(f"trust key {signer.fingerprint} for files about {document.person.name}")
        if wanted == signer.fingerprint:
            keys.trust(document.person.uid, checked.signer, session=session)
    summary = _summary(
        document,
        source,
        signer,
        applying,
        known_person.name if known_person is not None else "",
        known_person is not None,
    )
    return person, person_created, summary


def _summary(
    document: fmt.PortableFile,
    source: str,
    signer: Signer,
    applying: Applying,
    known_name: str,
    person_known: bool,
) -> ImportSummary:
    notes = applying.notes
    return ImportSummary(
        source=source,
        version=document.version,
        person_uid=document.person.uid,
        person_name=document.person.name,
        person_known=person_known,
        known_name=known_name,
        signer=signer,
        added=tuple(notes.added),
        changed=tuple(notes.changed),
        kept=tuple(notes.kept),
        assessments=len(document.assessments),
        appraisals=len(fmt.records_from_facts(document)),
        assessments_created=notes.assessments_created,
        assessments_updated=notes.assessments_updated,
    )


def _agreed(summary: ImportSummary, *, trusted: bool, allow_changes: bool) -> None:
    """Refuse (changing nothing) an import whose key is not trusted, or whose changes
    to records already here were not agreed."""
    signer = summary.signer
    if not trusted and signer.status is KeyStatus.NEW:
        raise ImportNotAgreed(
            summary,
            [
                f"{summary.source}: signed by a key not yet known for {summary.person_name}: "
                f"{signer.fingerprint}; nothing was imported",
                f"{summary.source}: compare this fingerprint with the person who sent the "
                "file (their app shows it on the profile page; ppf key show prints it), then "
                f"import again with --trust {signer.fingerprint}",
            ],
        )
    if not trusted and signer.status is KeyStatus.DIFFERENT:
        raise ImportNotAgreed(
            summary,
            [
                f"{summary.source}: signed by {signer.fingerprint}, which is NOT the key known "
                f"for {summary.person_name} ({', '.join(signer.known)}); nothing was imported",
                f"{summary.source}: if their computer was replaced, or someone else now sends "
                "their files, compare the new fingerprint with them, then import again with "
                f"--trust {signer.fingerprint}",
            ],
        )
    if summary.needs_yes and not allow_changes:
        raise ImportNotAgreed(
            summary,
            [
                f"{summary.source}: changes records already in this library (listed above); "
                "nothing was imported. Import again with --yes to apply these changes"
            ],
        )


def _take_countersignatures(
    lib: Library, applying: Applying, record: fmt.PortableAppraisalRecord, session: Session
) -> None:
    """The file's countersignatures of a signed record held here (just signed or signed
    before), checked against it; each one taken in, or left out, is noted."""
    row = appraisal_repo.get_by_uid(record.uid, session=session)
    if row is None or row.signed_at is None or not record.countersignatures:
        return
    label = f"appraisal of {record.held_on.isoformat()}"
    taken, left = signing.take_countersignatures(
        lib, row, list(record.countersignatures), session=session
    )
    for role, fingerprint in taken:
        applying.notes.add(f"{label}: countersigned by the {role}'s own key {fingerprint}")
    for role, fingerprint in left:
        applying.notes.keep(
            f"{label}: the {role}'s countersignature (key {fingerprint}) is of other content "
            "than the signed record here; it is left out"
        )


def _verify_stored(lib: Library, row: Appraisal, where: str, session: Session) -> None:
    """A signed record just imported must read back as signed (belt and braces)."""
    if signing.check(lib, row, session=session).state is not signing.SignatureState.VERIFIED:
        raise UserError(
            f"{where}: the signed appraisal would not be stored as it was signed (this "
            "library holds other content for it); nothing was imported"
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
