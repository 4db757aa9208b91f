// One memory: what was stored, how it was scored, what happened to it since, its salience
// over time, and erasure.
import { useState } from "preact/hooks";
import { call, get, seg } from "../api";
import { Badges, ChannelChip, Loading, Problem } from "../components/common";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { eventText, SalienceChart } from "../components/SalienceChart";
import { score, when } from "../format";
import { useLoad } from "../load";
import { go, memoryHref, userHref } from "../router";
import type { NodeDetail } from "../types";

const SIGNALS: { key: "sdv" | "cscv" | "lcs" | "swv" | "pdv"; name: string; help: string }[] = [
  { key: "sdv", name: "Self-disclosure (SDV)", help: "how much the user reveals about themselves" },
  { key: "cscv", name: "Cross-session continuity (CSCV)", help: "whether the topic recurs across sessions" },
  { key: "lcs", name: "Linguistic commitment (LCS)", help: "certain statements score high, hedged ones low" },
  { key: "swv", name: "Sentiment weight (SWV)", help: "emotional intensity" },
  { key: "pdv", name: "Processing depth (PDV)", help: "reflection and working things through" },
];

export function MemoryPage({ user, node }: { user: string; node: string }) {
  const detail = useLoad(() => get<NodeDetail>(`/users/${seg(user)}/nodes/${seg(node)}`), [user, node]);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<Error | null>(null);
  const memory = detail.data;

  async function erase() {
    setDeleting(true);
    try {
      await call("DELETE", `/users/${seg(user)}/nodes/${seg(node)}`);
      setConfirming(false);
      go(userHref(user, "memories", { deleted: "1" }));
    } catch (error) {
      setProblem(error as Error);
      setDeleting(false);
      setConfirming(false);
    }
  }

  return (
    <section class="memory">
      <p class="crumbs">
        <a href="#/users">Users</a> / <a href={userHref(user, "memories")}>{user}</a> / <span>memory</span>
      </p>
      <h1>Memory</h1>
      {detail.error ? <Problem error={detail.error} /> : null}
      {problem ? <Problem error={problem} /> : null}
      {detail.loading && !memory ? <Loading what="the memory" /> : null}
      {memory ? (
        <>
          <blockquote class="content">{memory.content}</blockquote>
          <p>
            <Badges flags={memory.flags} /> <ChannelChip channel={memory.channel} />
            {memory.superseded_by ? (
              <>
                {" "}
                Superseded by <a href={memoryHref(user, memory.superseded_by)}>a newer memory</a>.
              </>
            ) : null}
          </p>
          <div class="columns">
            <section aria-labelledby="facts-title">
              <h2 id="facts-title">Facts</h2>
              <dl class="facts">
                <div>
                  <dt>Summary</dt>
                  <dd>{memory.summary}</dd>
                </div>
                <div>
                  <dt>Topic</dt>
                  <dd>
                    {memory.topic_id ? (
                      <a href={userHref(user, "memories", { topic: memory.topic_id })}>
                        {memory.topic_label ?? memory.topic}
                      </a>
                    ) : (
                      memory.topic
                    )}
                  </dd>
                </div>
                <div>
                  <dt>Said</dt>
                  <dd>
                    {when(memory.event_time)} by the {memory.role}
                    {memory.session_id ? ` (session ${memory.session_id})` : ""}
                  </dd>
                </div>
                <div>
                  <dt>Stored</dt>
                  <dd>{when(memory.created_at)}</dd>
                </div>
                <div>
                  <dt>Live salience</dt>
                  <dd>{score(memory.salience, 3)}</dd>
                </div>
                <div>
                  <dt>Processed</dt>
                  <dd>{memory.processing_count} time(s)</dd>
                </div>
                <div>
                  <dt>Entities</dt>
                  <dd>{memory.entities.length ? memory.entities.join(", ") : "—"}</dd>
                </div>
              </dl>
            </section>
            <section aria-labelledby="signals-title">
              <h2 id="signals-title">Write-time score</h2>
              <table class="data compact">
                <caption class="sr-only">Signals the base score was computed from</caption>
                <thead>
                  <tr>
                    <th scope="col">Signal</th>
                    <th scope="col" class="num">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {SIGNALS.map((signal) => (
                    <tr key={signal.key}>
                      <th scope="row" title={signal.help}>
                        {signal.name}
                      </th>
                      <td class="num">{score(memory.scoring?.[signal.key], 3)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">Base score (B)</th>
                    <td class="num">
                      <strong>{score(memory.scoring?.base_score ?? memory.base_score, 3)}</strong>
                    </td>
                  </tr>
                </tbody>
              </table>
              <p>
                Modifiers:{" "}
                {memory.scoring?.modifiers?.length
                  ? memory.scoring.modifiers.map((m) => (
                      <span key={m} class="chip">
                        {m.replaceAll("_", " ")}
                      </span>
                    ))
                  : "none"}
              </p>
            </section>
          </div>
          <section aria-labelledby="curve-title">
            <h2 id="curve-title">Salience over time</h2>
            <SalienceChart curve={memory.salience_curve ?? []} marks={memory.salience_history ?? []} />
            <table class="data compact events">
              <caption>Events: processing lowers salience from then on; a re-mention spikes it</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">When</th>
                  <th scope="col" class="num">Salience after</th>
                </tr>
              </thead>
              <tbody>
                {(memory.salience_history ?? []).map((mark, i) => (
                  <tr key={i}>
                    <td>{eventText(mark.event)}</td>
                    <td>{when(mark.at)}</td>
                    <td class="num">{score(mark.salience, 3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="erase-title" class="danger-zone">
            <h2 id="erase-title">Erase</h2>
            <p>Deleting removes the memory, its links, its embedding and its events. It cannot be undone.</p>
            <button type="button" class="danger" onClick={() => setConfirming(true)}>
              Delete this memory
            </button>
          </section>
          {confirming ? (
            <ConfirmDialog
              title="Delete this memory?"
              confirmLabel="Delete memory"
              busy={deleting}
              onConfirm={erase}
              onCancel={() => setConfirming(false)}
            >
              <p>“{memory.summary}”</p>
              <p>It will be erased everywhere and cannot be recovered.</p>
            </ConfirmDialog>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
