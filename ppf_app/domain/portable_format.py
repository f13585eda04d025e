"""The portable file: one person's records, to carry them to another computer.

A portable file is UTF-8 JSON::

    {"format": "ppf-portable", "version": 1, "exported_at": ..., "app_version": ...,
     "person": {...}, "assessments": [...], "frameworks": [...], "plans": []}

It holds one person's profile, their assessments with ratings, and a copy of every
framework file those assessments were made with (so the other computer shows them the
same way), and nothing of anyone else. Records carry their ``uid``, so importing a file
again updates what an earlier import created instead of duplicating it.

The models are strict: unknown keys are refused and types are not coerced. A later
version may add optional keys; a file whose ``version`` is newer than
:data:`FORMAT_VERSION` is refused with a message saying so. ``plans`` holds the
development plans of those assessments (objectives and review date), each naming its
assessment by uid; files written before plans were stored carry an empty list.

Version 2 adds ``appraisals`` (who rated an appraiser or agreed assessment, the self
assessment it reviews, and its sign-off) and ``checksum``: the sha256 of the canonical
JSON of everything else in the file (see :func:`content_checksum`). A version 2 file
without a checksum, or whose content does not match it, is refused; version 1 files
were written before the checksum existed and are accepted without one.

Version 3 carries each appraisal as one record, ``appraisal_records``: the self
assessment it reviews, the appraiser's and the agreed assessments (by uid), the
appraiser's name, its date and its sign-off. ``appraisals`` (version 2's facts of each
reviewing assessment) is still read from version 2 files and turned into records; a
version 3 file carries none. Version 3 also carries the answers of format 2 frameworks
(``not_applicable`` on a rating, ``group_id`` and ``prompt_answers`` on an assessment,
``department`` on the person) and two kinds of signature:

- ``signature``: the exporting library's Ed25519 signature over the file's content (the
  statement of :func:`ppf_app.domain.canonical.file_statement` naming the checksum),
  with its public key. Required: an unsigned version 3 file is refused.
- ``signatures`` on a signed appraisal record: each party's sign-off signature over the
  canonical form of everything the signed appraisal shows
  (:func:`ppf_app.domain.canonical.appraisal_document`, built from the file by
  :func:`record_content`). A signed record carries one for each role; an unsigned one
  carries none.
- ``countersignatures`` on a signed appraisal record: signatures of the same form added
  later by the other party's own library (the sign-off is made on one computer, whose key
  signs for both roles), at most one per role and key.

A file's content must match its version (:func:`version_problems`): a version 1 file
carries no appraisals, and no earlier version carries what version 3 added, so a file
cannot be passed off as an older one to skip a check. Versions 1 and 2 carry no
signatures, so a version 2 file with a signed appraisal is refused too.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
)

from ppf_app.core.errors import UserError
from ppf_app.domain import canonical
from ppf_app.domain.framework import FRAMEWORK_ID_PATTERN

FORMAT_NAME: Final = "ppf-portable"
FORMAT_VERSION: Final = 3
#: From this version on appraisals travel as records (``appraisal_records``).
RECORDS_FROM_VERSION: Final = 3
#: From this version on a file must carry the checksum of its content.
CHECKSUM_FROM_VERSION: Final = 2
#: From this version on a file is signed, and so is each signed appraisal in it.
SIGNED_FROM_VERSION: Final = 3
#: How far ahead of this computer's clock a time in a file may be (another computer's
#: clock may be a little fast); anything later is refused.
MAX_CLOCK_AHEAD: Final = timedelta(days=1)
MAX_BYTES = 20 * 1024 * 1024
MAX_FRAMEWORK_CHARS = 2 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 100

UID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
#: An Ed25519 public key (32 bytes) and signature (64 bytes), in base64.
PUBLIC_KEY_PATTERN = r"^[A-Za-z0-9+/]{43}=$"
SIGNATURE_PATTERN = r"^[A-Za-z0-9+/]{86}==$"
UID_OR_EMPTY_PATTERN = r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$"


def _encodable(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains characters that are not valid Unicode") from None
    return text


def _one_line(text: str) -> str:
    text = text.strip()
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise ValueError("must be one line without control characters")
    return text


def _utc(moment: datetime) -> datetime:
    """An aware UTC moment (a naive one is taken to be UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range") from None


Text = Annotated[StrictStr, AfterValidator(_encodable)]
#: A single line of text, trimmed: names and titles.
Line = Annotated[StrictStr, AfterValidator(_encodable), AfterValidator(_one_line)]
Moment = Annotated[datetime, AfterValidator(_utc)]


def _not_blank(text: str) -> str:
    if not text:
        raise ValueError("must not be empty")
    return text


RequiredLine = Annotated[Line, AfterValidator(_not_blank)]


def _text(min_length: int = 0, max_length: int = 200) -> Any:
    return Field(min_length=min_length, max_length=max_length)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PortablePerson(_Strict):
    uid: Text = Field(pattern=UID_PATTERN)
    name: RequiredLine = _text(1, 200)
    professional_group: RequiredLine = _text(1, 64)
    job_title: Line = _text(0, 200)
    organisation: Line = _text(0, 200)
    department: Line = Field(default="", max_length=200)
    created_at: Moment | None = None
    updated_at: Moment | None = None


#: A whole number a database column can hold (SQLite's INTEGER is 64-bit, signed).
StoredInt = Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)]


class PortableRating(_Strict):
    behaviour_id: Text = _text(1, 128)
    level: StoredInt | None
    not_applicable: StrictBool = False
    """Answered "not applicable" (the framework offers it); then ``level`` is null."""
    evidence: Text = Field(default="", max_length=20_000)
    updated_at: Moment | None = None


class PortablePromptAnswer(_Strict):
    """The answer, in words, to one of the framework's prompts."""

    prompt_id: Text = _text(1, 128)
    text: Text = Field(min_length=1, max_length=10_000)
    updated_at: Moment | None = None


class PortableAssessment(_Strict):
    uid: Text = Field(pattern=UID_PATTERN)
    framework_id: Text = Field(pattern=FRAMEWORK_ID_PATTERN)
    framework_version: Text = _text(1, 64)
    kind: Literal["self", "appraiser", "agreed"]
    assessed_on: date
    status: Literal["draft", "complete"]
    created_at: Moment | None = None
    updated_at: Moment | None = None
    completed_at: Moment | None = None
    group_id: Text = Field(default="", max_length=64)
    """The framework group the assessment is made for ("" for the framework's own)."""
    ratings: list[PortableRating] = Field(max_length=10_000)
    prompt_answers: list[PortablePromptAnswer] = Field(default_factory=list, max_length=1_000)


class PortableFramework(_Strict):
    id: Text = Field(pattern=FRAMEWORK_ID_PATTERN)
    version: Text = _text(1, 64)
    sha256: Text = Field(pattern=SHA256_PATTERN)
    content: Text = Field(min_length=1, max_length=MAX_FRAMEWORK_CHARS)


class PortableAppraisal(_Strict):
    """Who rated an appraiser or agreed assessment, what it reviews, and its sign-off."""

    assessment_uid: Text = Field(pattern=UID_PATTERN)
    reviews_uid: Text = Field(default="", pattern=UID_OR_EMPTY_PATTERN)
    rated_by: Line = Field(default="", max_length=200)
    replaces_uid: Text = Field(default="", pattern=UID_OR_EMPTY_PATTERN)
    signed_at: Moment | None = None
    signed_by_appraisee: Line = Field(default="", max_length=200)
    signed_by_appraiser: Line = Field(default="", max_length=200)


class PortableSignOff(_Strict):
    """One party's signature of a signed appraisal (see :mod:`ppf_app.domain.canonical`)."""

    role: Literal["appraisee", "appraiser"]
    signer: RequiredLine = _text(1, 200)
    public_key: Text = Field(pattern=PUBLIC_KEY_PATTERN)
    signature: Text = Field(pattern=SIGNATURE_PATTERN)
    content_sha256: Text = Field(pattern=SHA256_PATTERN)
    signed_at: Moment


class PortableFileSignature(_Strict):
    """The exporting library's signature of the file's content, and its public key."""

    public_key: Text = Field(pattern=PUBLIC_KEY_PATTERN)
    signature: Text = Field(pattern=SIGNATURE_PATTERN)


class PortableAppraisalRecord(_Strict):
    """One appraisal: what it reviews, who rated, what was agreed, and its sign-off."""

    uid: Text = Field(pattern=UID_PATTERN)
    self_assessment_uid: Text = Field(pattern=UID_PATTERN)
    appraiser_assessment_uid: Text | None = Field(default=None, pattern=UID_PATTERN)
    agreed_assessment_uid: Text | None = Field(default=None, pattern=UID_PATTERN)
    appraiser_name: Line = Field(default="", max_length=200)
    held_on: date
    replaces_uid: Text = Field(default="", pattern=UID_OR_EMPTY_PATTERN)
    created_at: Moment | None = None
    updated_at: Moment | None = None
    signed_at: Moment | None = None
    signed_by_appraisee: Line = Field(default="", max_length=200)
    signed_by_appraiser: Line = Field(default="", max_length=200)
    signed_profile: Text = Field(default="", max_length=2_000)
    """The person as they were when signed (JSON), kept with the sign-off."""
    signatures: list[PortableSignOff] = Field(default_factory=list, max_length=2)
    """Both parties' signatures of a signed record (none for an unsigned one)."""
    countersignatures: list[PortableSignOff] = Field(default_factory=list, max_length=4)
    """Each party's own key's signature of the signed record, added on their computer
    after the sign-off (which signs both roles with the key of the meeting's computer)."""


class PortableObjective(_Strict):
    """One objective of a plan, in the plan's order."""

    uid: Text = Field(pattern=UID_PATTERN)
    text: Text = _text(1, 2_000)
    behaviour_ids: list[Annotated[Text, Field(min_length=1, max_length=128)]] = Field(
        default_factory=list, max_length=1_000
    )
    activity: Text = Field(default="", max_length=10_000)
    support: Text = Field(default="", max_length=10_000)
    success_measure: Text = Field(default="", max_length=10_000)
    target_date: date | None = None
    status: Literal["not_started", "in_progress", "done", "carried_forward"] = "not_started"
    carried_from_uid: Text | None = Field(default=None, pattern=UID_PATTERN)
    reflection: Text = Field(default="", max_length=10_000)


class PortablePlan(_Strict):
    """The development plan of one assessment of the file."""

    uid: Text = Field(pattern=UID_PATTERN)
    assessment_uid: Text = Field(pattern=UID_PATTERN)
    review_date: date | None = None
    created_at: Moment | None = None
    updated_at: Moment | None = None
    objectives: list[PortableObjective] = Field(default_factory=list, max_length=1_000)


class PortableFile(_Strict):
    format: Literal["ppf-portable"]
    version: Literal[1, 2, 3]
    exported_at: Moment
    app_version: RequiredLine = _text(1, 64)
    person: PortablePerson
    assessments: list[PortableAssessment] = Field(max_length=10_000)
    frameworks: list[PortableFramework] = Field(max_length=1_000)
    plans: list[PortablePlan] = Field(default_factory=list, max_length=10_000)
    appraisals: list[PortableAppraisal] = Field(default_factory=list, max_length=10_000)
    appraisal_records: list[PortableAppraisalRecord] = Field(
        default_factory=list, max_length=10_000
    )
    checksum: Text | None = Field(default=None, pattern=SHA256_PATTERN)
    signature: PortableFileSignature | None = None


#: Names the appraisal records made from a version 2 file, so importing it twice finds
#: the same records.
_RECORDS_FROM_FACTS = uuid.UUID("6f1f0c5e-8f0b-4a43-9d8e-2a7f43b1c0de")


def records_from_facts(document: PortableFile) -> list[PortableAppraisalRecord]:
    """A version 2 file's appraisal facts as version 3 records (the file's own records
    for a version 3 file).

    Each agreed assessment reviewing a self assessment becomes one record with the newest
    appraiser's assessment of it; an appraiser's assessment with no agreed one becomes a
    record still in rating. A record's uid is made from its first member's, so the same
    file gives the same records.
    """
    if document.version >= RECORDS_FROM_VERSION:
        return list(document.appraisal_records)
    by_uid = {item.uid: item for item in document.assessments}
    facts = sorted(
        (item for item in document.appraisals if item.assessment_uid in by_uid),
        key=lambda item: (
            by_uid[item.assessment_uid].created_at or datetime.min.replace(tzinfo=UTC),
            item.assessment_uid,
        ),
    )
    records: list[PortableAppraisalRecord] = []
    uid_of_agreed: dict[str, str] = {}
    for self_uid, own in by_uid.items():
        if own.kind != "self":
            continue
        mine = [item for item in facts if item.reviews_uid == self_uid]
        appraisers = [item for item in mine if by_uid[item.assessment_uid].kind == "appraiser"]
        agreeds = [item for item in mine if by_uid[item.assessment_uid].kind == "agreed"]
        newest = appraisers[-1] if appraisers else None
        reviews: list[PortableAppraisal | None] = list(agreeds) or ([None] if newest else [])
        for agreed in reviews:
            first = agreed or newest
            assert first is not None
            member = by_uid[first.assessment_uid]
            uid = str(uuid.uuid5(_RECORDS_FROM_FACTS, first.assessment_uid))
            if agreed is not None:
                uid_of_agreed[agreed.assessment_uid] = uid
            records.append(
                PortableAppraisalRecord(
                    uid=uid,
                    self_assessment_uid=self_uid,
                    appraiser_assessment_uid=newest.assessment_uid if newest else None,
                    agreed_assessment_uid=agreed.assessment_uid if agreed else None,
                    appraiser_name=(agreed.rated_by if agreed else "")
                    or (newest.rated_by if newest else ""),
                    held_on=member.assessed_on,
                    replaces_uid=agreed.replaces_uid if agreed else "",
                    created_at=member.created_at,
                    updated_at=member.updated_at,
                    signed_at=agreed.signed_at if agreed else None,
                    signed_by_appraisee=agreed.signed_by_appraisee if agreed else "",
                    signed_by_appraiser=agreed.signed_by_appraiser if agreed else "",
                )
            )
    # Version 2 named the replaced agreed assessment; records name the replaced record.
    return [
        record.model_copy(update={"replaces_uid": uid_of_agreed.get(record.replaces_uid, "")})
        if record.replaces_uid
        else record
        for record in records
    ]


# -- reading ---------------------------------------------------------------------------


def location(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a path: ``assessments[0].ratings[2].level``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
}


def describe_errors(source: str, error: ValidationError) -> list[str]:
    """One ``FILE: LOCATION: problem`` line per validation error."""
    lines = []
    for item in error.errors(include_url=False, include_input=False):
        loc = tuple(item["loc"])
        message = _MESSAGES.get(item["type"])
        if message is None:
            message = str(item["msg"])
            message = message[:1].lower() + message[1:]
        lines.append(f"{source}: {location(loc)}: {message}")
    if len(lines) > MAX_PROBLEMS_SHOWN:
        extra = len(lines) - MAX_PROBLEMS_SHOWN
        lines = [*lines[:MAX_PROBLEMS_SHOWN], f"{source}: {extra} more problems not shown"]
    return lines


def parse_portable(data: bytes, source: str) -> PortableFile:
    """A portable file's bytes as a validated :class:`PortableFile`.

    Raises:
        UserError: with one ``FILE: LOCATION: problem`` line per problem.
    """
    if len(data) > MAX_BYTES:
        raise UserError(f"{source}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(f"{source}: line {line}: not valid UTF-8") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{source}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise UserError(f"{source}: not valid JSON ({exc})") from None
    _check_header(document, source)
    try:
        parsed = PortableFile.model_validate_json(text)
    except ValidationError as exc:
        raise UserError(describe_errors(source, exc)) from None
    problems = version_problems(document, parsed, source)
    if problems:
        raise UserError(problems[:MAX_PROBLEMS_SHOWN])
    return parsed


def _check_header(document: object, source: str) -> None:
    """Refuse what is not a portable file, or one from a newer version, with one line."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise UserError(f'{source}: not a PPF portable file (no "format": "{FORMAT_NAME}")')
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise UserError(
            f"{source}: version: written by a newer version of the app (portable file "
            f"version {version}; this version reads up to {FORMAT_VERSION}); update the app "
            "to import it"
        )


#: What each version added, by where it is in the file (``*``: every item of a list):
#: an earlier version's file carrying any of it is not what it says it is.
_ADDED_IN: Final[dict[int, dict[tuple[str, ...], frozenset[str]]]] = {
    2: {(): frozenset({"appraisals"})},
    3: {
        (): frozenset({"appraisal_records", "signature"}),
        ("person",): frozenset({"department"}),
        ("assessments", "*"): frozenset({"group_id", "prompt_answers"}),
        ("assessments", "*", "ratings", "*"): frozenset({"not_applicable"}),
    },
}


def _objects_at(document: object, path: tuple[str, ...], where: str) -> list[tuple[str, Any]]:
    """The JSON objects at ``path`` in ``document``, each with its location."""
    if not path:
        return [(where, document)] if isinstance(document, dict) else []
    head, rest = path[0], path[1:]
    if head == "*":
        if not isinstance(document, list):
            return []
        found = []
        for index, item in enumerate(document):
            found += _objects_at(item, rest, f"{where}[{index}]")
        return found
    if not isinstance(document, dict) or head not in document:
        return []
    return _objects_at(document[head], rest, f"{where}.{head}" if where else head)


def version_problems(raw: object, document: PortableFile, source: str) -> list[str]:
    """Where a file's content does not match its version, as ``FILE: LOCATION: problem``.

    A file of an earlier version carrying a key a later version added (a version 1 file
    with appraisals, a version 2 file with a signature) is refused, as is a signed
    appraisal without both signatures, or a version 2 file with a signed appraisal
    (version 2 had no signatures, so its sign-off cannot be checked).
    """
    problems: list[str] = []
    for added_in, places in _ADDED_IN.items():
        if document.version >= added_in:
            continue
        for path, keys in places.items():
            for where, item in _objects_at(raw, path, ""):
                for key in sorted(keys & set(item)):
                    at = f"{where}.{key}" if where else key
                    problems.append(
                        f"{source}: {at}: a version {document.version} file has no "
                        f"{key!r} (added in version {added_in}); the file is not what "
                        "its version says"
                    )
    if document.version < SIGNED_FROM_VERSION:
        for index, fact in enumerate(document.appraisals):
            if fact.signed_at is not None:
                problems.append(
                    f"{source}: appraisals[{index}].signed_at: a signed appraisal in a "
                    f"version {document.version} file carries no signatures, so its "
                    "sign-off cannot be checked; ask for a new export from the current "
                    "version of the app"
                )
        return problems
    if document.signature is None:
        problems.append(
            f"{source}: signature: required key is missing; a version {document.version} "
            "file is signed by the library that wrote it"
        )
    for index, record in enumerate(document.appraisal_records):
        problems += _sign_off_problems(record, f"{source}: appraisal_records[{index}]")
    return problems


def _sign_off_problems(record: PortableAppraisalRecord, where: str) -> list[str]:
    roles = [signature.role for signature in record.signatures]
    if record.signed_at is None:
        if record.signatures or record.signed_by_appraisee or record.signed_by_appraiser:
            return [f"{where}.signatures: an unsigned appraisal carries no sign-off"]
        if record.countersignatures:
            return [f"{where}.countersignatures: an unsigned appraisal carries no sign-off"]
        return []
    problems = []
    names = {"appraisee": record.signed_by_appraisee, "appraiser": record.signed_by_appraiser}
    for role in canonical.ROLES:
        if role not in roles:
            problems.append(
                f"{where}.signatures: the signed appraisal has no {role}'s signature; a "
                "signed appraisal without its signatures is not imported"
            )
    for number, signature in enumerate(record.signatures):
        if roles.count(signature.role) > 1:
            problems.append(f"{where}.signatures[{number}].role: {signature.role} signs twice")
        elif signature.signer != names[signature.role]:
            problems.append(
                f"{where}.signatures[{number}].signer: {signature.signer!r} is not the "
                f"{signature.role} named in the sign-off ({names[signature.role]!r})"
            )
    seen: set[tuple[str, str]] = set()
    for number, signature in enumerate(record.countersignatures):
        at = f"{where}.countersignatures[{number}]"
        if (signature.role, signature.public_key) in seen:
            problems.append(f"{at}.role: one key countersigns as {signature.role} twice")
        elif signature.signer != names[signature.role]:
            problems.append(
                f"{at}.signer: {signature.signer!r} is not the {signature.role} named in the "
                f"sign-off ({names[signature.role]!r})"
            )
        seen.add((signature.role, signature.public_key))
    return problems


def future_problems(document: PortableFile, source: str, now: datetime) -> list[str]:
    """Times in the file later than ``now`` by more than :data:`MAX_CLOCK_AHEAD`.

    A record's time stamp decides whether the file's copy is newer than this library's,
    so a time far in the future (a wrong clock, or a file altered to win every
    comparison) is refused.
    """
    latest = now + MAX_CLOCK_AHEAD
    problems: list[str] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, datetime):
            if _utc(value) > latest:
                problems.append(
                    f"{source}: {where}: {value.isoformat()} is in the future (this "
                    f"computer's time is {now.isoformat(timespec='seconds')}); the clock of "
                    "the computer that wrote it is wrong, or the file was altered"
                )
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{where}.{name}" if where else name)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")

    walk(document, "")
    return problems


def record_content(
    document: PortableFile, record: PortableAppraisalRecord
) -> canonical.SignedAppraisal | None:
    """What a signed record of the file shows, in the form its signatures are over
    (None for an unsigned record, or one naming what the file lacks)."""
    if record.signed_at is None:
        return None
    by_uid = {item.uid: item for item in document.assessments}
    plans = {plan.assessment_uid: plan for plan in document.plans}
    shas = {(item.id, item.version): item.sha256 for item in document.frameworks}

    def member(uid: str | None) -> canonical.SignedMember | None:
        if uid is None:
            return None
        item = by_uid[uid]
        plan = plans.get(uid)
        return canonical.SignedMember(
            uid=item.uid,
            kind=item.kind,
            framework_id=item.framework_id,
            framework_version=item.framework_version,
            framework_sha256=shas.get((item.framework_id, item.framework_version), ""),
            assessed_on=item.assessed_on,
            status=item.status,
            group_id=item.group_id,
            ratings=tuple(
                canonical.SignedRating(
                    behaviour_id=rating.behaviour_id,
                    level=rating.level,
                    not_applicable=rating.not_applicable,
                    evidence=rating.evidence,
                )
                for rating in item.ratings
            ),
            prompt_answers=tuple((answer.prompt_id, answer.text) for answer in item.prompt_answers),
            review_date=plan.review_date if plan is not None else None,
            objectives=tuple(
                canonical.SignedObjective(
                    uid=objective.uid,
                    text=objective.text,
                    behaviour_ids=tuple(objective.behaviour_ids),
                    activity=objective.activity,
                    support=objective.support,
                    success_measure=objective.success_measure,
                    target_date=objective.target_date,
                    status=objective.status,
                    carried_from_uid=objective.carried_from_uid,
                    reflection=objective.reflection,
                )
                for objective in (plan.objectives if plan is not None else ())
            ),
        )

    if any(
        uid is not None and uid not in by_uid
        for uid in (
            record.self_assessment_uid,
            record.appraiser_assessment_uid,
            record.agreed_assessment_uid,
        )
    ):
        return None
    own = member(record.self_assessment_uid)
    assert own is not None
    return canonical.SignedAppraisal(
        uid=record.uid,
        person_uid=document.person.uid,
        held_on=record.held_on,
        appraiser_name=record.appraiser_name,
        replaces_uid=record.replaces_uid,
        signed_at=record.signed_at,
        signed_by_appraisee=record.signed_by_appraisee,
        signed_by_appraiser=record.signed_by_appraiser,
        signed_profile=record.signed_profile,
        self_assessment=own,
        appraiser_assessment=member(record.appraiser_assessment_uid),
        agreed_assessment=member(record.agreed_assessment_uid),
    )


#: Signs a file's statement: ``sign(statement) -> (public key, signature)`` in base64.
FileSigner = Callable[[bytes], tuple[str, str]]


def dump_portable(document: PortableFile, sign: FileSigner | None = None) -> bytes:
    """The file's bytes: UTF-8 JSON, keys in a stable order, ending with a newline.

    The checksum of the content is computed here and written with it, and, given
    ``sign``, the signature of that content (:func:`canonical.file_statement`).
    """
    unsigned = document.model_copy(update={"checksum": None, "signature": None})
    checksum = content_checksum(json.loads(unsigned.model_dump_json()))
    update: dict[str, object] = {"checksum": checksum, "signature": None}
    if sign is not None:
        public_key, signature = sign(canonical.file_statement(checksum))
        update["signature"] = PortableFileSignature(public_key=public_key, signature=signature)
    stamped = document.model_copy(update=update)
    return (stamped.model_dump_json(indent=2) + "\n").encode("utf-8")


# -- checksum --------------------------------------------------------------------------


#: The keys of a file that are about its content rather than part of it.
_SEALS = ("checksum", "signature")


def content_checksum(document: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a file's content (every key but ``checksum`` and
    ``signature``).

    Canonical: keys sorted, no spaces, non-ASCII kept as UTF-8.
    """
    content = {key: value for key, value in document.items() if key not in _SEALS}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_checksum(data: bytes, document: PortableFile, source: str) -> None:
    """Refuse a file whose content was changed after it was written.

    Files of version 1 were written before files carried a checksum and are accepted
    without one; from :data:`CHECKSUM_FROM_VERSION` on the checksum is required. Call
    after :func:`parse_portable` accepted ``data``.

    Raises:
        UserError: the checksum is missing (where required) or does not match.
    """
    if document.checksum is None:
        if document.version >= CHECKSUM_FROM_VERSION:
            raise UserError(
                f"{source}: checksum: required key is missing; a version "
                f"{document.version} file carries the checksum of its content"
            )
        return
    raw = json.loads(data.decode("utf-8"))
    if content_checksum(raw) != document.checksum:
        raise UserError(
            f"{source}: checksum: the content does not match its checksum: the file was "
            "changed after it was exported, or is damaged; ask for a new export"
        )
