"""What importing a portable file changes, said before it is applied.

An import first works out, record by record, what it will add, what it will change and
what it leaves alone (and why: signed here, changed here after the file's copy, an older
copy), and who signed the file. The app shows this once and asks; ``ppf import`` prints
it and asks for ``--yes`` before changing anything already in the library. Nothing is
ever left out silently: a record the file holds is added, changed, unchanged or listed
as left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ppf_app.domain.records import AssessmentKind


class KeyStatus(StrEnum):
    """Who signed the file, as this library knows them."""

    OWN = "own"
    """This library's own key (its own export, brought back)."""
    KNOWN = "known"
    """A key confirmed earlier for this person."""
    NEW = "new"
    """No key is known for this person yet: confirm this one's fingerprint."""
    DIFFERENT = "different"
    """Other keys are known for this person: this one is refused unless confirmed."""
    UNSIGNED = "unsigned"
    """A file of version 1 or 2, written before files were signed."""


@dataclass(frozen=True)
class Signer:
    """The key a file is signed with, and what this library knows of it."""

    status: KeyStatus
    fingerprint: str = ""
    known: tuple[str, ...] = ()
    """The fingerprints known for the person (for a different key: which it is not)."""

    @property
    def needs_trust(self) -> bool:
        return self.status in (KeyStatus.NEW, KeyStatus.DIFFERENT)

    def describe(self, person: str) -> str:
        if self.status is KeyStatus.OWN:
            return f"signed by this library's own key ({self.fingerprint})"
        if self.status is KeyStatus.KNOWN:
            return f"signed by {self.fingerprint}, a key known for {person}"
        if self.status is KeyStatus.NEW:
            return (
                f"signed by {self.fingerprint}, a key not yet known for {person}: compare "
                "this fingerprint with the person who sent the file before trusting it"
            )
        if self.status is KeyStatus.DIFFERENT:
            return (
                f"signed by {self.fingerprint}, NOT the key known for {person} "
                f"({', '.join(self.known)})"
            )
        return (
            "not signed (a file from an earlier version of the app): who wrote it cannot be checked"
        )


def assessment_label(kind: str, assessed_on: str, framework: str) -> str:
    """``self assessment of 2026-03-02 (ppf 2026.1)``."""
    what = {
        AssessmentKind.SELF.value: "self assessment",
        AssessmentKind.APPRAISER.value: "appraiser's ratings",
        AssessmentKind.AGREED.value: "agreed levels",
    }.get(kind, f"{kind} assessment")
    return f"{what} of {assessed_on} ({framework})"


@dataclass
class Collector:
    """What an import does, noted as it works it out."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    assessments_created: int = 0
    assessments_updated: int = 0

    def add(self, text: str) -> None:
        self.added.append(text)

    def change(self, text: str) -> None:
        self.changed.append(text)

    def keep(self, text: str) -> None:
        self.kept.append(text)


@dataclass(frozen=True)
class ImportSummary:
    """What a portable file will change in this library (or changed), read and checked
    before anything is written."""

    source: str
    version: int
    person_uid: str
    person_name: str
    person_known: bool
    """The person is in this library already (matched by identity)."""
    known_name: str
    """Their name in this library (when known; it may differ from the file's)."""
    signer: Signer
    added: tuple[str, ...]
    changed: tuple[str, ...]
    kept: tuple[str, ...]
    """What the file holds that is left as this library has it, each with why."""
    assessments: int
    """How many assessments the file holds."""
    appraisals: int
    """How many appraisals the file holds."""
    assessments_created: int = 0
    assessments_updated: int = 0

    @property
    def needs_yes(self) -> bool:
        """The import changes something already in this library (a name, an assessment):
        ``ppf import`` applies it only with ``--yes``."""
        return bool(self.changed)

    @property
    def changes_nothing(self) -> bool:
        return not self.added and not self.changed

    def same_as(self, other: ImportSummary) -> bool:
        """Whether two summaries say the same (the library did not change between
        showing one and applying the other)."""
        return (
            self.person_uid,
            self.signer,
            self.added,
            self.changed,
            self.kept,
        ) == (other.person_uid, other.signer, other.added, other.changed, other.kept)

    def lines(self) -> list[str]:
        """The summary as lines of text: the file, then each change."""
        who = self.person_name
        if self.person_known and self.known_name != self.person_name:
            who = f"{self.known_name} (named {self.person_name} in the file)"
        lines = [
            f"{self.source}: the record of {who}"
            + ("" if self.person_known else " (not in this library yet)")
            + f"; {self.signer.describe(self.person_name)}"
        ]
        lines += [f"  add: {text}" for text in self.added]
        lines += [f"  change: {text}" for text in self.changed]
        lines += [f"  leave as it is: {text}" for text in self.kept]
        if self.changes_nothing:
            lines.append("  nothing to add or change: this library already has all of it")
        return lines
