// The user's topics: how much of their memory each takes and how much it matters now.
import { Loading, Meter, Problem } from "../components/common";
import { count, day, percent, score } from "../format";
import { useLoad } from "../load";
import { userHref } from "../router";
import { loadTopics } from "../topics";

export function TopicsView({ user }: { user: string }) {
  const loaded = useLoad(() => loadTopics(user), [user]);
  if (loaded.error) return <Problem error={loaded.error} />;
  if (!loaded.data) return <Loading what="topics" />;
  const topics = loaded.data;
  const total = topics.reduce((sum, t) => sum + (t.count ?? 0), 0);
  const unresolved = topics.some((t) => typeof t.unresolved === "number");
  return (
    <div class="topics">
      <table class="data">
        <caption class="sr-only">Topics of {user}</caption>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col" class="num">Memories</th>
            <th scope="col" class="num">Share</th>
            <th scope="col" class="num">Salience</th>
            {unresolved ? (
              <th scope="col" class="num" title="Memories of the topic never worked through">
                Unresolved
              </th>
            ) : null}
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((topic) => {
            const share = topic.share ?? (total ? topic.count / total : 0);
            return (
              <tr key={topic.topic_id}>
                <th scope="row">
                  <a href={userHref(user, "memories", { topic: topic.topic_id })}>{topic.label}</a>
                </th>
                <td class="num">{count(topic.count)}</td>
                <td class="num">
                  {percent(share)} <Meter value={share} max={1} label={`Share of ${topic.label}`} usage={false} />
                </td>
                <td class="num">
                  {score(topic.salience)}{" "}
                  {typeof topic.salience === "number" ? (
                    <Meter value={topic.salience} max={1} label={`Salience of ${topic.label}`} usage={false} />
                  ) : null}
                </td>
                {unresolved ? <td class="num">{count(topic.unresolved)}</td> : null}
                <td class="nowrap">{day(topic.last_seen)}</td>
              </tr>
            );
          })}
          {topics.length === 0 ? (
            <tr>
              <td colSpan={6} class="empty">
                No topics yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
