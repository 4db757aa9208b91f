// The context playground: what the next block would hold for an input, at a budget and a
// moment, and why each memory is in it or left out (POST /query with "explain": true).
// Fields are read defensively: a memory without a topic or reason still renders.
import { useMemo, useState } from "preact/hooks";
import { ApiError, call, get } from "../api";
import { ChannelChip, Loading, Meter, Problem } from "../components/common";
import { count, score, when } from "../format";
import { useLoad } from "../load";
import { memoryHref } from "../router";
import type { Considered, MemoryItem, QueryResponse, UserDetail } from "../types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const REASON_TEXT: Record<string, string> = {
  included: "In the block",
  budget: "Left out: no room left in the token budget",
  topic_cap: "Left out: its topic already has as many lines as one topic may take",
  suppressed: "Left out: a suppress pin hides it",
  superseded: "Left out: a newer memory restates it",
  below_relevance: "Left out: not relevant enough to the input",
  below_floor: "Left out: not salient enough to be offered unasked",
};

function why(item: MemoryItem, considered?: Considered): string {
  if (considered?.reason && considered.reason !== "included") return REASON_TEXT[considered.reason] ?? considered.reason;
  switch (item.channel) {
    case "pinned":
      return "In the block: a standing constraint from a pin";
    case "relevant":
      return `In the block: answers the input (relevance ${score(item.relevance)})`;
    case "salient":
      return `In the block: matters now (salience ${score(item.salience)}), offered unasked`;
    default:
      return REASON_TEXT.included;
  }
}

function utcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

interface Run {
  response: QueryResponse;
  at: number | null;
}

export function Playground({ user, detail }: { user: string; detail: UserDetail | null }) {
  const profile = useLoad(() => get<{ injection_template?: { max_tokens?: number } }>("/profile"), []);
  const [input, setInput] = useState("");
  const [maxTokens, setMaxTokens] = useState("");
  const [fixed, setFixed] = useState(false);
  const now = useMemo(() => Math.floor(Date.now() / HOUR) * HOUR, []);
  const first = detail?.first_event_at ? Date.parse(detail.first_event_at) : now - 30 * DAY;
  const last = detail?.last_event_at ? Date.parse(detail.last_event_at) : now;
  const start = Math.floor(Math.min(first, now) / HOUR) * HOUR;
  const end = Math.ceil((Math.max(last, now) + 90 * DAY) / HOUR) * HOUR;
  const [moment, setMoment] = useState<number>(now);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (!input.trim()) {
      setError(new ApiError(400, "VALIDATION_ERROR", "Type an input to build a block for."));
      return;
    }
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { user_id: user, current_input: input };
    if (maxTokens.trim()) body.max_tokens = Number(maxTokens);
    if (fixed) body.timestamp = new Date(moment).toISOString();
    try {
      const response = await call<QueryResponse>("POST", "/query", { ...body, explain: true });
      setRun({ response, at: fixed ? moment : null });
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
    }
  }

  const defaultBudget = profile.data?.injection_template?.max_tokens;
  return (
    <div class="playground">
      <form onSubmit={submit} class="play-form">
        <div class="field wide">
          <label for="p-input">Input (the user's next message)</label>
          <textarea
            id="p-input"
            rows={3}
            value={input}
            onInput={(e) => setInput((e.target as HTMLTextAreaElement).value)}
            required
          />
        </div>
        <div class="field budget">
          <label for="p-budget">max_tokens</label>
          <input
            id="p-budget"
            type="number"
            min={50}
            max={32000}
            step={1}
            inputMode="numeric"
            placeholder={defaultBudget ? `${defaultBudget} (profile)` : "profile default"}
            value={maxTokens}
            onInput={(e) => setMaxTokens((e.target as HTMLInputElement).value)}
            aria-describedby="p-budget-help"
          />
          <span id="p-budget-help" class="muted small">
            50–32,000; empty uses the profile's budget
          </span>
        </div>
        <fieldset class="field moment">
          <legend>Moment</legend>
          <label class="check">
            <input type="checkbox" checked={fixed} onChange={(e) => setFixed((e.target as HTMLInputElement).checked)} />
            Evaluate at a chosen moment instead of now
          </label>
          <label for="p-slider">Moment on the timeline</label>
          <input
            id="p-slider"
            type="range"
            min={0}
            max={Math.round((end - start) / HOUR)}
            step={1}
            value={Math.round((moment - start) / HOUR)}
            disabled={!fixed}
            aria-valuetext={when(new Date(moment).toISOString())}
            onInput={(e) => setMoment(start + Number((e.target as HTMLInputElement).value) * HOUR)}
          />
          <label for="p-moment">Moment (UTC)</label>
          <input
            id="p-moment"
            type="datetime-local"
            value={utcInput(moment)}
            disabled={!fixed}
            onInput={(e) => {
              const parsed = Date.parse(`${(e.target as HTMLInputElement).value}:00Z`);
              if (!Number.isNaN(parsed)) setMoment(parsed);
            }}
          />
          <span class="muted small">
            Timeline: {when(new Date(start).toISOString())} to {when(new Date(end).toISOString())}
          </span>
        </fieldset>
        <div class="submit">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Building…" : "Build the block"}
          </button>
        </div>
      </form>
      {error ? <Problem error={error} /> : null}
      {busy ? <Loading what="the block" /> : null}
      {run ? <Result user={user} run={run} /> : null}
    </div>
  );
}

function Result({ user, run }: { user: string; run: Run }) {
  const { response } = run;
  const explanation = response.explanation;
  const considered = explanation?.considered ?? [];
  const byId = new Map(considered.map((c) => [c.node_id, c]));
  const blockLines = response.context ? response.context.split("\n") : [];
  const memoryLines = blockLines.filter((line) => line.startsWith("- "));
  const paired = memoryLines.length === response.memories.length;
  // The exact line of each memory: the explanation names it; otherwise block order pairs them.
  const lineOf = (item: MemoryItem, i: number) =>
    byId.get(item.node_id)?.line ?? (paired ? memoryLines[i] : item.summary);
  const leftOut = considered.filter((c) => c.included === false);
  return (
    <section class="result" aria-labelledby="result-title" aria-live="polite">
      <h2 id="result-title">The block</h2>
      <dl class="facts inline">
        <div>
          <dt>Tokens</dt>
          <dd>
            {count(response.token_count)} of {count(response.max_tokens)}{" "}
            <Meter value={response.token_count} max={response.max_tokens} label="Tokens used of the budget" />
          </dd>
        </div>
        <div>
          <dt>Evaluated at</dt>
          <dd>{run.at === null ? "now" : when(new Date(run.at).toISOString())}</dd>
        </div>
        {explanation?.mode ? (
          <div>
            <dt>Mode</dt>
            <dd>
              {explanation.mode}
              {typeof explanation.specificity === "number" ? ` (specificity ${score(explanation.specificity)})` : ""}
            </dd>
          </div>
        ) : null}
        {response.safety?.crisis_detected ? (
          <div>
            <dt>Safety</dt>
            <dd>
              <span class="badge badge-crisis">Crisis in the input</span> {response.safety.crisis_category ?? ""}
            </dd>
          </div>
        ) : null}
      </dl>
      {response.context ? (
        <pre class="block" aria-label="Context block" data-testid="context-block">
          {response.context}
        </pre>
      ) : (
        <p class="empty">The block is empty: no memory qualified for this input.</p>
      )}
      {response.memories.length ? (
        <table class="data">
          <caption>Lines of the block, in order</caption>
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col">Line</th>
              <th scope="col">Channel</th>
              <th scope="col" class="num">Relevance</th>
              <th scope="col" class="num">Salience</th>
              <th scope="col">Topic</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {response.memories.map((item, i) => (
              <tr key={item.node_id}>
                <td class="num">{i + 1}</td>
                <td class="summary">
                  {item.node_type === "constraint" ? (
                    <span>{lineOf(item, i)}</span>
                  ) : (
                    <a href={memoryHref(user, item.node_id)}>{lineOf(item, i)}</a>
                  )}
                </td>
                <td>
                  <ChannelChip channel={item.channel} />
                </td>
                <td class="num">{score(item.relevance)}</td>
                <td class="num">{score(item.salience)}</td>
                <td>{item.node_type === "constraint" ? "—" : (item.topic_label ?? item.topic)}</td>
                <td>{why(item, byId.get(item.node_id))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {explanation ? (
        <>
          <h3>Considered but left out</h3>
          {leftOut.length ? (
            <table class="data">
              <caption class="sr-only">Memories considered for the block and left out, with the reason</caption>
              <thead>
                <tr>
                  <th scope="col">Memory</th>
                  <th scope="col">Channel</th>
                  <th scope="col" class="num">Relevance</th>
                  <th scope="col" class="num">Salience</th>
                  <th scope="col" class="num">Score</th>
                  <th scope="col">Topic</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {leftOut.map((c) => (
                  <tr key={c.node_id}>
                    <td class="summary">
                      <a href={memoryHref(user, c.node_id)}>{c.summary ?? c.node_id}</a>
                      {c.superseded_by ? (
                        <>
                          {" "}
                          (by <a href={memoryHref(user, c.superseded_by)}>a newer memory</a>)
                        </>
                      ) : null}
                    </td>
                    <td>
                      <ChannelChip channel={c.channel} />
                    </td>
                    <td class="num">{score(c.relevance)}</td>
                    <td class="num">{score(c.salience)}</td>
                    <td class="num">{score(c.score)}</td>
                    <td>{c.topic_label ?? "—"}</td>
                    <td>{c.reason ? (REASON_TEXT[c.reason] ?? c.reason) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">Every memory considered made it into the block.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
