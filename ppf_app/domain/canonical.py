"""What a signature covers: the canonical form of a signed appraisal, and of a portable
file, as bytes that are the same on every computer.

A signature is only as good as the bytes it is over. The sign-off of an appraisal is
signed over :func:`appraisal_document`: deterministic JSON (keys sorted, no spaces, UTF-8)
of everything the signed appraisal shows (the person, by uid and as they were when
signed; the names and the moment of the sign-off; the appraisal's date and appraiser;
and for each of its assessments its framework, the exact framework text by its sha256,
the group it was made for, every rating with its level, not-applicable mark and
evidence, the answers to prompts, and its plan's objectives and review date). Local
record numbers and bookkeeping times (``updated_at``) are left out: they differ between
two computers holding the same record.

The domain builds the bytes; the services sign and verify them (Ed25519, with the
``cryptography`` package). The same record read from a portable file or from a database
gives the same bytes, so a change anywhere (a file edited, a database edited by hand) is
seen as a signature that no longer matches.

Fingerprints name a public key in a form short enough to read aloud: 20 characters of
Crockford's base32 in groups of four (100 bits of the key's sha256).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

#: What a sign-off signature is over (a statement naming the content's sha256).
SIGNOFF_PURPOSE: Final = "ppf-appraisal-sign-off"
#: What a portable file's signature is over.
FILE_PURPOSE: Final = "ppf-portable-file"
CANONICAL_VERSION: Final = 1

ROLES: Final = ("appraisee", "appraiser")

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
FINGERPRINT_CHARS: Final = 20


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON: keys sorted, no spaces, non-ASCII kept as UTF-8."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def moment_text(moment: datetime) -> str:
    """A moment as UTC ISO 8601 with microseconds (a naive one is taken to be UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# -- the signed appraisal ------------------------------------------------------------------


@dataclass(frozen=True)
class SignedRating:
    behaviour_id: str
    level: int | None
    not_applicable: bool
    evidence: str


@dataclass(frozen=True)
class SignedObjective:
    uid: str
    text: str
    behaviour_ids: tuple[str, ...]
    activity: str
    support: str
    success_measure: str
    target_date: date | None
    status: str
    carried_from_uid: str | None
    reflection: str


@dataclass(frozen=True)
class SignedMember:
    """One assessment of a signed appraisal, with its plan (empty when it has none)."""

    uid: str
    kind: str
    framework_id: str
    framework_version: str
    framework_sha256: str
    assessed_on: date
    status: str
    group_id: str
    ratings: tuple[SignedRating, ...]
    prompt_answers: tuple[tuple[str, str], ...]
    """``(prompt_id, text)`` pairs."""
    review_date: date | None
    objectives: tuple[SignedObjective, ...]


@dataclass(frozen=True)
class SignedAppraisal:
    """Everything a signed appraisal shows."""

    uid: str
    person_uid: str
    held_on: date
    appraiser_name: str
    replaces_uid: str
    signed_at: datetime
    signed_by_appraisee: str
    signed_by_appraiser: str
    signed_profile: str
    """The person as they were when signed (the JSON kept with the sign-off)."""
    self_assessment: SignedMember
    appraiser_assessment: SignedMember | None
    agreed_assessment: SignedMember | None


def _member(member: SignedMember | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {
        "uid": member.uid,
        "kind": member.kind,
        "framework": {
            "id": member.framework_id,
            "version": member.framework_version,
            "sha256": member.framework_sha256,
        },
        "assessed_on": member.assessed_on.isoformat(),
        "status": member.status,
        "group_id": member.group_id,
        "ratings": [
            {
                "behaviour_id": rating.behaviour_id,
                "level": rating.level,
                "not_applicable": rating.not_applicable,
                "evidence": rating.evidence,
            }
            for rating in sorted(member.ratings, key=lambda r: r.behaviour_id)
        ],
        "prompt_answers": [
            {"prompt_id": prompt_id, "text": text}
            for prompt_id, text in sorted(member.prompt_answers)
        ],
        "plan": {
            "review_date": _day(member.review_date),
            "objectives": [
                {
                    "uid": objective.uid,
                    "text": objective.text,
                    "behaviour_ids": list(objective.behaviour_ids),
                    "activity": objective.activity,
                    "support": objective.support,
                    "success_measure": objective.success_measure,
                    "target_date": _day(objective.target_date),
                    "status": objective.status,
                    "carried_from_uid": objective.carried_from_uid,
                    "reflection": objective.reflection,
                }
                for objective in member.objectives
            ],
        },
    }


def appraisal_document(appraisal: SignedAppraisal) -> dict[str, Any]:
    """The signed appraisal as a JSON-able document (see the module's docstring)."""
    return {
        "canonical": CANONICAL_VERSION,
        "uid": appraisal.uid,
        "person_uid": appraisal.person_uid,
        "held_on": appraisal.held_on.isoformat(),
        "appraiser_name": appraisal.appraiser_name,
        "replaces_uid": appraisal.replaces_uid,
        "signed_at": moment_text(appraisal.signed_at),
        "signed_by_appraisee": appraisal.signed_by_appraisee,
        "signed_by_appraiser": appraisal.signed_by_appraiser,
        "signed_profile": appraisal.signed_profile,
        "self_assessment": _member(appraisal.self_assessment),
        "appraiser_assessment": _member(appraisal.appraiser_assessment),
        "agreed_assessment": _member(appraisal.agreed_assessment),
    }


def appraisal_sha256(appraisal: SignedAppraisal) -> str:
    """The sha256 of the canonical bytes of the signed appraisal."""
    return sha256_hex(canonical_json(appraisal_document(appraisal)))


def sign_off_statement(
    *, role: str, signer: str, signed_at: datetime, content_sha256: str
) -> bytes:
    """The bytes one party's sign-off signature is over: who, in which role, when, and
    the sha256 of the appraisal's canonical form (so a signature made for one role, one
    appraisal or one content verifies for no other)."""
    return canonical_json(
        {
            "purpose": SIGNOFF_PURPOSE,
            "canonical": CANONICAL_VERSION,
            "role": role,
            "signer": signer,
            "signed_at": moment_text(signed_at),
            "content_sha256": content_sha256,
        }
    )


def file_statement(content_sha256: str) -> bytes:
    """The bytes a portable file's signature is over: the sha256 of its content."""
    return canonical_json({"purpose": FILE_PURPOSE, "content_sha256": content_sha256})


# -- fingerprints --------------------------------------------------------------------------


def fingerprint(public_key: bytes) -> str:
    """A public key's fingerprint: ``7KQ2-M4XP-...``, 20 characters in groups of four."""
    digest = hashlib.sha256(public_key).digest()
    bits = int.from_bytes(digest, "big") >> (256 - FINGERPRINT_CHARS * 5)
    chars = [
        _CROCKFORD[(bits >> (5 * (FINGERPRINT_CHARS - 1 - index))) & 31]
        for index in range(FINGERPRINT_CHARS)
    ]
    return "-".join("".join(chars[start : start + 4]) for start in range(0, len(chars), 4))


_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normal_fingerprint(text: str) -> str | None:
    """A fingerprint as typed (any case, spaces or dashes, O for 0, I or L for 1) in its
    written form, or None when it is not one."""
    chars = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    chars = chars.translate(_READ_AS)
    if len(chars) != FINGERPRINT_CHARS or any(ch not in _CROCKFORD for ch in chars):
        return None
    return "-".join(chars[start : start + 4] for start in range(0, len(chars), 4))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def from_b64(text: str) -> bytes | None:
    """Base64 text as bytes, or None when it is not base64."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
