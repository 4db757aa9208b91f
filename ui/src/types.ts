// The shapes of the API responses the page reads (docs/api.md). Fields that newer servers add
// (topics, supersession, explain mode) are optional: the page renders without them.

export interface Limits {
  max_users: number;
  max_nodes_per_user: number;
  rate_limit_rpm: number;
  rate_limit_daily: number;
}

export interface Account {
  tenant_id: string;
  company_name: string;
  tier: string;
  status: string;
  trial_ends: string | null;
  limits: Limits;
  usage: { users: number; requests_today: number };
}

export interface UserSummary {
  user_id: string;
  node_count: number;
  created_at: string;
  last_active_at: string;
}

export interface UserList {
  users: UserSummary[];
  total?: number;
  next_cursor: string | null;
}

export interface UserDetail extends UserSummary {
  first_event_at?: string | null;
  last_event_at?: string | null;
  pin_count?: number;
}

export type Flag = "crisis" | "pii_redacted" | "superseded" | "pinned" | "suppressed";
export type NodeChannel = "salient" | "relevant" | "hidden";

export interface NodeSummary {
  node_id: string;
  topic: string;
  topic_id?: string;
  topic_label?: string;
  summary: string;
  role: string;
  node_type: string;
  session_id: string | null;
  event_time: string;
  created_at: string;
  salience: number;
  base_score: number;
  processing_count: number;
  superseded_by?: string | null;
  channel?: NodeChannel;
  flags?: Flag[];
  pin_ids?: string[];
  metadata: Record<string, unknown>;
}

export interface NodeList {
  user_id: string;
  total?: number;
  nodes: NodeSummary[];
  next_cursor: string | null;
}

export interface Scoring {
  base_score: number;
  sdv: number;
  cscv: number;
  lcs: number;
  swv: number;
  pdv: number;
  signal_modifiers_applied: boolean;
  modifiers: string[];
}

export interface SaliencePoint {
  at: string;
  event: string;
  salience: number;
}

export interface NodeDetail extends NodeSummary {
  content: string;
  entities: string[];
  scoring: Scoring;
  safety: Record<string, unknown>;
  salience_history: SaliencePoint[];
  salience_curve?: { at: string; salience: number }[];
}

export interface Topic {
  topic_id: string;
  label: string;
  count: number;
  share?: number;
  salience?: number;
  unresolved?: number;
  first_seen?: string;
  last_seen?: string;
}

export interface GraphNode {
  id: string;
  kind: "memory" | "entity" | "concept";
  label: string;
  salience: number;
  topic_id: string | null;
  category: string | null;
  role: string | null;
  flags: Flag[];
}

export interface GraphMap {
  user_id: string;
  total_memories: number;
  truncated: boolean;
  topics: Topic[];
  nodes: GraphNode[];
  edges: { source: string; target: string; kind: string }[];
}

export type Channel = "pinned" | "relevant" | "salient";

export interface MemoryItem {
  node_id: string;
  topic: string;
  summary: string;
  salience: number;
  relevance: number;
  channel: Channel;
  confidence: string;
  role: string;
  node_type: string;
  event_time: string | null;
  topic_id?: string | null;
  topic_label?: string | null;
  superseded_by?: string | null;
}

export type Reason =
  | "included"
  | "budget"
  | "topic_cap"
  | "suppressed"
  | "superseded"
  | "below_relevance"
  | "below_floor";

export interface Considered {
  node_id: string;
  summary?: string;
  channel?: Channel;
  relevance?: number;
  salience?: number;
  score?: number;
  topic_id?: string | null;
  topic_label?: string | null;
  included?: boolean;
  reason?: Reason | string;
  superseded_by?: string | null;
  /** The memory's exact line in the block, when it is included. */
  line?: string | null;
}

export interface Explanation {
  mode?: "specific" | "open" | "mixed" | string;
  specificity?: number;
  considered?: Considered[];
}

export interface QueryResponse {
  user_id: string;
  context: string;
  token_count: number;
  max_tokens: number;
  memories: MemoryItem[];
  safety: { crisis_detected: boolean; crisis_category?: string | null };
  explanation?: Explanation;
}

export interface Pin {
  pin_id: string;
  user_id: string;
  topic: string;
  kind: "suppress" | "constraint";
  note: string | null;
  created_at: string;
}

export interface Preset {
  name: string;
  description: string;
  values: Record<string, unknown>;
  reasons: Record<string, string>;
}
