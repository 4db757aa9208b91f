// Salience over a memory's life: the replayed curve, with its creation, processing events,
// re-mention spikes and "now" marked. Plain SVG (no chart library); the same facts are in the
// events table next to it for screen readers.
import { when } from "../format";
import type { SaliencePoint } from "../types";

const W = 720;
const H = 260;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

const EVENT_TEXT: Record<string, string> = {
  created: "Created",
  processed: "Processed (worked through)",
  remention: "Re-mentioned",
  now: "Now",
};

export const eventText = (event: string) => EVENT_TEXT[event] ?? event;

function ticks(start: number, end: number, count: number): number[] {
  if (end <= start) return [start];
  return Array.from({ length: count }, (_, i) => start + ((end - start) * i) / (count - 1));
}

function Marker({ event, x, y }: { event: string; x: number; y: number }) {
  if (event === "processed") {
    return <path class="mark mark-processed" d={`M${x - 6},${y - 5}L${x + 6},${y - 5}L${x},${y + 6}Z`} />;
  }
  if (event === "remention") {
    return <path class="mark mark-remention" d={`M${x - 6},${y + 5}L${x + 6},${y + 5}L${x},${y - 6}Z`} />;
  }
  if (event === "now") {
    return <rect class="mark mark-now" x={x - 5} y={y - 5} width={10} height={10} />;
  }
  return <circle class="mark mark-created" cx={x} cy={y} r={5} />;
}

export function SalienceChart({
  curve,
  marks,
}: {
  curve: { at: string; salience: number }[];
  marks: SaliencePoint[];
}) {
  const points = curve.length ? curve : marks;
  if (!points.length) return <p class="muted">No salience history.</p>;
  const times = points.map((p) => Date.parse(p.at));
  const start = Math.min(...times);
  const end = Math.max(...times);
  const span = Math.max(end - start, 1);
  const x = (t: number) => PAD.left + ((t - start) / span) * (W - PAD.left - PAD.right);
  const y = (s: number) => PAD.top + (1 - Math.max(0, Math.min(1, s))) * (H - PAD.top - PAD.bottom);
  const line = points
    .map((p, i) => `${i ? "L" : "M"}${x(Date.parse(p.at)).toFixed(1)},${y(p.salience).toFixed(1)}`)
    .join("");
  const first = marks[0];
  const last = marks[marks.length - 1];
  const summary =
    first && last
      ? `Salience went from ${first.salience.toFixed(2)} when created to ${last.salience.toFixed(2)} now, ` +
        `with ${marks.length - 2} event(s) in between.`
      : "Salience over time.";
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="chart-title chart-desc"
        data-testid="salience-chart"
      >
        <title id="chart-title">Salience over time</title>
        <desc id="chart-desc">{summary}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((s) => (
          <g key={s} class="grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(s)} y2={y(s)} />
            <text x={PAD.left - 8} y={y(s) + 4} class="axis-label end">
              {s.toFixed(2)}
            </text>
          </g>
        ))}
        {ticks(start, end, end > start ? 5 : 1).map((t, i, all) => (
          <text
            key={i}
            x={x(t)}
            y={H - PAD.bottom + 20}
            class={`axis-label ${i === 0 ? "start" : i === all.length - 1 ? "end" : "middle"}`}
          >
            {when(new Date(t).toISOString()).slice(0, 10)}
          </text>
        ))}
        <path class="chart-line" d={line} />
        {marks.map((m, i) => {
          const mx = x(Date.parse(m.at));
          const my = y(m.salience);
          return (
            <g key={i} class="mark-group">
              <title>{`${eventText(m.event)} — ${when(m.at)} — salience ${m.salience.toFixed(3)}`}</title>
              {m.event === "processed" || m.event === "remention" ? (
                <line class={`event-rule rule-${m.event}`} x1={mx} x2={mx} y1={PAD.top} y2={H - PAD.bottom} />
              ) : null}
              <Marker event={m.event} x={mx} y={my} />
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span class="key key-created">created</span>
        <span class="key key-processed">processed</span>
        <span class="key key-remention">re-mentioned</span>
        <span class="key key-now">now</span>
      </figcaption>
    </figure>
  );
}
