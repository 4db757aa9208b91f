// Where the operator's API key lives: in this module's memory, and (if the operator allows)
// in sessionStorage so a reload of the same tab keeps it. Never in localStorage, a cookie or
// a URL: sessionStorage ends with the tab, and the key only ever leaves in the X-API-Key
// header of requests to this origin (see api.ts and the page's connect-src 'self').

const STORAGE_NAME = "kapex.inspector.key";
let held: string | null = null;

function session(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: memory only
  }
}

export function currentKey(): string | null {
  if (held === null) held = session()?.getItem(STORAGE_NAME) ?? null;
  return held;
}

export function keepKey(key: string, { forTab }: { forTab: boolean }): void {
  held = key;
  const store = session();
  if (forTab) store?.setItem(STORAGE_NAME, key);
  else store?.removeItem(STORAGE_NAME);
}

export function forgetKey(): void {
  held = null;
  session()?.removeItem(STORAGE_NAME);
}
