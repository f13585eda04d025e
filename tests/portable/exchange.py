"""Two data folders as two computers: an appraisal exchanged both ways and signed.

Made once per test module through the services, as the two people would make it, then
copied for each test (a copy of a data folder is a copy of that computer).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ppf_app.services import appraisal, assessments, keys, people, plans, portable
from ppf_app.services.library import open_library
from ppf_app.services.plan_views import ObjectiveInput
from tests.portable.helpers import signer_of

#: Five levels, no groups: the exchange, not the framework, is what is tried.
FRAMEWORK = ("ppf", "2026.1")
APPRAISEE = "Ann Ward"
APPRAISER = "Grace Hopper"


@dataclass(frozen=True)
class Exchange:
    """Where each computer's data folder and each file of the exchange are."""

    root: Path

    @property
    def appraisee(self) -> Path:
        """The appraisee's data folder (the meeting and sign-off were here)."""
        return self.root / "appraisee"

    @property
    def appraiser(self) -> Path:
        """The appraiser's data folder (it imported the signed record)."""
        return self.root / "appraiser"

    @property
    def to_appraiser(self) -> Path:
        """The self assessment, as first sent to the appraiser."""
        return self.root / "to-appraiser.json"

    @property
    def rated(self) -> Path:
        """The appraiser's ratings, as sent back."""
        return self.root / "rated.json"

    @property
    def signed(self) -> Path:
        """The signed appraisal, exported by the appraisee's library after the meeting."""
        return self.root / "signed.json"

    def fingerprint(self, folder: Path) -> str:
        return keys.key_in(folder).public.fingerprint

    def copy_to(self, target: Path) -> Exchange:
        shutil.copytree(self.root, target, dirs_exist_ok=True)
        return Exchange(target)


def make_exchange(root: Path) -> Exchange:
    """Ann rates herself and sends it; Grace rates and sends it back; they meet on Ann's
    computer, agree, plan and sign; Ann sends the signed record, which Grace imports."""
    ex = Exchange(root)
    with open_library(ex.appraisee) as lib:
        ids = [b.id for _, b in lib.frameworks.get(*FRAMEWORK).behaviours()]
        ann = people.add_person(lib, name=APPRAISEE, professional_group="clinician")
        own = assessments.start_assessment(lib, ann.id, *FRAMEWORK, assessed_on=date(2026, 3, 2))
        for number, behaviour_id in enumerate(ids):
            assessments.set_rating(
                lib, own.id, behaviour_id, level=(number % 4) + 1, evidence=f"mine {number}"
            )
        assessments.complete_assessment(lib, own.id, force=True)
        portable.export_person(lib, ann.id, ex.to_appraiser)
    with open_library(ex.appraiser) as lib:
        got = portable.import_portable(lib, ex.to_appraiser, trust=signer_of(ex.to_appraiser))
        here = next(v for v in assessments.list_assessments(lib, got.person.id))
        record = appraisal.open_for(lib, here.id, held_on=date(2026, 3, 20))
        review = appraisal.rate_as_appraiser(lib, record.id, appraiser_name=APPRAISER)
        for behaviour_id in ids[:6]:
            assessments.set_rating(lib, review.id, behaviour_id, level=4, evidence="observed")
        portable.export_person(lib, got.person.id, ex.rated)
    with open_library(ex.appraisee) as lib:
        portable.import_portable(lib, ex.rated, trust=signer_of(ex.rated))
        (record,) = appraisal.appraisals_of(lib, 1)
        appraisal.agree(lib, record.id, ids[0], 4, "agreed in the meeting")
        appraisal.agree_remaining_at_self(lib, record.id)
        agreed = appraisal.get_appraisal(lib, record.id).agreed_assessment
        assert agreed is not None
        plans.add_objective(lib, agreed.id, ObjectiveInput(text="Chair the bed meeting"))
        plans.set_review_date(lib, agreed.id, date(2027, 3, 31))
        appraisal.sign(lib, record.id, appraisee=APPRAISEE, appraiser=APPRAISER)
        portable.export_person(lib, 1, ex.signed)
    with open_library(ex.appraiser) as lib:
        portable.import_portable(lib, ex.signed)  # Ann's key is known here for her files
    return ex


# -- looking at files and databases -------------------------------------------------------------


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def signed_record(document: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in document["appraisal_records"] if r["signed_at"] is not None)


def member(document: dict[str, Any], uid: str) -> dict[str, Any]:
    return next(a for a in document["assessments"] if a["uid"] == uid)


def database_sha256(folder: Path) -> str:
    """The database file's bytes, as a digest (the library closed)."""
    return hashlib.sha256((folder / "library.sqlite3").read_bytes()).hexdigest()


def tables(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(folder / "library.sqlite3") as raw:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {n: sorted(raw.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    raw.close()
    return found


def by_hand(folder: Path, *statements: str) -> None:
    """Edit the database as someone with sqlite3 would, the refusing triggers dropped."""
    raw = sqlite3.connect(folder / "library.sqlite3")
    try:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
        for name in names:
            raw.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            raw.execute(statement)
        raw.commit()
    finally:
        raw.close()
