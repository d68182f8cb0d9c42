"""Independent check of the app's FHIR exports, written from the FHIR R4 specification
rather than from the app's code.

    validate.py bundle FILE.json     a Bundle (the portability package's fhir/bundle.json)
    validate.py ndjson FOLDER        a bulk export: every *.ndjson file and manifest.json

Structure, types, cardinalities and date formats are checked by the `fhir.resources`
models of FHIR R4 4.0.1 (version 6.5, the last built from R4; it needs pydantic 1). On
top of that, the codes of required bindings that the
models leave unchecked, and that every reference resolves inside the export.
Prints one line per problem and exits 1 if there is any.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

from fhir.resources import get_fhir_model_class
from fhir.resources.bundle import Bundle

# Required bindings of FHIR R4 (4.0.1), element path -> allowed codes.
REQUIRED = {
    "Bundle.type": {"document", "message", "transaction", "transaction-response", "batch",
                    "batch-response", "history", "searchset", "collection"},
    "Patient.gender": {"male", "female", "other", "unknown"},
    "Appointment.status": {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled",
                           "noshow", "entered-in-error", "checked-in", "waitlist"},
    "Appointment.participant.status": {"accepted", "declined", "tentative", "needs-action"},
    "Appointment.participant.required": {"required", "optional", "information-only"},
    "Encounter.status": {"planned", "arrived", "triaged", "in-progress", "onleave", "finished",
                         "cancelled", "entered-in-error", "unknown"},
    "Condition.clinicalStatus.coding.code": {"active", "recurrence", "relapse", "inactive",
                                             "remission", "resolved"},
    "AllergyIntolerance.clinicalStatus.coding.code": {"active", "inactive", "resolved"},
    "AllergyIntolerance.reaction.severity": {"mild", "moderate", "severe"},
    "MedicationStatement.status": {"active", "completed", "entered-in-error", "intended",
                                   "stopped", "on-hold", "unknown", "not-taken"},
    "MedicationDispense.status": {"preparation", "in-progress", "cancelled", "on-hold",
                                  "completed", "entered-in-error", "stopped", "declined", "unknown"},
    "Observation.status": {"registered", "preliminary", "final", "amended", "corrected",
                           "cancelled", "entered-in-error", "unknown"},
    "Consent.status": {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"},
    "Consent.provision.type": {"deny", "permit"},
    "DocumentReference.status": {"current", "superseded", "entered-in-error"},
    "DocumentReference.docStatus": {"preliminary", "final", "amended", "entered-in-error"},
    "DocumentReference.relatesTo.code": {"replaces", "transforms", "signs", "appends"},
    "RelatedPerson.gender": {"male", "female", "other", "unknown"},
    "Invoice.status": {"draft", "issued", "balanced", "cancelled", "entered-in-error"},
    "ChargeItem.status": {"planned", "billable", "not-billable", "aborted", "billed",
                          "entered-in-error", "unknown"},
    "Invoice.totalGross.currency": {"PKR"},
    "ChargeItem.priceOverride.currency": {"PKR"},
}

# Elements R4 requires (min 1) that are easy to lose, beyond what the models enforce.
MUST = {
    "Observation": ["status", "code"],
    "Appointment": ["status", "participant"],
    "Encounter": ["status", "class"],
    "AllergyIntolerance": ["patient"],
    "Condition": ["subject"],
    "MedicationStatement": ["status", "subject"],
    "MedicationDispense": ["status"],
    "Consent": ["status", "scope", "category"],
    "DocumentReference": ["status", "content"],
    "RelatedPerson": ["patient"],
    "Invoice": ["status"],
    "ChargeItem": ["status", "code", "subject"],
}
MEDICATION_X = ("medicationCodeableConcept", "medicationReference")

# The date, dateTime and instant elements of the resources exported, with the R4
# dateTime pattern (which takes a date, and a dateTime with its offset); the models let
# a space for the "T" pass, so this is checked here too.
DATE_ELEMENTS = {"birthDate", "start", "end", "effectiveDateTime", "issued", "onsetDateTime",
                 "recordedDate", "dateAsserted", "whenHandedOver", "whenPrepared", "dateTime",
                 "date", "created", "lastUpdated", "authoredOn", "occurrenceDateTime",
                 "enteredDate"}
DATE_TIME = re.compile(
    r"^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$"
)
UUID_URL = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def values_at(node, path):
    """Every value at a dotted path, descending through lists."""
    if not path:
        yield node
        return
    head, rest = path[0], path[1:]
    for item in node if isinstance(node, list) else [node]:
        if isinstance(item, dict) and head in item:
            yield from values_at(item[head], rest)


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def bad_dates(node, path=""):
    """(element path, value) of every date element whose value is not an R4 dateTime."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in DATE_ELEMENTS and isinstance(v, str) and not DATE_TIME.match(v):
                yield f"{path}{k}", v
            elif k != "resource":
                yield from bad_dates(v, f"{path}{k}.")
    elif isinstance(node, list):
        for item in node:
            yield from bad_dates(item, path)


def check_resource(res, where, problems):
    rtype = res.get("resourceType", "?")
    for element, v in bad_dates(res):
        problems.append(f"{where}: {rtype}.{element} = {v!r} is not a FHIR date or dateTime")
    for path, allowed in REQUIRED.items():
        first, *rest = path.split(".")
        if first != rtype:
            continue
        for v in values_at(res, rest):
            if v not in allowed:
                problems.append(f"{where}: {path} = {v!r} is not in its required value set")
    for element in MUST.get(rtype, []):
        if element not in res:
            problems.append(f"{where}: {rtype}.{element} is required")
    if rtype in ("MedicationStatement", "MedicationDispense") and not any(m in res for m in MEDICATION_X):
        problems.append(f"{where}: {rtype}.medication[x] is required")


def model_errors(model, data, where, problems):
    try:
        model.parse_obj(data)
    except Exception as e:  # pydantic.ValidationError: one line per error
        for line in str(e).splitlines():
            if line.strip() and not line.startswith("    For further"):
                problems.append(f"{where}: {line.strip()}")


def check_bundle(path):
    problems = []
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    model_errors(Bundle, data, "Bundle", problems)
    check_resource(data, "Bundle", problems)
    if data.get("type") != "collection":
        problems.append("Bundle.type is not collection")
    entries = data.get("entry", [])
    urls = [e.get("fullUrl") for e in entries]
    for i, e in enumerate(entries):
        res = e.get("resource", {})
        where = f"entry[{i}] {res.get('resourceType')}"
        if not UUID_URL.match(e.get("fullUrl") or ""):
            problems.append(f"{where}: fullUrl {e.get('fullUrl')!r} is not a urn:uuid")
        elif e["fullUrl"] != f"urn:uuid:{res.get('id')}":
            problems.append(f"{where}: fullUrl does not match the resource id")
        check_resource(res, where, problems)
        for ref in references(res):
            if ref not in urls:
                problems.append(f"{where}: reference {ref} does not resolve inside the bundle")
    if len(set(urls)) != len(urls):
        problems.append("Bundle: a fullUrl appears twice")
    return problems, len(entries)


def check_ndjson(folder):
    problems = []
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    resources, known = [], set()
    for out in manifest.get("output", []):
        f = folder / out["url"]
        raw = f.read_bytes()
        if hashlib.sha256(raw).hexdigest() != out["sha256"] or len(raw) != out["bytes"]:
            problems.append(f"{out['url']}: size or SHA-256 differs from the manifest")
        lines = raw.decode("utf-8").splitlines()
        if len(lines) != out["count"]:
            problems.append(f"{out['url']}: {len(lines)} lines, manifest says {out['count']}")
        for n, line in enumerate(lines, 1):
            res = json.loads(line)
            where = f"{out['url']}:{n}"
            if res.get("resourceType") != out["type"]:
                problems.append(f"{where}: a {res.get('resourceType')} in the {out['type']} file")
            model_errors(get_fhir_model_class(res["resourceType"]), res, where, problems)
            check_resource(res, where, problems)
            resources.append((where, res))
            known.add(f"{res['resourceType']}/{res['id']}")
    for where, res in resources:
        for ref in references(res):
            if ref not in known:
                problems.append(f"{where}: reference {ref} does not resolve inside the export")
    return problems, len(resources)


def main(argv):
    if len(argv) != 3 or argv[1] not in ("bundle", "ndjson"):
        print(__doc__)
        return 2
    problems, count = (check_bundle if argv[1] == "bundle" else check_ndjson)(argv[2])
    for p in problems:
        print(p)
    if problems:
        print(f"INVALID: {len(problems)} problems in {count} resources")
        return 1
    print(f"VALID: {count} resources")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
