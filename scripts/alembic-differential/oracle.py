"""Alembic as the reference for athanor's revision targets (see compare.ts next to this file).

Reads JSON on stdin: {"graphs": [{"revisions": [{"id", "down": [...], "deps": [...], "labels": [...]}],
"cases": [{"op": "upgrade"|"downgrade"|"stamp"|"history"|"labels"|"show", "rows": [...], "target": str | [str], "purge": bool}]}]}
and writes, per graph, per case: {"ok": true, "steps": [[id, "up"|"down"]...], "rows": [...]} or
{"ok": false, "error": "..."}.

It drives Alembic's own RevisionMap, ScriptDirectory._upgrade_revs/_downgrade_revs/_stamp_revs and
HeadMaintainer, exactly as `alembic upgrade|downgrade|stamp` do online, with the version table kept in a
Python set (a missing row on DELETE/UPDATE is the error Alembic raises online). Run with the Debian
interpreter that has python3-alembic: /usr/bin/python3 oracle.py < cases.json; PYTHONPATH=DIR picks
another Alembic source tree (compare.ts --alembic-src).
"""

import json
import sys

import alembic
import warnings
from types import SimpleNamespace

from alembic.runtime.migration import HeadMaintainer, MigrationStep
from alembic.script.base import ScriptDirectory
from alembic.script.revision import Revision, RevisionError, RevisionMap
from alembic.util import CommandError

warnings.simplefilter("ignore")


class TableMaintainer(HeadMaintainer):
    """HeadMaintainer with the version table as a set; row counts checked as Alembic does online."""

    def __init__(self, heads):
        self.context = None
        self.heads = set(heads)

    def _insert_version(self, version):
        if version in self.heads:
            raise RuntimeError("insert of a row already present: %s" % version)
        self.heads.add(version)

    def _delete_version(self, version):
        if version not in self.heads:
            raise RuntimeError("Online migration expected to match one row when deleting '%s'" % version)
        self.heads.remove(version)

    def _update_version(self, from_, to_):
        if from_ not in self.heads or to_ in self.heads:
            raise RuntimeError("Online migration expected to match one row when updating '%s' to '%s'" % (from_, to_))
        self.heads.remove(from_)
        self.heads.add(to_)


def script_directory(revisions):
    def generate():
        for spec in revisions:
            down = tuple(spec["down"]) or None
            deps = tuple(spec["deps"]) or None
            labels = tuple(spec["labels"]) or None
            rev = Revision(spec["id"], down, dependencies=deps, branch_labels=labels)
            rev.module = SimpleNamespace(upgrade=lambda: None, downgrade=lambda: None)
            rev.doc = None
            yield rev

    directory = ScriptDirectory.__new__(ScriptDirectory)
    directory.revision_map = RevisionMap(generate)
    directory.revision_map.heads  # build now: a broken graph fails here, not in a case
    return directory


def run_case(directory, case):
    rows = tuple(case["rows"])
    op = case["op"]
    if op == "history":
        lower, upper = case["target"].split(":")
        revs = directory.walk_revisions(base=lower or "base", head=upper or "heads")
        return {"ok": True, "steps": [[r.revision, "list"] for r in revs], "rows": list(rows)}
    if op == "labels":
        revs = [r for key, r in directory.revision_map._revision_map.items() if r is not None and key == r.revision]
        return {"ok": True, "steps": [[r.revision, ",".join(sorted(r.branch_labels))] for r in revs], "rows": list(rows)}
    if op == "show":
        # `alembic show` reads the target with get_revisions; its RevisionErrors are refusals (CommandError)
        try:
            revs = directory.revision_map.get_revisions(case["target"])
        except RevisionError as error:
            raise CommandError(str(error)) from error
        if any(not isinstance(r, Revision) for r in revs):
            raise TypeError("names %r" % (revs,))  # `base` or None where `show` expects revisions: it crashes
        shown = list(dict.fromkeys(r.revision for r in revs))  # a revision two heads walk to is one revision
        return {"ok": True, "steps": [[r, "show"] for r in shown], "rows": list(rows)}
    if op == "upgrade":
        steps = directory._upgrade_revs(case["target"], rows)
    elif op == "downgrade":
        steps = directory._downgrade_revs(case["target"], rows)
    else:
        targets = case["target"] if isinstance(case["target"], list) else [case["target"]]
        if case.get("purge"):
            rows = ()
        steps = directory._stamp_revs(tuple(targets), rows)
    table = TableMaintainer(rows)
    listed = []
    for step in steps:
        if isinstance(step, MigrationStep) and hasattr(step, "revision") and not isinstance(step.revision, str):
            listed.append([step.revision.revision, "up" if step.is_upgrade else "down"])
        table.update_to_step(step)
    return {"ok": True, "steps": listed, "rows": sorted(table.heads)}


def main():
    data = json.load(sys.stdin)
    out = []
    for graph in data["graphs"]:
        try:
            directory = script_directory(graph["revisions"])
        except Exception as error:  # noqa: BLE001 - reported, compared as a graph-level refusal
            out.append({"graphError": "%s: %s" % (type(error).__name__, error)})
            continue
        results = []
        for case in graph["cases"]:
            try:
                results.append(run_case(directory, case))
            except Exception as error:  # noqa: BLE001 - Alembic's refusals and crashes are both data here
                results.append({"ok": False, "error": "%s: %s" % (type(error).__name__, error)})
        out.append({"results": results})
    json.dump({"alembic": alembic.__version__, "graphs": out}, sys.stdout)


if __name__ == "__main__":
    main()
