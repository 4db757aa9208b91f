// The tenant's end users: memory counts against the plan's limits, last activity, search by id.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Loading, Meter, Problem } from "../components/common";
import { count, day, plural, when } from "../format";
import { userHref } from "../router";
import type { Account, UserList, UserSummary } from "../types";

const PAGE = 100;

function Usage({ account }: { account: Account }) {
  const { limits, usage } = account;
  return (
    <section class="usage" aria-labelledby="usage-title">
      <h2 id="usage-title">Plan usage</h2>
      <dl class="facts">
        <div>
          <dt>Plan</dt>
          <dd>
            {account.tier} ({account.status.replaceAll("_", " ")})
            {account.trial_ends ? `, trial ends ${day(account.trial_ends)}` : ""}
          </dd>
        </div>
        <div>
          <dt>End users</dt>
          <dd>
            {count(usage.users)} of {count(limits.max_users)}{" "}
            <Meter value={usage.users} max={limits.max_users} label="End users used of the plan's limit" />
          </dd>
        </div>
        <div>
          <dt>Requests today</dt>
          <dd>
            {count(usage.requests_today)} of {count(limits.rate_limit_daily)}{" "}
            <Meter
              value={usage.requests_today}
              max={limits.rate_limit_daily}
              label="Requests today of the daily limit"
            />
          </dd>
        </div>
        <div>
          <dt>Per minute</dt>
          <dd>{count(limits.rate_limit_rpm)} requests</dd>
        </div>
        <div>
          <dt>Memories per user</dt>
          <dd>up to {count(limits.max_nodes_per_user)}</dd>
        </div>
      </dl>
    </section>
  );
}

export function UsersPage({ account }: { account: Account }) {
  const [search, setSearch] = useState("");
  const [applied, setApplied] = useState("");
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);

  // Search as the operator types, a moment after they stop.
  useEffect(() => {
    const timer = window.setTimeout(() => setApplied(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setTotal(null);
    setError(null);
    get<UserList>("/users", { q: applied, limit: PAGE }).then(
      (page) => {
        if (!live) return;
        setUsers(page.users);
        setTotal(page.total ?? page.users.length);
        setCursor(page.next_cursor);
        setLoading(false);
      },
      (problem: Error) => live && (setError(problem), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [applied]);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await get<UserList>("/users", { q: applied, limit: PAGE, cursor });
      setUsers((shown) => [...shown, ...page.users]);
      setCursor(page.next_cursor);
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setLoading(false);
    }
  }

  const cap = account.limits.max_nodes_per_user;
  return (
    <section>
      <h1>Users</h1>
      <Usage account={account} />
      <form class="toolbar" role="search" onSubmit={(e) => (e.preventDefault(), setApplied(search.trim()))}>
        <label for="user-search">Search users by id</label>
        <input
          id="user-search"
          type="search"
          value={search}
          placeholder="e.g. user_001"
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <p class="muted" role="status" aria-live="polite">
          {total === null
            ? ""
            : applied
              ? `${plural(total, "user")} ${total === 1 ? "matches" : "match"} “${applied}”`
              : plural(total, "user")}
        </p>
      </form>
      {error ? <Problem error={error} /> : null}
      <table class="data" aria-busy={loading ? "true" : undefined}>
        <caption class="sr-only">The account's end users</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col" class="num">Memories (of {count(cap)})</th>
            <th scope="col">Last active</th>
            <th scope="col">First seen</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.user_id}>
              <th scope="row">
                <a href={userHref(user.user_id, "memories")}>{user.user_id}</a>
              </th>
              <td class="num">
                {count(user.node_count)}{" "}
                <Meter value={user.node_count} max={cap} label={`Memories of ${user.user_id} against the per-user limit`} />
              </td>
              <td>{when(user.last_active_at)}</td>
              <td>{when(user.created_at)}</td>
            </tr>
          ))}
          {!loading && users.length === 0 && !error ? (
            <tr>
              <td colSpan={4} class="empty">
                {applied ? "No user id contains that text." : "No users yet: ingest a message to create one."}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {loading ? <Loading what="users" /> : null}
      {cursor && !loading ? (
        <button type="button" onClick={more}>
          Show more users
        </button>
      ) : null}
    </section>
  );
}
