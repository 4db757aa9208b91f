// The memory graph on a canvas: topic clusters, memories sized and coloured by salience,
// entities and concepts, their links. Zoom shows more: topic names first, then entity names,
// then memory labels. Keyboard: arrows pan, + and - zoom, 0 fits; the topic list beside the
// canvas focuses a topic, and a selected node opens its memory.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { get, seg } from "../api";
import { Badges, Loading, Problem } from "../components/common";
import { count, plural, score } from "../format";
import { type Layout, layout, type Placed, salienceColour } from "../graph/layout";
import { useLoad } from "../load";
import { memoryHref } from "../router";
import type { GraphMap } from "../types";

const HEIGHT = 560;

interface View {
  k: number;
  x: number;
  y: number;
}

/** The whole map in view, with room above each circle for its topic's name. */
function fit(laid: Layout, width: number, height: number): View {
  const { minX, minY, maxX, maxY } = laid.bounds;
  const label = 28;
  const k = Math.min((width - 40) / (maxX - minX), (height - 40 - label) / (maxY - minY), 4);
  return {
    k,
    x: width / 2 - ((minX + maxX) / 2) * k,
    y: (height + label) / 2 - ((minY + maxY) / 2) * k,
  };
}

function draw(
  canvas: HTMLCanvasElement,
  laid: Layout,
  view: View,
  options: { entities: boolean; links: boolean; selected: number | null; focusCluster: number | null },
) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.width / ratio;
  const height = canvas.height / ratio;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  const sx = (x: number) => x * view.k + view.x;
  const sy = (y: number) => y * view.k + view.y;
  const visible = (n: Placed, pad = 20) =>
    sx(n.x) > -pad && sx(n.x) < width + pad && sy(n.y) > -pad && sy(n.y) < height + pad;

  // Topic clusters and the entities they share.
  ctx.lineWidth = 1;
  for (const link of laid.links) {
    const a = laid.clusters[link.a];
    const b = laid.clusters[link.b];
    ctx.strokeStyle = "rgba(90,100,120,0.14)";
    ctx.lineWidth = Math.min(6, 0.5 + Math.log2(1 + link.weight));
    ctx.beginPath();
    ctx.moveTo(sx(a.x), sy(a.y));
    ctx.lineTo(sx(b.x), sy(b.y));
    ctx.stroke();
  }
  laid.clusters.forEach((c, i) => {
    ctx.beginPath();
    ctx.arc(sx(c.x), sy(c.y), c.r * view.k, 0, 2 * Math.PI);
    ctx.fillStyle = i === options.focusCluster ? "rgba(31,58,95,0.12)" : "rgba(31,58,95,0.045)";
    ctx.fill();
    ctx.lineWidth = i === options.focusCluster ? 2 : 1;
    ctx.strokeStyle = i === options.focusCluster ? "#1f3a5f" : "rgba(31,58,95,0.3)";
    ctx.stroke();
  });

  const scale = Math.max(0.6, Math.min(2.2, Math.sqrt(view.k)));
  if (options.links && view.k >= 1.2) {
    ctx.strokeStyle = "rgba(80,80,80,0.22)";
    ctx.lineWidth = 0.7;
    ctx.beginPath();
    let drawn = 0;
    for (const [a, b] of laid.edges) {
      const na = laid.nodes[a];
      const nb = laid.nodes[b];
      if (!options.entities && (na.kind !== "memory" || nb.kind !== "memory")) continue;
      if (!visible(na, 200) && !visible(nb, 200)) continue;
      ctx.moveTo(sx(na.x), sy(na.y));
      ctx.lineTo(sx(nb.x), sy(nb.y));
      if (++drawn > 8000) break;
    }
    ctx.stroke();
  }

  // Memories from least to most salient, so what matters is drawn on top.
  const memories = laid.nodes.filter((n) => n.kind === "memory" && visible(n));
  memories.sort((a, b) => a.salience - b.salience);
  for (const n of memories) {
    ctx.beginPath();
    ctx.arc(sx(n.x), sy(n.y), n.r * scale, 0, 2 * Math.PI);
    ctx.fillStyle = salienceColour(n.salience);
    ctx.fill();
    if (n.flags.includes("crisis")) {
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#b00020";
      ctx.stroke();
    }
  }
  if (options.entities) {
    for (const n of laid.nodes) {
      if (n.kind === "memory" || !visible(n)) continue;
      const s = n.r * scale;
      ctx.beginPath();
      ctx.moveTo(sx(n.x), sy(n.y) - s);
      ctx.lineTo(sx(n.x) + s, sy(n.y));
      ctx.lineTo(sx(n.x), sy(n.y) + s);
      ctx.lineTo(sx(n.x) - s, sy(n.y));
      ctx.closePath();
      ctx.fillStyle = n.kind === "entity" ? "#5e3c99" : "#1b7837";
      ctx.fill();
    }
  }

  // Labels: topic names always (largest first, never overlapping), entity names and then
  // memory labels as the zoom makes room for them.
  const placed: [number, number, number, number][] = [];
  const label = (text: string, x: number, y: number, font: string, colour: string) => {
    ctx.font = font;
    const w = ctx.measureText(text).width;
    const box: [number, number, number, number] = [x - w / 2 - 3, y - 12, x + w / 2 + 3, y + 5];
    if (placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1])) return;
    placed.push(box);
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.textAlign = "center";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colour;
    ctx.fillText(text, x, y);
  };
  const selected = options.selected === null ? null : laid.nodes[options.selected];
  if (selected) {
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    for (const [a, b] of laid.edges) {
      if (a !== options.selected && b !== options.selected) continue;
      const other = laid.nodes[a === options.selected ? b : a];
      ctx.moveTo(sx(selected.x), sy(selected.y));
      ctx.lineTo(sx(other.x), sy(other.y));
    }
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(sx(selected.x), sy(selected.y), selected.r * scale + 5, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = "#111";
    ctx.stroke();
    const text = selected.label.length > 60 ? `${selected.label.slice(0, 59)}…` : selected.label;
    label(text, sx(selected.x), sy(selected.y) - selected.r * scale - 10, "600 13px system-ui, sans-serif", "#111");
  }
  const order = laid.clusters.map((_, i) => i).sort((a, b) => laid.clusters[b].count - laid.clusters[a].count);
  for (const i of order) {
    const c = laid.clusters[i];
    if (c.r * view.k < 14) continue;
    const text = c.label.length > 32 ? `${c.label.slice(0, 31)}…` : c.label;
    label(`${text} (${c.count})`, sx(c.x), sy(c.y) - c.r * view.k - 6, "600 12px system-ui, sans-serif", "#1f3a5f");
  }
  let budget = 160;
  if (options.entities && view.k >= 2) {
    for (const n of laid.nodes) {
      if (n.kind === "memory" || !visible(n, 0) || budget-- <= 0) continue;
      label(n.label, sx(n.x), sy(n.y) - 8, "11px system-ui, sans-serif", n.kind === "entity" ? "#3f2a66" : "#145a2a");
    }
  }
  if (view.k >= 3.5) {
    for (const n of memories.slice().reverse()) {
      if (budget-- <= 0) break;
      const text = n.label.length > 40 ? `${n.label.slice(0, 39)}…` : n.label;
      label(text, sx(n.x), sy(n.y) - n.r * scale - 4, "11px system-ui, sans-serif", "#333");
    }
  }
}

function nearest(laid: Layout, view: View, px: number, py: number, entities: boolean): number | null {
  let best: number | null = null;
  let bestDistance = Infinity;
  const scale = Math.max(0.6, Math.min(2.2, Math.sqrt(view.k)));
  laid.nodes.forEach((n, i) => {
    if (!entities && n.kind !== "memory") return;
    const dx = n.x * view.k + view.x - px;
    const dy = n.y * view.k + view.y - py;
    const d = Math.hypot(dx, dy);
    if (d <= Math.max(6, n.r * scale + 3) && d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

export function GraphView({ user }: { user: string }) {
  const map = useLoad(() => get<GraphMap>(`/users/${seg(user)}/graph`), [user]);
  const [laid, layoutMs] = useMemo(() => {
    if (!map.data) return [null, 0];
    const started = performance.now();
    const result = layout(map.data);
    return [result, performance.now() - started] as const;
  }, [map.data]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [view, setView] = useState<View | null>(null);
  const [entities, setEntities] = useState(true);
  const [links, setLinks] = useState(true);
  const [selected, setSelected] = useState<number | null>(null);
  const [focusCluster, setFocusCluster] = useState<number | null>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const shown = view !== null;
  useEffect(() => {
    if (!frame.current) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(320, Math.floor(entry.contentRect.width))));
    observer.observe(frame.current);
    return () => observer.disconnect();
  }, [laid, shown]);

  useEffect(() => {
    if (laid) setView(fit(laid, width, HEIGHT));
  }, [laid, width]);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !laid || !view) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.floor(width * ratio);
    el.height = Math.floor(HEIGHT * ratio);
    const handle = requestAnimationFrame(() => {
      const started = performance.now();
      draw(el, laid, view, { entities, links, selected, focusCluster });
      el.dataset.drawMs = (performance.now() - started).toFixed(1);
    });
    return () => cancelAnimationFrame(handle);
  }, [laid, view, width, entities, links, selected, focusCluster]);

  if (map.error) return <Problem error={map.error} />;
  if (!map.data || !laid || !view) return <Loading what="the graph" />;
  const data = map.data;
  const memoriesShown = laid.nodes.filter((n) => n.kind === "memory").length;

  const zoom = (factor: number, cx = width / 2, cy = HEIGHT / 2) =>
    setView((v) => {
      if (!v) return v;
      const k = Math.max(0.05, Math.min(40, v.k * factor));
      return { k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k };
    });
  const pan = (dx: number, dy: number) => setView((v) => (v ? { ...v, x: v.x + dx, y: v.y + dy } : v));
  const focusOn = (i: number) => {
    const c = laid.clusters[i];
    const k = Math.min(20, (Math.min(width, HEIGHT) * 0.8) / (2 * c.r));
    setFocusCluster(i);
    setView({ k, x: width / 2 - c.x * k, y: HEIGHT / 2 - c.y * k });
  };
  const point = (event: MouseEvent) => {
    const rect = (event.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };
  const chosen = selected === null ? null : laid.nodes[selected];

  return (
    <div class="graph">
      <div class="toolbar" role="group" aria-label="Graph controls">
        <button type="button" onClick={() => zoom(1.5)}>
          Zoom in
        </button>
        <button type="button" onClick={() => zoom(1 / 1.5)}>
          Zoom out
        </button>
        <button type="button" onClick={() => (setFocusCluster(null), setView(fit(laid, width, HEIGHT)))}>
          Fit
        </button>
        <label class="check">
          <input type="checkbox" checked={entities} onChange={(e) => setEntities((e.target as HTMLInputElement).checked)} />
          Entities and concepts
        </label>
        <label class="check">
          <input type="checkbox" checked={links} onChange={(e) => setLinks((e.target as HTMLInputElement).checked)} />
          Links (when zoomed in)
        </label>
        <span class="legend-scale" aria-hidden="true">
          faded <span class="scale" /> salient
        </span>
      </div>
      <p class="muted" role="status">
        {plural(memoriesShown, "memory", "memories")} in {plural(laid.clusters.length, "topic cluster")}
        {data.truncated ? ` (the ${count(memoriesShown)} most salient of ${count(data.total_memories)})` : ""}.
        Size and colour show live salience; a red ring marks a crisis.
      </p>
      <div class="graph-body">
        <div class="canvas-frame" ref={frame}>
          <canvas
            ref={canvas}
            tabIndex={0}
            role="img"
            aria-label={`Memory graph of ${user}: ${memoriesShown} memories in ${laid.clusters.length} topic clusters. Arrow keys pan, plus and minus zoom, 0 fits. The topic list beside it is the same map as text.`}
            data-memories={memoriesShown}
            data-zoom={view.k.toFixed(3)}
            data-layout-ms={layoutMs.toFixed(1)}
            data-clusters={laid.clusters.length}
            style={{ width: `${width}px`, height: `${HEIGHT}px` }}
            onKeyDown={(event) => {
              const moves: Record<string, [number, number]> = {
                ArrowLeft: [60, 0],
                ArrowRight: [-60, 0],
                ArrowUp: [0, 60],
                ArrowDown: [0, -60],
              };
              if (moves[event.key]) pan(...moves[event.key]);
              else if (event.key === "+" || event.key === "=") zoom(1.5);
              else if (event.key === "-") zoom(1 / 1.5);
              else if (event.key === "0") setView(fit(laid, width, HEIGHT));
              else return;
              event.preventDefault();
            }}
            onWheel={(event) => {
              event.preventDefault();
              const [x, y] = point(event);
              zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, x, y);
            }}
            onPointerDown={(event) => {
              (event.currentTarget as HTMLCanvasElement).setPointerCapture(event.pointerId);
              drag.current = { x: event.clientX, y: event.clientY, moved: false };
            }}
            onPointerMove={(event) => {
              const d = drag.current;
              if (!d) return;
              const dx = event.clientX - d.x;
              const dy = event.clientY - d.y;
              if (Math.abs(dx) + Math.abs(dy) > 2) d.moved = true;
              d.x = event.clientX;
              d.y = event.clientY;
              if (d.moved) pan(dx, dy);
            }}
            onPointerUp={(event) => {
              const d = drag.current;
              drag.current = null;
              if (d && !d.moved) {
                const [x, y] = point(event);
                setSelected(nearest(laid, view, x, y, entities));
              }
            }}
          />
        </div>
        <aside class="graph-side" aria-label="Graph details">
          {chosen ? (
            <section aria-labelledby="picked-title" class="picked">
              <h2 id="picked-title">Selected {chosen.kind}</h2>
              <p>{chosen.label}</p>
              <p class="muted small">
                salience {score(chosen.salience)}
                {chosen.category ? ` · ${chosen.category}` : ""}
                {chosen.cluster >= 0 ? ` · ${laid.clusters[chosen.cluster].label}` : ""}
              </p>
              <Badges flags={chosen.flags} />
              {chosen.kind === "memory" ? (
                <p>
                  <a href={memoryHref(user, chosen.id)}>Open this memory</a>
                </p>
              ) : null}
              <button type="button" class="link" onClick={() => setSelected(null)}>
                Clear selection
              </button>
            </section>
          ) : (
            <p class="muted small">Click a dot to see what it is.</p>
          )}
          <h2 id="clusters-title">Topics on the map</h2>
          <ol class="cluster-list" aria-labelledby="clusters-title">
            {laid.clusters.map((c, i) => (
              <li key={c.id}>
                <button
                  type="button"
                  class="link"
                  aria-pressed={focusCluster === i}
                  onClick={() => focusOn(i)}
                >
                  {c.label}
                </button>{" "}
                <span class="muted small">
                  {count(c.count)} · max {score(c.salience)}
                </span>
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </div>
  );
}
