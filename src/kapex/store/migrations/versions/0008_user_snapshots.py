"""a packed snapshot of each user's view, for loads in one read

Revision ID: 0008
Revises: 0007

Starts empty: a worker loading a user without one builds the view from its memories, as
before, and writes the snapshot for the next load.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "user_snapshots",
        sa.Column("tenant_id", sa.String(length=80), primary_key=True),
        sa.Column("user_id", sa.String(length=128), primary_key=True),
        sa.Column("incarnation", sa.String(length=32), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.String(length=80), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("user_snapshots")
