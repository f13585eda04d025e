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
version 3 file carries none.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
)

from ppf_app.core.errors import UserError
from ppf_app.domain.framework import FRAMEWORK_ID_PATTERN

FORMAT_NAME: Final = "ppf-portable"
FORMAT_VERSION: Final = 3
#: From this version on appraisals travel as records (``appraisal_records``).
RECORDS_FROM_VERSION: Final = 3
#: From this version on a file must carry the checksum of its content.
CHECKSUM_FROM_VERSION: Final = 2
MAX_BYTES = 20 * 1024 * 1024
MAX_FRAMEWORK_CHARS = 2 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 100

UID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
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
    created_at: Moment | None = None
    updated_at: Moment | None = None


#: A whole number a database column can hold (SQLite's INTEGER is 64-bit, signed).
StoredInt = Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)]


class PortableRating(_Strict):
    behaviour_id: Text = _text(1, 128)
    level: StoredInt | None
    evidence: Text = Field(default="", max_length=20_000)
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
    ratings: list[PortableRating] = Field(max_length=10_000)


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
        return PortableFile.model_validate_json(text)
    except ValidationError as exc:
        raise UserError(describe_errors(source, exc)) from None


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


def dump_portable(document: PortableFile) -> bytes:
    """The file's bytes: UTF-8 JSON, keys in a stable order, ending with a newline.

    The checksum of the content is computed here and written with it.
    """
    unsigned = document.model_copy(update={"checksum": None})
    checksum = content_checksum(json.loads(unsigned.model_dump_json()))
    stamped = document.model_copy(update={"checksum": checksum})
    return (stamped.model_dump_json(indent=2) + "\n").encode("utf-8")


# -- checksum --------------------------------------------------------------------------


def content_checksum(document: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a file's content (every key but ``checksum``).

    Canonical: keys sorted, no spaces, non-ASCII kept as UTF-8; a ``checksum`` of null
    counts as absent.
    """
    content = {key: value for key, value in document.items() if key != "checksum"}
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
