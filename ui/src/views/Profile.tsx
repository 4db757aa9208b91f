// The account's profile: which preset it runs, how it differs from the default and why, and a
// picker to switch presets (PUT /profile {"preset": name}).
import { useEffect, useState } from "preact/hooks";
import { call, get } from "../api";
import { Loading, Problem } from "../components/common";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { useLoad } from "../load";
import type { Preset } from "../types";

type Profile = Record<string, unknown> & { preset?: string };

/** ``{"a": {"b": 1}}`` → ``{"a.b": 1}``; lists stay whole. */
export function flatten(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

interface Row {
  setting: string;
  base: unknown;
  value: unknown;
  reason?: string;
}

function differences(base: Record<string, unknown>, other: Record<string, unknown>, reasons: Record<string, string>): Row[] {
  const settings = [...new Set([...Object.keys(base), ...Object.keys(other)])].filter((s) => s !== "preset").sort();
  return settings
    .filter((s) => JSON.stringify(base[s]) !== JSON.stringify(other[s]))
    .map((s) => ({ setting: s, base: base[s], value: other[s], reason: reasons[s] }));
}

function DiffTable({ rows, caption, valueHeading }: { rows: Row[]; caption: string; valueHeading: string }) {
  if (!rows.length) return <p class="muted">Same as the default in every setting.</p>;
  return (
    <table class="data diff">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">Default</th>
          <th scope="col">{valueHeading}</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.setting}>
            <th scope="row">
              <code>{row.setting}</code>
            </th>
            <td class="old">{show(row.base)}</td>
            <td class="new">{show(row.value)}</td>
            <td>{row.reason ?? "changed for this account"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProfilePage() {
  const profile = useLoad(() => get<Profile>("/profile"), []);
  const presets = useLoad(() => get<{ presets: Preset[] }>("/profile/presets"), []);
  const [chosen, setChosen] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    // The active preset is only a starting choice: a pick made before this effect runs (it
    // runs after the first render that has the profile) must not be overwritten.
    const active = profile.data?.preset ?? "default";
    if (profile.data) setChosen((current) => current || active);
  }, [profile.data]);

  const all = presets.data?.presets ?? [];
  const byName = new Map(all.map((p) => [p.name, p]));
  const fallback = byName.get("default");
  const active = profile.data;
  const picked = byName.get(chosen);

  async function apply() {
    setBusy(true);
    setError(null);
    try {
      await call("PUT", "/profile", { preset: chosen });
      setNotice(`The account now runs the “${chosen}” preset.`);
      profile.reload();
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <section class="profile">
      <h1>Profile</h1>
      {profile.error ? <Problem error={profile.error} /> : null}
      {presets.error ? <Problem error={presets.error} /> : null}
      {!active || !fallback ? (
        <Loading what="the profile" />
      ) : (
        <>
          <section aria-labelledby="active-title">
            <h2 id="active-title">
              Active: <span class="preset-name">{active.preset ?? "default"}</span>
            </h2>
            <p>{byName.get(active.preset ?? "default")?.description}</p>
            <DiffTable
              rows={differences(
                flatten(fallback.values),
                flatten(active),
                byName.get(active.preset ?? "default")?.reasons ?? {},
              )}
              caption="How the active profile differs from the default"
              valueHeading="Active"
            />
          </section>
          <section aria-labelledby="pick-title">
            <h2 id="pick-title">Choose a preset</h2>
            <div class="field">
              <label for="preset-pick">Preset</label>
              <select id="preset-pick" value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
                {all.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
            {picked ? (
              <>
                <p>{picked.description}</p>
                <DiffTable
                  rows={differences(flatten(fallback.values), flatten(picked.values), picked.reasons)}
                  caption={`What “${picked.name}” changes from the default`}
                  valueHeading={picked.name}
                />
                <button
                  type="button"
                  class="primary"
                  onClick={() => setConfirming(true)}
                  disabled={busy}
                >
                  Apply “{picked.name}”
                </button>
              </>
            ) : null}
            <p class="notice" role="status" aria-live="polite">
              {notice}
            </p>
            {error ? <Problem error={error} /> : null}
          </section>
        </>
      )}
      {confirming ? (
        <ConfirmDialog
          title={`Switch to “${chosen}”?`}
          confirmLabel="Apply preset"
          busy={busy}
          onConfirm={apply}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Every request of this account will use the preset's values from now on. Changes made to the profile
            by hand are replaced.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
