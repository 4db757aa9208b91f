"""snapshot blobs stored out of line and never compressed (PostgreSQL)

Revision ID: 0009
Revises: 0008

A snapshot is mostly float vectors, which do not compress: with the default storage
(EXTENDED) PostgreSQL ran pglz over the whole blob on every write (its JSON header compresses,
so the attempt is not given up early) only to store it uncompressed. EXTERNAL keeps it out of
line without trying. Blobs already stored keep their form until rewritten (SQLite has no
such setting: nothing to do there).
"""

from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE user_snapshots ALTER COLUMN blob SET STORAGE EXTERNAL")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE user_snapshots ALTER COLUMN blob SET STORAGE EXTENDED")
