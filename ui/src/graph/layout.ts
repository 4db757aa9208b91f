// Where each node of the memory graph is drawn. Readable at 5,000 memories because memories
// are never laid out one by one: topics are (a force layout over at most MAX_CLUSTERS
// circles), and each topic's memories fill its circle as a sunflower, the most salient at the
// very centre. Entities and concepts sit at the centroid of the memories that mention them.
// Deterministic: the same map always gives the same picture.
import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
} from "d3-force";
import type { Flag, GraphMap } from "../types";

export const MAX_CLUSTERS = 80;
const SPACING = 6;
const GOLDEN = Math.PI * (3 - Math.sqrt(5));
const OTHER = "\u0000other";
const NO_TOPIC = "\u0000none";

export interface Placed {
  id: string;
  kind: "memory" | "entity" | "concept";
  label: string;
  salience: number;
  topicId: string | null;
  cluster: number;
  category: string | null;
  flags: Flag[];
  x: number;
  y: number;
  r: number;
}

export interface Cluster {
  id: string;
  label: string;
  count: number;
  salience: number;
  topics: number;
  x: number;
  y: number;
  r: number;
}

export interface Layout {
  clusters: Cluster[];
  nodes: Placed[];
  index: Map<string, number>;
  edges: [number, number][];
  links: { a: number; b: number; weight: number }[];
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

function jitter(id: string): [number, number] {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  const angle = ((hash >>> 0) % 3600) / 3600 * 2 * Math.PI;
  return [Math.cos(angle) * 9, Math.sin(angle) * 9];
}

interface SimNode {
  index?: number;
  x?: number;
  y?: number;
  vx?: number;
  vy?: number;
  r: number;
}

interface SimLink extends SimulationLinkDatum<SimNode> {
  weight: number;
}

export function layout(map: GraphMap): Layout {
  const labels = new Map(map.topics.map((t) => [t.topic_id, t.label]));
  const memories = map.nodes.filter((n) => n.kind === "memory");
  const groups = new Map<string, typeof memories>();
  for (const memory of memories) {
    const key = memory.topic_id ?? NO_TOPIC;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(memory);
  }
  const peak = new Map([...groups].map(([id, m]) => [id, m.reduce((top, n) => Math.max(top, n.salience), 0)]));
  const ranked = [...groups.entries()].sort(
    (a, b) => b[1].length - a[1].length || peak.get(b[0])! - peak.get(a[0])! || (a[0] < b[0] ? -1 : 1),
  );
  // Past MAX_CLUSTERS topics, the smallest share one circle: a thousand one-memory topics
  // drawn as a thousand circles would be noise.
  const kept = ranked.length > MAX_CLUSTERS ? ranked.slice(0, MAX_CLUSTERS - 1) : ranked;
  const rest = ranked.length > MAX_CLUSTERS ? ranked.slice(MAX_CLUSTERS - 1) : [];
  const members: (typeof memories)[] = kept.map(([, m]) => m);
  const clusters: Cluster[] = kept.map(([id, m]) => ({
    id,
    label: id === NO_TOPIC ? "No topic" : (labels.get(id) ?? m[0].label),
    count: m.length,
    salience: peak.get(id) ?? 0,
    topics: 1,
    x: 0,
    y: 0,
    r: 0,
  }));
  if (rest.length) {
    const merged = rest.flatMap(([, m]) => m);
    members.push(merged);
    clusters.push({
      id: OTHER,
      label: `${rest.length} smaller topics`,
      count: merged.length,
      salience: merged.reduce((top, n) => Math.max(top, n.salience), 0),
      topics: rest.length,
      x: 0,
      y: 0,
      r: 0,
    });
  }
  clusters.forEach((c) => (c.r = SPACING * Math.sqrt(c.count) + 10));

  const nodes: Placed[] = [];
  const index = new Map<string, number>();
  members.forEach((group, cluster) => {
    for (const memory of [...group].sort((a, b) => b.salience - a.salience || (a.id < b.id ? -1 : 1))) {
      index.set(memory.id, nodes.length);
      nodes.push({
        id: memory.id,
        kind: "memory",
        label: memory.label,
        salience: memory.salience,
        topicId: memory.topic_id,
        cluster,
        category: null,
        flags: memory.flags ?? [],
        x: 0,
        y: 0,
        r: 1.6 + 3.4 * Math.max(0, Math.min(1, memory.salience)),
      });
    }
  });

  // Topics that share an entity or concept attract each other.
  const neighbours = new Map<string, Set<number>>();
  for (const edge of map.edges) {
    const from = index.get(edge.source);
    if (from === undefined) continue;
    (neighbours.get(edge.target) ?? neighbours.set(edge.target, new Set()).get(edge.target)!).add(nodes[from].cluster);
  }
  const weights = new Map<string, number>();
  const merged = clusters.findIndex((c) => c.id === OTHER);
  for (const spanned of neighbours.values()) {
    // The circle of smaller topics is a grab-bag: links to it would say nothing.
    const list = [...spanned].filter((c) => c !== merged);
    if (list.length < 2 || list.length > 8) continue; // everywhere-entities ("I") say nothing
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const key = list[i] < list[j] ? `${list[i]}:${list[j]}` : `${list[j]}:${list[i]}`;
        weights.set(key, (weights.get(key) ?? 0) + 1);
      }
    }
  }
  const links = [...weights.entries()].map(([key, weight]) => {
    const [a, b] = key.split(":").map(Number);
    return { a, b, weight };
  });

  const sim: SimNode[] = clusters.map((c) => ({ r: c.r }));
  const simulation = forceSimulation(sim)
    .force("charge", forceManyBody<SimNode>().strength((d) => -4 * d.r))
    .force("collide", forceCollide<SimNode>((d) => d.r + 16))
    .force(
      "link",
      forceLink<SimNode, SimLink>(links.map((l) => ({ source: l.a, target: l.b, weight: l.weight })))
        .distance((l) => (l.source as SimNode).r + (l.target as SimNode).r + 40)
        .strength((l) => Math.min(0.3, 0.03 * l.weight)),
    )
    .force("x", forceX<SimNode>(0).strength(0.06))
    .force("y", forceY<SimNode>(0).strength(0.06))
    // ~170 ticks: at 80 large circles collision is quadratic, and this settles them.
    .alphaDecay(0.04)
    .stop();
  const ticks = Math.ceil(Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay()));
  for (let i = 0; i < ticks; i++) simulation.tick();
  clusters.forEach((c, i) => {
    c.x = sim[i].x ?? 0;
    c.y = sim[i].y ?? 0;
  });

  let position = 0;
  let current = -1;
  for (const node of nodes) {
    if (node.cluster !== current) {
      current = node.cluster;
      position = 0;
    }
    const c = clusters[node.cluster];
    const radius = SPACING * Math.sqrt(position);
    node.x = c.x + radius * Math.cos(position * GOLDEN);
    node.y = c.y + radius * Math.sin(position * GOLDEN);
    position++;
  }

  const edges: [number, number][] = [];
  const others = map.nodes.filter((n) => n.kind !== "memory");
  for (const other of others) {
    index.set(other.id, nodes.length);
    nodes.push({
      id: other.id,
      kind: other.kind,
      label: other.label,
      salience: other.salience,
      topicId: null,
      cluster: -1,
      category: other.category,
      flags: [],
      x: 0,
      y: 0,
      r: 2.5 + 2 * Math.max(0, Math.min(1, other.salience)),
    });
  }
  const sums = new Map<number, [number, number, number]>();
  for (const edge of map.edges) {
    const a = index.get(edge.source);
    const b = index.get(edge.target);
    if (a === undefined || b === undefined) continue;
    edges.push([a, b]);
    if (nodes[b].kind !== "memory" && nodes[a].kind === "memory") {
      const sum = sums.get(b) ?? [0, 0, 0];
      sums.set(b, [sum[0] + nodes[a].x, sum[1] + nodes[a].y, sum[2] + 1]);
    }
  }
  for (const [i, [sx, sy, n]] of sums) {
    const [jx, jy] = jitter(nodes[i].id);
    nodes[i].x = sx / n + jx;
    nodes[i].y = sy / n + jy;
  }

  const bounds = { minX: -100, minY: -100, maxX: 100, maxY: 100 };
  if (clusters.length) {
    bounds.minX = Math.min(...clusters.map((c) => c.x - c.r));
    bounds.maxX = Math.max(...clusters.map((c) => c.x + c.r));
    bounds.minY = Math.min(...clusters.map((c) => c.y - c.r));
    bounds.maxY = Math.max(...clusters.map((c) => c.y + c.r));
  }
  return { clusters, nodes, index, edges, links, bounds };
}

const STOPS: [number, [number, number, number]][] = [
  [0, [158, 202, 225]],
  [0.3, [66, 146, 198]],
  [0.55, [253, 141, 60]],
  [0.75, [230, 85, 13]],
  [1, [140, 45, 4]],
];

/** Salience as colour: pale blue (faded) through orange to dark red (matters most). */
export function salienceColour(value: number): string {
  const v = Math.max(0, Math.min(1, value));
  for (let i = 1; i < STOPS.length; i++) {
    const [t1, c1] = STOPS[i];
    const [t0, c0] = STOPS[i - 1];
    if (v <= t1) {
      const f = (v - t0) / (t1 - t0);
      const mix = c0.map((c, k) => Math.round(c + (c1[k] - c) * f));
      return `rgb(${mix[0]},${mix[1]},${mix[2]})`;
    }
  }
  return "rgb(140,45,4)";
}
