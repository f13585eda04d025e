"""What the app says about a signed appraisal's signatures (checked on every read)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ppf_app.services.signing import SignatureCheck, SignatureState


def _tr(text: str) -> str:
    return QCoreApplication.translate("signatures", text)


def signature_line(check: SignatureCheck) -> str:
    """One line: verified (with the key's fingerprint), broken, or signed before keys."""
    if check.state is SignatureState.VERIFIED and check.both_parties:
        return _tr(
            "Signatures verified: the record is as signed, by both parties' own keys "
            "(appraisee: {appraisee}; appraiser: {appraiser})."
        ).format(
            appraisee=", ".join(check.keys_for("appraisee")),
            appraiser=", ".join(check.keys_for("appraiser")),
        )
    if check.state is SignatureState.VERIFIED:
        return _tr(
            "Signatures verified: the record is as signed (key {keys}, for both roles). "
            "The other party can countersign with their own key on their computer."
        ).format(keys=", ".join(check.fingerprints))
    if check.state is SignatureState.BROKEN:
        return _tr(
            "Signature broken: this appraisal was changed after it was signed, outside the "
            "app. Do not rely on it; restore a backup from before the change."
        )
    if check.state is SignatureState.NO_KEY:
        return _tr("Signed before the app signed with keys; its next export signs it.")
    return ""
