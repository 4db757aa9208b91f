// One end user: who they are in numbers, the views of their memory, and the export.
import { useState } from "preact/hooks";
import { get, seg } from "../api";
import { Loading, Meter, Problem } from "../components/common";
import { count, day, when } from "../format";
import { useLoad } from "../load";
import { type Route, type UserTab, userHref } from "../router";
import type { Account, UserDetail } from "../types";
import { GraphView } from "./Graph";
import { MemoriesView } from "./Memories";
import { PinsView } from "./Pins";
import { Playground } from "./Playground";
import { TopicsView } from "./Topics";

const TABS: { tab: UserTab; label: string }[] = [
  { tab: "memories", label: "Memories" },
  { tab: "graph", label: "Graph" },
  { tab: "playground", label: "Context playground" },
  { tab: "topics", label: "Topics" },
  { tab: "pins", label: "Pins" },
];

function ExportButton({ user }: { user: string }) {
  const [state, setState] = useState<{ busy: boolean; error: Error | null }>({ busy: false, error: null });
  async function download() {
    setState({ busy: true, error: null });
    try {
      const data = await get<unknown>(`/context/${seg(user)}`);
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `kapex-export-${user}-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error: error as Error });
    }
  }
  return (
    <span class="export">
      <button type="button" onClick={download} disabled={state.busy}>
        {state.busy ? "Preparing…" : "Export all data (JSON)"}
      </button>
      {state.error ? <Problem error={state.error} /> : null}
    </span>
  );
}

export function UserPage({ route, account }: { route: Extract<Route, { name: "user" }>; account: Account }) {
  const { user, tab, params } = route;
  const detail = useLoad(() => get<UserDetail>(`/users/${seg(user)}`), [user]);
  const facts = detail.data;
  const label = TABS.find((t) => t.tab === tab)?.label ?? tab;
  let body;
  switch (tab) {
    case "graph":
      body = <GraphView user={user} />;
      break;
    case "playground":
      body = <Playground user={user} detail={facts} />;
      break;
    case "topics":
      body = <TopicsView user={user} />;
      break;
    case "pins":
      body = <PinsView user={user} onChange={detail.reload} />;
      break;
    default:
      body = <MemoriesView user={user} params={params} />;
  }
  return (
    <section>
      <p class="crumbs">
        <a href="#/users">Users</a> / <span>{user}</span>
      </p>
      <h1>
        {user} <span class="sub">— {label}</span>
      </h1>
      {detail.error ? <Problem error={detail.error} /> : null}
      {facts ? (
        <dl class="facts inline">
          <div>
            <dt>Memories</dt>
            <dd>
              {count(facts.node_count)} of {count(account.limits.max_nodes_per_user)}{" "}
              <Meter value={facts.node_count} max={account.limits.max_nodes_per_user} label="Memories against the per-user limit" />
            </dd>
          </div>
          <div>
            <dt>Pins</dt>
            <dd>{count(facts.pin_count ?? 0)}</dd>
          </div>
          <div>
            <dt>Memories span</dt>
            <dd>
              {day(facts.first_event_at)} – {day(facts.last_event_at)}
            </dd>
          </div>
          <div>
            <dt>Last active</dt>
            <dd>{when(facts.last_active_at)}</dd>
          </div>
        </dl>
      ) : detail.loading ? (
        <Loading what="the user" />
      ) : null}
      <div class="tabbar">
        <nav aria-label="Views of this user">
          {TABS.map((t) => (
            <a key={t.tab} href={userHref(user, t.tab)} aria-current={t.tab === tab ? "page" : undefined}>
              {t.label}
            </a>
          ))}
        </nav>
        <ExportButton user={user} />
      </div>
      {body}
    </section>
  );
}
