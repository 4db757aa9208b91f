// Asking for the API key. The key is checked against GET /account before the page uses it.
import { useState } from "preact/hooks";
import { ApiError, get } from "../api";
import { forgetKey, keepKey } from "../key";
import type { Account } from "../types";

export function KeyGate({
  reason,
  onReady,
}: {
  reason: string | null;
  onReady: (account: Account) => void;
}) {
  const [key, setKey] = useState("");
  const [forTab, setForTab] = useState(true);
  const [problem, setProblem] = useState<string | null>(reason);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setProblem("Paste an API key (it starts with kpx_).");
      return;
    }
    setBusy(true);
    keepKey(trimmed, { forTab });
    try {
      const account = await get<Account>("/account");
      setKey("");
      onReady(account);
    } catch (error) {
      forgetKey();
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="gate">
      <h1>KAPEX memory inspector</h1>
      <p>
        See what KAPEX remembers about each of your users, why, and what the next context block
        will hold. Paste an API key of your account to start.
      </p>
      <form onSubmit={submit} class="gate-form" aria-describedby="key-help">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "key-problem" : undefined}
          required
        />
        <label class="check">
          <input
            type="checkbox"
            checked={forTab}
            onChange={(e) => setForTab((e.target as HTMLInputElement).checked)}
          />
          Keep the key until this tab closes (otherwise a reload asks again)
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Checking…" : "Open the inspector"}
        </button>
        {problem ? (
          <p id="key-problem" class="problem" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
      <p id="key-help" class="muted small">
        The key stays in this browser tab: it is sent only to this server, in the X-API-Key
        header, and never stored in a cookie, in local storage or in a link.
      </p>
    </main>
  );
}
