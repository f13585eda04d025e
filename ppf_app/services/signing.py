"""Sign-off signatures: made when an appraisal is signed, carried in portable files, and
checked whenever a signed appraisal is read.

**Who signs.** The sign-off is one act, in the meeting, on one computer: both names are
entered there, so that library's key signs for both roles, the appraisee's and the
appraiser's (two rows of ``appraisal_signature`` with the same key). Each signature is
over the statement of :func:`ppf_app.domain.canonical.sign_off_statement`: the role, the
name, the moment and the sha256 of the canonical form of everything the signed
appraisal shows. The signed record then travels with its signatures; a library that
imports it checks every signature against the record as the file has it before writing
anything, and against the record as stored after writing it, and keeps the signatures
as they are (append-only). So the record can be shown to be the one signed, and by
which library, on any computer that holds it.

**Checking.** :func:`check` recomputes the canonical form from the database and
verifies each signature: a signed appraisal whose stored content was changed by any
means (a database edited by hand, the triggers dropped) no longer verifies and is
reported as broken, by the app, ``ppf assess list`` and the meeting brief, and so is one
whose signatures were taken away (signed after this library's key was made, yet without
signatures). Appraisals signed before the app signed anything carry no signature ("not
signed by a key"): the first export of one signs it with the exporting library's key
(the signature's own time says when), so what travels is always signed.

**Countersigning.** The other party, on their own computer, holding the signed record
(imported from a file and checked), adds their own library's signature for their role
(:func:`countersign`, ``appraisal_countersignature``): the same statement over the same
content, so the record is then signed by both parties' keys. Countersignatures travel in
portable files beside the sign-off's and are taken in by a library that holds the same
signed record, once checked against it; they never change the record.

What a signature proves: which library's key signed, and that nothing has changed since.
It does not prove that what was agreed is true, nor who sat at the keyboard.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from sqlmodel import Session

from ppf_app.core.errors import NotFound, UserError
from ppf_app.domain import canonical
from ppf_app.domain import portable_format as fmt
from ppf_app.services import keys
from ppf_app.services.assessments import sha256_text
from ppf_app.storage.models import Appraisal, AppraisalCountersignature, AppraisalSignature
from ppf_app.storage.repositories import assessments as assessments_repo
from ppf_app.storage.repositories import people as people_repo
from ppf_app.storage.repositories import plans as plans_repo
from ppf_app.storage.repositories import prompt_answers as prompt_answers_repo
from ppf_app.storage.repositories import ratings as ratings_repo
from ppf_app.storage.repositories import signatures as signatures_repo
from ppf_app.storage.repositories import snapshots as snapshots_repo
from ppf_app.storage.repositories.clock import as_stored
from ppf_app.storage.repositories.clock import now as utcnow

if TYPE_CHECKING:
    from ppf_app.services.library import Library


class SignatureState(StrEnum):
    """Whether a signed appraisal is as it was signed."""

    NONE = "none"
    """Not signed."""
    VERIFIED = "verified"
    """Every signature verifies against the record as it is now."""
    BROKEN = "broken"
    """A signature does not verify: the record changed after it was signed."""
    NO_KEY = "no_key"
    """Signed before the app signed with keys: nothing to verify."""


@dataclass(frozen=True)
class SignatureCheck:
    """What checking an appraisal's signatures found."""

    state: SignatureState = SignatureState.NONE
    signed_by: tuple[tuple[str, str], ...] = ()
    """``(role, fingerprint)`` of every signature, the sign-off's then countersignatures."""

    @property
    def fingerprints(self) -> tuple[str, ...]:
        """The fingerprints of the keys that signed, each once."""
        return tuple(dict.fromkeys(key for _, key in self.signed_by))

    def keys_for(self, role: str) -> tuple[str, ...]:
        """The fingerprints of the keys that signed for ``role``, each once."""
        return tuple(dict.fromkeys(key for signed, key in self.signed_by if signed == role))

    @property
    def both_parties(self) -> bool:
        """Whether the two roles are signed by two different keys (each party's own)."""
        appraisee, appraiser = (set(self.keys_for(role)) for role in canonical.ROLES)
        return bool(appraisee) and bool(appraiser) and len(appraisee | appraiser) > 1

    def open_to(self, fingerprint: str | None) -> tuple[str, ...]:
        """The roles the key ``fingerprint`` (None: a library without a key yet) may still
        countersign: those it has not signed, on a record whose signatures hold."""
        if self.state is not SignatureState.VERIFIED:
            return ()
        return tuple(role for role in canonical.ROLES if fingerprint not in self.keys_for(role))

    @property
    def parties_text(self) -> str:
        """Which key signed for whom: ``appraisee: KEY; appraiser: KEY, KEY``."""
        return "; ".join(f"{role}: {', '.join(self.keys_for(role))}" for role in canonical.ROLES)

    @property
    def text(self) -> str:
        """One sentence for a person (empty for an unsigned appraisal)."""
        if self.state is SignatureState.VERIFIED:
            if self.both_parties:
                return (
                    "Signatures verified: the record is as signed, by both parties' own keys ("
                    + self.parties_text
                    + ")."
                )
            return (
                "Signatures verified: the record is as signed (key "
                + ", ".join(self.fingerprints)
                + ", for both roles; not yet countersigned by the other party's own key)."
            )
        if self.state is SignatureState.BROKEN:
            return (
                "Signature broken: this appraisal was changed after it was signed, outside "
                "the app. Do not rely on it; restore a backup from before the change."
            )
        if self.state is SignatureState.NO_KEY:
            return (
                "Signed before the app signed with keys: not signed by a key yet (its "
                "next export signs it)."
            )
        return ""

    @property
    def short(self) -> str:
        """A few words for a list: ``signature broken``; empty when all is well."""
        if self.state is SignatureState.BROKEN:
            return "signature broken"
        if self.state is SignatureState.NO_KEY:
            return "not signed by a key"
        return ""


NOT_SIGNED = SignatureCheck()


class _Signed(Protocol):
    """A signature as stored or as a file has it: the same fields either way."""

    @property
    def role(self) -> str: ...
    @property
    def signer(self) -> str: ...
    @property
    def public_key(self) -> str: ...
    @property
    def signature(self) -> str: ...
    @property
    def content_sha256(self) -> str: ...
    @property
    def signed_at(self) -> datetime: ...


# -- the signed appraisal, as stored ---------------------------------------------------------


def framework_sha256(lib: Library, framework_id: str, version: str, *, session: Session) -> str:
    """The sha256 of the exact framework text an assessment was made with."""
    snapshot = snapshots_repo.get(framework_id, version, session=session)
    if snapshot is not None:
        return snapshot.sha256
    try:
        return sha256_text(lib.frameworks.source_text(framework_id, version))
    except NotFound:
        return ""


def _behaviour_ids(text: str) -> tuple[str, ...]:
    try:
        loaded = json.loads(text or "[]")
    except ValueError:
        return (text,)  # not a list: kept as it is, so a change still shows
    return tuple(str(b) for b in loaded) if isinstance(loaded, list) else (text,)


def _member(lib: Library, assessment_id: int | None, *, session: Session) -> canonical.SignedMember:
    assert assessment_id is not None
    row = assessments_repo.get(assessment_id, session=session)
    assert row is not None and row.id is not None
    plan = plans_repo.for_assessment(row.id, session=session)
    objectives = (
        plans_repo.objectives(plan.id, session=session)
        if plan is not None and plan.id is not None
        else ()
    )
    return canonical.SignedMember(
        uid=row.uid,
        kind=row.kind,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        framework_sha256=framework_sha256(
            lib, row.framework_id, row.framework_version, session=session
        ),
        assessed_on=row.assessed_on,
        status=row.status,
        group_id=row.group_id,
        ratings=tuple(
            canonical.SignedRating(
                behaviour_id=rating.behaviour_id,
                level=rating.level,
                not_applicable=bool(rating.not_applicable),
                evidence=rating.evidence,
            )
            for rating in ratings_repo.list_for_assessment(row.id, session=session)
        ),
        prompt_answers=tuple(
            (answer.prompt_id, answer.text)
            for answer in prompt_answers_repo.list_for_assessment(row.id, session=session)
        ),
        review_date=plan.review_date if plan is not None else None,
        objectives=tuple(
            canonical.SignedObjective(
                uid=objective.uid,
                text=objective.text,
                behaviour_ids=_behaviour_ids(objective.behaviour_ids),
                activity=objective.activity,
                support=objective.support,
                success_measure=objective.success_measure,
                target_date=objective.target_date,
                status=objective.status,
                carried_from_uid=objective.carried_from_uid,
                reflection=objective.reflection,
            )
            for objective in objectives
        ),
    )


def stored_content(lib: Library, row: Appraisal, *, session: Session) -> canonical.SignedAppraisal:
    """What a signed appraisal shows, as this library holds it now."""
    assert row.signed_at is not None
    person = people_repo.get(row.person_id, session=session)
    assert person is not None
    return canonical.SignedAppraisal(
        uid=row.uid,
        person_uid=person.uid,
        held_on=row.held_on,
        appraiser_name=row.appraiser_name,
        replaces_uid=row.replaces_uid,
        signed_at=as_stored(row.signed_at),
        signed_by_appraisee=row.signed_by_appraisee,
        signed_by_appraiser=row.signed_by_appraiser,
        signed_profile=row.signed_profile,
        self_assessment=_member(lib, row.self_assessment_id, session=session),
        appraiser_assessment=(
            _member(lib, row.appraiser_assessment_id, session=session)
            if row.appraiser_assessment_id is not None
            else None
        ),
        agreed_assessment=(
            _member(lib, row.agreed_assessment_id, session=session)
            if row.agreed_assessment_id is not None
            else None
        ),
    )


def _signer_of(row: Appraisal, role: str) -> str:
    return row.signed_by_appraisee if role == "appraisee" else row.signed_by_appraiser


# -- signing -----------------------------------------------------------------------------------


def sign_off(lib: Library, row: Appraisal, *, at: datetime | None = None, session: Session) -> None:
    """Sign a just signed appraisal for both roles with this library's key (both names
    were entered here). ``at``: the signature's time (default: the sign-off's)."""
    assert row.id is not None and row.signed_at is not None
    key = keys.library_key(lib)
    content_sha256 = canonical.appraisal_sha256(stored_content(lib, row, session=session))
    moment = as_stored(at or row.signed_at)
    for role in canonical.ROLES:
        signatures_repo.add(
            AppraisalSignature(**_signed_here(key, row, role, content_sha256, moment)),
            session=session,
        )


def _signed_here(
    key: keys.LibraryKey, row: Appraisal, role: str, content_sha256: str, moment: datetime
) -> dict[str, Any]:
    """The fields of ``key``'s signature of ``row`` for ``role``, made now."""
    signer = _signer_of(row, role)
    statement = canonical.sign_off_statement(
        role=role, signer=signer, signed_at=moment, content_sha256=content_sha256
    )
    return {
        "appraisal_id": row.id,
        "role": role,
        "signer": signer,
        "public_key": key.public.text,
        "fingerprint": key.public.fingerprint,
        "signature": key.sign(statement),
        "content_sha256": content_sha256,
        "signed_at": moment,
    }


def _kept_from_file(appraisal_id: int, signature: _Signed, fingerprint: str) -> dict[str, Any]:
    """The fields of a file's signature, as kept with the record it signs."""
    return {
        "appraisal_id": appraisal_id,
        "role": signature.role,
        "signer": signature.signer,
        "public_key": signature.public_key,
        "fingerprint": fingerprint,
        "signature": signature.signature,
        "content_sha256": signature.content_sha256,
        "signed_at": signature.signed_at,
    }


def countersign(lib: Library, row: Appraisal, role: str, *, session: Session) -> str:
    """Sign a signed appraisal held here for ``role`` with this library's own key (the
    party's own signature beside the sign-off, made on another computer); its fingerprint.

    Raises:
        UserError: not signed, its signatures do not hold, or this library's key has
            signed for ``role`` already.
    """
    if role not in canonical.ROLES:
        raise UserError(f"role: {role!r} is not one of {', '.join(canonical.ROLES)}")
    if row.signed_at is None or row.id is None:
        raise UserError("this appraisal is not signed yet: sign it off first")
    found = check(lib, row, session=session)
    if found.state is SignatureState.BROKEN:
        raise UserError(
            "its signatures no longer match it: it was changed after it was signed, outside "
            "the app, so it is not countersigned. Restore a backup from before the change"
        )
    if found.state is SignatureState.NO_KEY:
        raise UserError(
            "it was signed before the app signed with keys: export it once (which signs it), "
            "then countersign"
        )
    key = keys.library_key(lib)
    if key.public.fingerprint in found.keys_for(role):
        raise UserError(
            f"this computer's key ({key.public.fingerprint}) has signed it for the {role} "
            "already; the other party countersigns on their own computer"
        )
    content_sha256 = canonical.appraisal_sha256(stored_content(lib, row, session=session))
    fields = _signed_here(key, row, role, content_sha256, as_stored(utcnow()))
    signatures_repo.add_countersignature(AppraisalCountersignature(**fields), session=session)
    return key.public.fingerprint


# -- checking ----------------------------------------------------------------------------------


def _signature_problem(
    signature: _Signed, *, expected_signer: str, actual_sha256: str
) -> str | None:
    """Why one sign-off signature (or countersignature) does not hold for the content,
    or None."""
    role, signer = signature.role, signature.signer
    content_sha256 = signature.content_sha256
    if signer != expected_signer:
        return f"the {role}'s signature names {signer!r}, not {expected_signer!r}"
    if content_sha256 != actual_sha256:
        return (
            f"the {role}'s signature is of other content: the appraisal was changed after "
            "it was signed"
        )
    statement = canonical.sign_off_statement(
        role=role,
        signer=signer,
        signed_at=as_stored(signature.signed_at),
        content_sha256=content_sha256,
    )
    if not keys.verifies(signature.public_key, signature.signature, statement):
        return f"the {role}'s signature does not verify (altered, or copied from another appraisal)"
    return None


def check(lib: Library, row: Appraisal, *, session: Session) -> SignatureCheck:
    """Whether a signed appraisal is as it was signed (verified), changed since
    (broken), or signed before keys (no key)."""
    if row.signed_at is None or row.id is None:
        return NOT_SIGNED
    found = signatures_repo.for_appraisal(row.id, session=session)
    if not found:
        made = keys.made_at(lib)
        if made is not None and as_stored(row.signed_at) >= made:
            # Signed after this library had a key, so it was signed with it: its
            # signatures were taken away.
            return SignatureCheck(SignatureState.BROKEN)
        return SignatureCheck(SignatureState.NO_KEY)
    actual = canonical.appraisal_sha256(stored_content(lib, row, session=session))
    added = signatures_repo.countersignatures(row.id, session=session)
    every: list[AppraisalSignature | AppraisalCountersignature] = [*found, *added]
    roles = [signature.role for signature in found]
    broken = sorted(roles) != sorted(canonical.ROLES)
    for signature in every:
        key = keys.PublicKey.from_text(signature.public_key)
        broken = broken or key is None or key.fingerprint != signature.fingerprint
        broken = broken or (
            _signature_problem(
                signature,
                expected_signer=_signer_of(row, signature.role),
                actual_sha256=actual,
            )
            is not None
        )
    state = SignatureState.BROKEN if broken else SignatureState.VERIFIED
    signed_by = tuple((signature.role, signature.fingerprint) for signature in every)
    return SignatureCheck(state, signed_by)


# -- in portable files -------------------------------------------------------------------------


def _portable(signature: AppraisalSignature | AppraisalCountersignature) -> fmt.PortableSignOff:
    return fmt.PortableSignOff(
        role=signature.role,  # type: ignore[arg-type]
        signer=signature.signer,
        public_key=signature.public_key,
        signature=signature.signature,
        content_sha256=signature.content_sha256,
        signed_at=as_stored(signature.signed_at),
    )


def for_export(
    lib: Library, row: Appraisal, when: str, *, session: Session
) -> list[fmt.PortableSignOff]:
    """A signed appraisal's signatures for a portable file (none for an unsigned one).

    One signed before keys is signed now, with this library's key; a broken one is
    refused, so no file carries a record that does not match its signatures.

    Raises:
        UserError: the appraisal changed after it was signed.
    """
    if row.signed_at is None or row.id is None:
        return []
    state = check(lib, row, session=session).state
    if state is SignatureState.BROKEN:
        raise UserError(
            f"{when}: its signatures no longer match it: it was changed after it was signed, "
            "outside the app; it is not exported. Restore a backup from before the change "
            "(ppf backup list)"
        )
    if state is SignatureState.NO_KEY:
        sign_off(lib, row, at=utcnow(), session=session)
    return [
        _portable(signature) for signature in signatures_repo.for_appraisal(row.id, session=session)
    ]


def countersignatures_for_export(row: Appraisal, *, session: Session) -> list[fmt.PortableSignOff]:
    """A signed appraisal's countersignatures for a portable file (checked with the
    sign-off's by :func:`for_export`)."""
    if row.signed_at is None or row.id is None:
        return []
    return [
        _portable(signature)
        for signature in signatures_repo.countersignatures(row.id, session=session)
    ]


def take_countersignatures(
    lib: Library, row: Appraisal, signatures: list[fmt.PortableSignOff], *, session: Session
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Keep the file's countersignatures of a signed record held here that this library
    does not hold yet, each checked against the record as stored. ``(role, fingerprint)``
    of each one taken in, and of each one left out because it does not hold for the
    record here (it is of other content: not this record's)."""
    if row.signed_at is None or row.id is None or not signatures:
        return [], []
    held = {
        (signature.role, signature.fingerprint)
        for signature in signatures_repo.for_appraisal(row.id, session=session)
    } | {
        (signature.role, signature.fingerprint)
        for signature in signatures_repo.countersignatures(row.id, session=session)
    }
    actual = canonical.appraisal_sha256(stored_content(lib, row, session=session))
    taken: list[tuple[str, str]] = []
    left: list[tuple[str, str]] = []
    for signature in signatures:
        key = keys.PublicKey.from_text(signature.public_key)
        if key is None or (signature.role, key.fingerprint) in held:
            continue
        problem = _signature_problem(
            signature, expected_signer=_signer_of(row, signature.role), actual_sha256=actual
        )
        if problem is not None:
            left.append((signature.role, key.fingerprint))
            continue
        signatures_repo.add_countersignature(
            AppraisalCountersignature(**_kept_from_file(row.id, signature, key.fingerprint)),
            session=session,
        )
        held.add((signature.role, key.fingerprint))
        taken.append((signature.role, key.fingerprint))
    return taken, left


def file_record_problems(
    document: fmt.PortableFile, record: fmt.PortableAppraisalRecord, where: str
) -> list[str]:
    """Why a signed record of a file is not as its signatures say, as ``FILE: LOCATION:
    problem`` lines (none for an unsigned record). Checked before anything is written."""
    content = fmt.record_content(document, record)
    if content is None:
        return []
    actual = canonical.appraisal_sha256(content)
    names = {"appraisee": record.signed_by_appraisee, "appraiser": record.signed_by_appraiser}
    problems = []
    for field, signatures in (
        ("signatures", record.signatures),
        ("countersignatures", record.countersignatures),
    ):
        for index, signature in enumerate(signatures):
            problem = _signature_problem(
                signature,
                expected_signer=names[signature.role],
                actual_sha256=actual,
            )
            if problem is not None:
                problems.append(
                    f"{where}.{field}[{index}]: {problem}; a signed appraisal whose "
                    "signatures do not hold is not imported"
                )
    return problems


def record_from_file(
    row: Appraisal, signatures: list[fmt.PortableSignOff], *, session: Session
) -> None:
    """Keep a signed record's signatures, as the file has them, with the record."""
    assert row.id is not None
    for signature in signatures:
        key = keys.PublicKey.from_text(signature.public_key)
        assert key is not None
        signatures_repo.add(
            AppraisalSignature(**_kept_from_file(row.id, signature, key.fingerprint)),
            session=session,
        )
