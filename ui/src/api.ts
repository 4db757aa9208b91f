// Every call the page makes to the KAPEX API: same origin, key in the X-API-Key header only,
// no cookies, no caching of responses. Errors arrive as {"error": {"code", "message"}}.
import { currentKey } from "./key";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; problem: string }[] = [],
  ) {
    super(message);
  }
}

type Params = Record<string, string | number | boolean | string[] | null | undefined>;

let onUnauthorized: (error: ApiError) => void = () => {};

/** Called when the server refuses the key (401), so the page can ask for another. */
export function whenUnauthorized(handler: (error: ApiError) => void): void {
  onUnauthorized = handler;
}

export function query(params: Params): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, String(one));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function seg(value: string): string {
  return encodeURIComponent(value);
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const key = currentKey();
  if (!key) throw new ApiError(401, "UNAUTHORIZED", "Enter an API key first.");
  const headers: Record<string, string> = { "X-API-Key": key, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    });
  } catch {
    throw new ApiError(0, "NETWORK", "The KAPEX server did not answer. Is it still running?");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    const problem = new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? response.statusText,
      error.details ?? [],
    );
    if (response.status === 401) onUnauthorized(problem);
    throw problem;
  }
  return data as T;
}

export const get = <T>(path: string, params: Params = {}) => call<T>("GET", path + query(params));
