"""per-user change record: what each revision changed, for workers to catch up; and which
creation of a user a revision belongs to

Revision ID: 0006
Revises: 0005

Starts empty: a worker holding a revision from before this one has restarted (it runs this
migration), so it loads users whole once and catches up from then on.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "user_changes",
        sa.Column("change_id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(length=80), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("node_id", sa.String(length=36), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
    )
    op.create_index("ix_user_changes_owner", "user_changes", ["tenant_id", "user_id", "revision"])
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("incarnation", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("incarnation")
    op.drop_index("ix_user_changes_owner", table_name="user_changes")
    op.drop_table("user_changes")
