// A user's topics (GET /users/{id}/topics), for the Topics view and the topic filter.
import { get, seg } from "./api";
import type { Topic } from "./types";

export async function loadTopics(user: string): Promise<Topic[]> {
  const found = await get<{ topics?: Topic[] }>(`/users/${seg(user)}/topics`);
  return found.topics ?? [];
}
