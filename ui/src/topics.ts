// A user's topics, for the Topics view and the topic filter.
import { ApiError, get, seg } from "./api";
import type { GraphMap, Topic } from "./types";

export interface TopicList {
  topics: Topic[];
  /** "topics": GET /users/{id}/topics (shares and salience); "graph": grouped from the graph map. */
  source: "topics" | "graph";
}

export async function loadTopics(user: string): Promise<TopicList> {
  try {
    const found = await get<{ topics?: Topic[] }>(`/users/${seg(user)}/topics`);
    return { topics: found.topics ?? [], source: "topics" };
  } catch (error) {
    // A server without the topics endpoint still groups memories by topic in its graph map.
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const map = await get<GraphMap>(`/users/${seg(user)}/graph`);
    return { topics: map.topics, source: "graph" };
  }
}
