// A user's memories as a table: sorted and filtered by the server, a page at a time. The
// filters live in the location (#/users/u/memories?topic=…), so views can link to a filter.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, seg } from "../api";
import { Badges, ChannelChip, FLAG_TEXT, Loading, Problem } from "../components/common";
import { plural, score, when } from "../format";
import { useLoad } from "../load";
import { go, href, memoryHref } from "../router";
import { loadTopics } from "../topics";
import type { Flag, NodeList, NodeSummary } from "../types";

const PAGE = 50;
const FLAGS: Flag[] = ["crisis", "pii_redacted", "superseded", "pinned", "suppressed"];
type Order = "salience" | "recent" | "topic";
const DEFAULT_DIRECTION: Record<Order, "asc" | "desc"> = { salience: "desc", recent: "desc", topic: "asc" };

function Sortable({
  order,
  label,
  current,
  direction,
  onSort,
}: {
  order: Order;
  label: string;
  current: Order;
  direction: "asc" | "desc";
  onSort: (order: Order) => void;
}) {
  const active = order === current;
  const sort = active ? (direction === "asc" ? "ascending" : "descending") : undefined;
  return (
    <th scope="col" aria-sort={sort}>
      <button type="button" class="sort" onClick={() => onSort(order)}>
        {label}
        <span aria-hidden="true" class="arrow">
          {active ? (direction === "asc" ? " ▲" : " ▼") : " ↕"}
        </span>
        <span class="sr-only">{active ? `, sorted ${sort}; activate to reverse` : ", activate to sort"}</span>
      </button>
    </th>
  );
}

export function MemoriesView({ user, params }: { user: string; params: URLSearchParams }) {
  const order = (["salience", "recent", "topic"].includes(params.get("order") ?? "")
    ? params.get("order")
    : "salience") as Order;
  const direction = (params.get("direction") ?? DEFAULT_DIRECTION[order]) as "asc" | "desc";
  const filters = {
    role: params.get("role") ?? "",
    channel: params.get("channel") ?? "",
    topic: params.get("topic") ?? "",
    q: params.get("q") ?? "",
    flag: params.getAll("flag"),
  };
  const [text, setText] = useState(filters.q);
  const key = params.toString();
  // One state for one answer: the rows, their count and the next page always come from the
  // same response, and an answer for other filters than the current ones is never shown.
  const [list, setList] = useState<{ key: string; nodes: NodeSummary[]; total: number; cursor: string | null } | null>(
    null,
  );
  const [error, setError] = useState<Error | null>(null);
  const [paging, setPaging] = useState(false);
  const wanted = useRef(key);
  wanted.current = key;
  const topics = useLoad(() => loadTopics(user), [user]);

  function update(changes: Record<string, string | string[] | null>) {
    const next = new URLSearchParams(window.location.hash.split("?")[1] ?? "");
    for (const [name, value] of Object.entries(changes)) {
      next.delete(name);
      for (const one of Array.isArray(value) ? value : value ? [value] : []) next.append(name, one);
    }
    next.delete("deleted");
    go(href({ name: "user", user, tab: "memories", params: next }), { replace: true });
  }

  const request = (after: string | null) =>
    get<NodeList>(`/users/${seg(user)}/nodes`, {
      order,
      direction,
      limit: PAGE,
      cursor: after,
      role: filters.role,
      channel: filters.channel,
      topic: filters.topic,
      q: filters.q,
      flag: filters.flag,
    });

  useEffect(() => {
    const asked = key;
    setError(null);
    request(null).then(
      (page) =>
        wanted.current === asked &&
        setList({ key: asked, nodes: page.nodes, total: page.total ?? page.nodes.length, cursor: page.next_cursor }),
      (problem: Error) => wanted.current === asked && (setError(problem), setList(null)),
    );
  }, [user, key]);

  useEffect(() => {
    // Typing filters by text a moment after the operator stops.
    const timer = window.setTimeout(() => {
      const current = new URLSearchParams(window.location.hash.split("?")[1] ?? "").get("q") ?? "";
      if (text.trim() !== current) update({ q: text.trim() || null });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [text]);

  const current = list && list.key === key ? list : null;
  const loading = !current && !error;
  const nodes = current?.nodes ?? [];
  const total = current?.total ?? null;
  const cursor = current?.cursor ?? null;

  async function more() {
    if (!current?.cursor) return;
    const asked = key;
    setPaging(true);
    try {
      const page = await request(current.cursor);
      if (wanted.current === asked) {
        setList({ ...current, nodes: [...current.nodes, ...page.nodes], cursor: page.next_cursor });
      }
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setPaging(false);
    }
  }

  const sortBy = (next: Order) =>
    update(
      next === order
        ? { order: next, direction: direction === "asc" ? "desc" : "asc" }
        : { order: next, direction: null },
    );
  const filtered = Boolean(filters.role || filters.channel || filters.topic || filters.q || filters.flag.length);
  const topicLabel = (id: string) => topics.data?.find((t) => t.topic_id === id)?.label;

  return (
    <div class="memories">
      {params.get("deleted") ? (
        <p class="notice" role="status">
          The memory was deleted.
        </p>
      ) : null}
      <form class="filters" aria-label="Filter memories" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="f-text">Text</label>
          <input id="f-text" type="search" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="f-role">Role</label>
          <select id="f-role" value={filters.role} onChange={(e) => update({ role: (e.target as HTMLSelectElement).value })}>
            <option value="">Any</option>
            <option value="user">User</option>
            <option value="assistant">Assistant</option>
          </select>
        </div>
        <div class="field">
          <label for="f-channel">Channel</label>
          <select
            id="f-channel"
            value={filters.channel}
            onChange={(e) => update({ channel: (e.target as HTMLSelectElement).value })}
          >
            <option value="">Any</option>
            <option value="salient">Salient (considered unasked)</option>
            <option value="relevant">Relevant (when asked)</option>
            <option value="hidden">Hidden (suppressed)</option>
          </select>
        </div>
        <div class="field">
          <label for="f-topic">Topic</label>
          <select id="f-topic" value={filters.topic} onChange={(e) => update({ topic: (e.target as HTMLSelectElement).value })}>
            <option value="">Any</option>
            {filters.topic && !topicLabel(filters.topic) ? <option value={filters.topic}>{filters.topic}</option> : null}
            {(topics.data ?? []).map((t) => (
              <option key={t.topic_id} value={t.topic_id}>
                {t.label} ({t.count})
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field flags">
          <legend>Safety flags</legend>
          {FLAGS.map((flag) => (
            <label key={flag} class="check">
              <input
                type="checkbox"
                name="flag"
                value={flag}
                checked={filters.flag.includes(flag)}
                onChange={(e) =>
                  update({
                    flag: (e.target as HTMLInputElement).checked
                      ? [...filters.flag, flag]
                      : filters.flag.filter((f) => f !== flag),
                  })
                }
              />
              {FLAG_TEXT[flag]}
            </label>
          ))}
        </fieldset>
        {filtered ? (
          <button type="button" class="link" onClick={() => (setText(""), update({ role: null, channel: null, topic: null, q: null, flag: null }))}>
            Clear filters
          </button>
        ) : null}
      </form>
      <p class="muted" role="status" aria-live="polite">
        {total === null
          ? ""
          : `${plural(total, "memory", "memories")}${filtered ? (total === 1 ? " matches the filters" : " match the filters") : ""}`}
      </p>
      {error ? <Problem error={error} /> : null}
      <table class="data memories-table" aria-busy={loading ? "true" : undefined}>
        <caption class="sr-only">Memories of {user}; column headers with buttons sort the table</caption>
        <thead>
          <tr>
            <th scope="col">Memory</th>
            <Sortable order="topic" label="Topic" current={order} direction={direction} onSort={sortBy} />
            <Sortable order="salience" label="Salience" current={order} direction={direction} onSort={sortBy} />
            <Sortable order="recent" label="Time" current={order} direction={direction} onSort={sortBy} />
            <th scope="col">Role</th>
            <th scope="col">Channel</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.node_id}>
              <td class="summary">
                <a href={memoryHref(user, node.node_id)}>{node.summary}</a>
              </td>
              <td>{node.topic_label ?? node.topic}</td>
              <td class="num">{score(node.salience, 3)}</td>
              <td class="nowrap">{when(node.event_time)}</td>
              <td>{node.role}</td>
              <td>
                <ChannelChip channel={node.channel} />
              </td>
              <td>
                <Badges flags={node.flags} />
              </td>
            </tr>
          ))}
          {!loading && !error && nodes.length === 0 ? (
            <tr>
              <td colSpan={7} class="empty">
                {filtered ? "No memory matches these filters." : "No memories yet."}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {loading || paging ? <Loading what="memories" /> : null}
      {cursor && !loading && !paging ? (
        <button type="button" onClick={more}>
          Show {PAGE} more
        </button>
      ) : null}
    </div>
  );
}
