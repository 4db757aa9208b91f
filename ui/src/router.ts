// Hash routes (#/users/u1/memories?topic=…): the page is one file served at /ui, the back
// button works, and nothing secret is ever part of a location.
import { useEffect, useState } from "preact/hooks";

export type UserTab = "memories" | "graph" | "playground" | "topics" | "pins";

export type Route =
  | { name: "users" }
  | { name: "profile" }
  | { name: "user"; user: string; tab: UserTab; params: URLSearchParams }
  | { name: "memory"; user: string; node: string }
  | { name: "missing"; path: string };

const TABS: UserTab[] = ["memories", "graph", "playground", "topics", "pins"];

export function parse(hash: string): Route {
  const [path, search = ""] = hash.replace(/^#/, "").split("?", 2);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "users")) return { name: "users" };
  if (parts.length === 1 && parts[0] === "profile") return { name: "profile" };
  if (parts[0] === "users" && parts.length >= 2) {
    const user = parts[1];
    if (parts.length === 2) {
      return { name: "user", user, tab: "memories", params: new URLSearchParams(search) };
    }
    if (parts.length === 4 && parts[2] === "memories") return { name: "memory", user, node: parts[3] };
    const tab = parts[2] as UserTab;
    if (parts.length === 3 && TABS.includes(tab)) {
      return { name: "user", user, tab, params: new URLSearchParams(search) };
    }
  }
  return { name: "missing", path };
}

export function href(route: Route): string {
  switch (route.name) {
    case "users":
      return "#/users";
    case "profile":
      return "#/profile";
    case "user": {
      const search = route.params.toString();
      return `#/users/${encodeURIComponent(route.user)}/${route.tab}${search ? `?${search}` : ""}`;
    }
    case "memory":
      return `#/users/${encodeURIComponent(route.user)}/memories/${encodeURIComponent(route.node)}`;
    case "missing":
      return `#${route.path}`;
  }
}

export const userHref = (user: string, tab: UserTab, params: Record<string, string> = {}) =>
  href({ name: "user", user, tab, params: new URLSearchParams(params) });

export const memoryHref = (user: string, node: string) => href({ name: "memory", user, node });

export function go(target: string, { replace = false } = {}): void {
  if (replace) window.history.replaceState(null, "", target);
  else window.location.hash = target.replace(/^#/, "");
  if (replace) window.dispatchEvent(new HashChangeEvent("hashchange"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parse(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
