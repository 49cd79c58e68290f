// The Python run by the Alembic importer: reads the revision graph with Alembic's ScriptDirectory and renders
// each revision's upgrade() and downgrade() in Alembic's offline (--sql) mode, one revision at a time, so the
// SQL is Alembic's own for the dialect. Prints one JSON document on stdout.
export const ALEMBIC_RENDER_PY = String.raw`
import io, json, os, sys, traceback
from alembic.script import ScriptDirectory
from alembic.runtime.migration import MigrationContext
from alembic.operations import Operations

versions, dialect = sys.argv[1], sys.argv[2]
script = ScriptDirectory(os.path.dirname(versions), version_locations=[versions])

def render(fn):
    buf = io.StringIO()
    ctx = MigrationContext.configure(dialect_name=dialect, opts={"as_sql": True, "output_buffer": buf, "literal_binds": True})
    with Operations.context(ctx):
        fn()
    return buf.getvalue()

def names(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value]
    return [str(value)]

out = []
for sc in reversed(list(script.walk_revisions("base", "heads"))):
    item = {"revision": sc.revision, "down": names(sc.down_revision), "labels": sorted(names(getattr(sc.module, "branch_labels", None))),
            "depends": names(getattr(sc, "_resolved_dependencies", None) or getattr(sc.module, "depends_on", None)), "message": sc.doc or "", "file": os.path.basename(sc.path)}
    try:
        item["upgrade"] = render(sc.module.upgrade)
        down = getattr(sc.module, "downgrade", None)
        item["downgrade"] = render(down) if down is not None else None
    except Exception as error:
        print(json.dumps({"error": "%s: %s" % (os.path.basename(sc.path), "".join(traceback.format_exception_only(type(error), error)).strip())}))
        sys.exit(0)
    out.append(item)
print(json.dumps({"revisions": out}))
`;
