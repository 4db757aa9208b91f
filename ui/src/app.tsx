import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, whenUnauthorized } from "./api";
import { currentKey, forgetKey } from "./key";
import { href, useRoute } from "./router";
import type { Account } from "./types";
import { KeyGate } from "./views/KeyGate";
import { MemoryPage } from "./views/Memory";
import { ProfilePage } from "./views/Profile";
import { UserPage } from "./views/UserPage";
import { UsersPage } from "./views/Users";

export function App() {
  const route = useRoute();
  const [account, setAccount] = useState<Account | null>(null);
  const [gateReason, setGateReason] = useState<string | null>(null);
  const [checking, setChecking] = useState(() => currentKey() !== null);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    whenUnauthorized((error: ApiError) => {
      forgetKey();
      setAccount(null);
      setGateReason(`${error.message} Paste a valid key.`);
    });
    if (currentKey()) {
      get<Account>("/account")
        .then(setAccount)
        .catch((error: Error) => setGateReason(error.message))
        .finally(() => setChecking(false));
    }
  }, []);

  // A new view: move focus to its heading so keyboard and screen-reader users start there.
  useEffect(() => {
    const heading = main.current?.querySelector<HTMLElement>("h1");
    if (heading && document.activeElement !== heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  }, [route, account]);

  if (checking) return <p class="loading" role="status">Checking the key…</p>;
  if (!account) {
    return (
      <KeyGate
        reason={gateReason}
        onReady={(ready) => {
          setGateReason(null);
          setAccount(ready);
        }}
      />
    );
  }

  let view;
  switch (route.name) {
    case "users":
      view = <UsersPage account={account} />;
      break;
    case "profile":
      view = <ProfilePage />;
      break;
    case "user":
      view = <UserPage route={route} account={account} />;
      break;
    case "memory":
      view = <MemoryPage user={route.user} node={route.node} />;
      break;
    default:
      view = (
        <section>
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href={href({ name: "users" })}>Back to users</a>
          </p>
        </section>
      );
  }

  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(event) => {
          // The hash is the router's: focus the content instead of navigating.
          event.preventDefault();
          main.current?.querySelector<HTMLElement>("h1")?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="#/users">
          KAPEX <span>memory inspector</span>
        </a>
        <nav aria-label="Main">
          <a href="#/users" aria-current={route.name === "users" ? "page" : undefined}>
            Users
          </a>
          <a href="#/profile" aria-current={route.name === "profile" ? "page" : undefined}>
            Profile
          </a>
        </nav>
        <div class="who">
          <span title={account.tenant_id}>{account.company_name}</span>
          <span class="tier">{account.tier}</span>
          <button
            type="button"
            onClick={() => {
              forgetKey();
              setAccount(null);
              setGateReason("The key was forgotten. Paste a key to continue.");
            }}
          >
            Forget key
          </button>
        </div>
      </header>
      <main id="main" ref={main}>
        {view}
      </main>
    </>
  );
}
