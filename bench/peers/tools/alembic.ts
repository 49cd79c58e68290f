import { spawnSync } from 'node:child_process';
import type { Database, Dialect } from '../databases.js';
import { write } from '../paths.js';
import { revisionId } from '../schema.js';
import type { Tool } from '../tool.js';

export const PYTHON = process.env['BENCH_PYTHON'] ?? '/usr/bin/python3';
const DRIVER_MODULE: Record<Dialect, string> = { postgres: 'psycopg2', mysql: 'pymysql', sqlite: 'sqlite3' };

/** Why Alembic cannot run here (Debian: apt-get install python3-alembic python3-psycopg2 python3-pymysql). */
export function alembicUnavailable(dialect?: Dialect): string | null {
  const modules = ['alembic', ...(dialect ? [DRIVER_MODULE[dialect]] : [])];
  const r = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} not found`;
  return r.status === 0 ? null : `${PYTHON} lacks ${modules.join('/')} (apt-get install python3-alembic python3-psycopg2 python3-pymysql)`;
}

// the generic template's alembic.ini and env.py, reading the URL from the environment
const INI = `[alembic]
script_location = alembic

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
`;

export function envPy(metadataImport: string): string {
  return `import os
from logging.config import fileConfig
from alembic import context
from sqlalchemy import create_engine, pool
${metadataImport}
config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
url = os.environ["BENCH_SQLALCHEMY_URL"]

if context.is_offline_mode():
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
`;
}

const MAKO = `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
"""
from alembic import op
import sqlalchemy as sa
\${imports if imports else ""}
revision = \${repr(up_revision)}
down_revision = \${repr(down_revision)}
branch_labels = \${repr(branch_labels)}
depends_on = \${repr(depends_on)}


def upgrade():
    \${upgrades if upgrades else "pass"}


def downgrade():
    \${downgrades if downgrades else "pass"}
`;

/** alembic.ini, env.py and the revision template; `metadataImport` must define target_metadata */
export function writeAlembicBase(dir: string, metadataImport = 'target_metadata = None'): void {
  write(`${dir}/alembic.ini`, INI);
  write(`${dir}/alembic/env.py`, envPy(metadataImport));
  write(`${dir}/alembic/script.py.mako`, MAKO);
  write(`${dir}/alembic/versions/.keep`, '');
}

function migration(i: number): string {
  const fk = i > 1 ? `, sa.ForeignKey("t${i - 1}.id", name="t${i}_parent_id_fkey")` : '';
  return `"""table ${i}"""
from alembic import op
import sqlalchemy as sa

revision = "${revisionId(i)}"
down_revision = ${i === 1 ? 'None' : `"${revisionId(i - 1)}"`}
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "t${i}",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("score", sa.Integer(), server_default="0"),
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.Column("parent_id", sa.Integer()${fk}),
    )
    op.create_index("ix_t${i}_name", "t${i}", ["name"])


def downgrade():
    op.drop_table("t${i}")
`;
}

export function alembicCommand(dir: string, db: Database | null, args: string[]) {
  return { command: PYTHON, args: ['-m', 'alembic', '-c', `${dir}/alembic.ini`, ...args], cwd: dir, env: { BENCH_SQLALCHEMY_URL: db?.sqlalchemyUrl ?? 'sqlite://' } };
}

export const alembic: Tool = {
  name: 'alembic',
  dialects: ['postgres', 'mysql', 'sqlite'],
  unavailable: alembicUnavailable,
  write(dir, _dialect, count) {
    writeAlembicBase(dir);
    for (let i = 1; i <= count; i++) write(`${dir}/alembic/versions/${revisionId(i)}_table_${i}.py`, migration(i));
  },
  upgrade: (dir, db) => alembicCommand(dir, db, ['upgrade', 'head']),
  startup: {
    heads: (dir) => alembicCommand(dir, null, ['heads']),
    history: (dir) => alembicCommand(dir, null, ['history']),
    current: (dir, db) => alembicCommand(dir, db, ['current']),
  },
  stamp: (dir, db) => alembicCommand(dir, db, ['stamp', 'head']),
};
