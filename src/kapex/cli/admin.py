"""``kapex admin …``: the operator's commands (tiers, trials, suspension, keys, purge,
re-embedding after an embedder change)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kapex.clock import SystemClock, iso_z
from kapex.services.operator import OperatorConsole
from kapex.settings import Settings


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("admin", help="operator commands")
    actions = parser.add_subparsers(dest="action", required=True)

    listing = actions.add_parser("list-tenants", help="every tenant with its plan and usage")
    listing.set_defaults(run=_list_tenants)

    upgrade = actions.add_parser("upgrade", help="move a tenant to a paid tier (keeps data)")
    upgrade.add_argument("tenant_id")
    upgrade.add_argument("--tier", required=True, choices=["starter", "scale", "enterprise"])
    for flag, help_text in (
        ("--rpm", "enterprise: requests per minute"),
        ("--daily", "enterprise: requests per day"),
        ("--max-users", "enterprise: end users"),
        ("--max-nodes", "enterprise: memory nodes per user"),
    ):
        upgrade.add_argument(flag, type=int, help=help_text)
    upgrade.set_defaults(run=_upgrade)

    extend = actions.add_parser("extend-trial", help="add days to a trial")
    extend.add_argument("tenant_id")
    extend.add_argument("--days", type=int, required=True)
    extend.set_defaults(run=_extend)

    for name, value in (("suspend", True), ("unsuspend", False)):
        sub = actions.add_parser(name, help=f"{name} a tenant")
        sub.add_argument("tenant_id")
        sub.set_defaults(run=_suspender(value))

    rotate = actions.add_parser("rotate-key", help="issue a new key and revoke the others")
    rotate.add_argument("tenant_id")
    rotate.set_defaults(run=_rotate)

    purge = actions.add_parser("purge-expired", help="purge trials past their retention period")
    purge.set_defaults(run=_purge)

    reembed = actions.add_parser(
        "reembed", help="re-embed a tenant's memories with the configured KAPEX_EMBEDDER"
    )
    reembed.add_argument("tenant_id")
    reembed.set_defaults(run=_reembed)


def _console() -> OperatorConsole:
    return OperatorConsole.open(Settings())


def _print(data: Any) -> int:
    print(json.dumps(data, indent=2, default=str))
    return 0


def _list_tenants(_args: argparse.Namespace) -> int:
    console = _console()
    return _print(
        [a.model_dump() for a in console.accounts.tenants_with_usage(now=SystemClock().now())]
    )


def _upgrade(args: argparse.Namespace) -> int:
    custom = {
        key: value
        for key, value in (
            ("rate_limit_rpm", args.rpm),
            ("rate_limit_daily", args.daily),
            ("max_users", args.max_users),
            ("max_nodes_per_user", args.max_nodes),
        )
        if value is not None
    }
    tenant = _console().accounts.set_tier(args.tenant_id, args.tier, custom_limits=custom or None)
    return _print(
        {"tenant_id": tenant.tenant_id, "tier": tenant.tier, "custom_limits": tenant.custom_limits}
    )


def _extend(args: argparse.Namespace) -> int:
    tenant = _console().accounts.extend_trial(
        args.tenant_id, days=args.days, now=SystemClock().now()
    )
    assert tenant.trial_ends is not None
    return _print({"tenant_id": tenant.tenant_id, "trial_ends": iso_z(tenant.trial_ends)})


def _suspender(value: bool) -> Any:
    def run(args: argparse.Namespace) -> int:
        tenant = _console().accounts.set_suspended(args.tenant_id, suspended=value)
        return _print({"tenant_id": tenant.tenant_id, "suspended": tenant.suspended})

    return run


def _rotate(args: argparse.Namespace) -> int:
    created = _console().accounts.rotate_keys(args.tenant_id, now=SystemClock().now())
    return _print(created.model_dump())


def _reembed(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from kapex.models.embedder import load_embedder
    from kapex.services.reembed import Reembedder
    from kapex.store.embeddings import EmbeddingStore

    console = _console()
    console.accounts.require_tenant(args.tenant_id)
    embedder = load_embedder(console.settings.embedder, threads=console.settings.model_threads)
    migration = Reembedder(store=EmbeddingStore(console.engine), embedder=embedder)
    with tqdm(total=migration.pending(args.tenant_id), desc="re-embedding", unit="vector") as bar:
        done = migration.run(args.tenant_id, progress=bar.update)
    return _print({"tenant_id": args.tenant_id, "model_id": embedder.model_id, "reembedded": done})


def _purge(_args: argparse.Namespace) -> int:
    purged = _console().retention.purge_expired(now=SystemClock().now())
    return _print({"purged": purged})
