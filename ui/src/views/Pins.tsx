// Safety pins: constraints always injected into the block, and topics kept out of memory.
import { useState } from "preact/hooks";
import { call, get, seg } from "../api";
import { Loading, Problem } from "../components/common";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { when } from "../format";
import { useLoad } from "../load";
import type { Pin } from "../types";

type Kind = Pin["kind"];

const KIND_HELP: Record<Kind, string> = {
  constraint: "Always in the block, in the pinned channel (e.g. an allergy)",
  suppress: "Memories on the topic are hidden from every block and new ones are not stored",
};

function PinForm({
  id,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  id: string;
  initial: { topic: string; kind: Kind; note: string };
  submitLabel: string;
  onSubmit: (value: { topic: string; kind: Kind; note: string }) => Promise<void>;
  onCancel?: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(value);
      if (!onCancel) setValue({ topic: "", kind: value.kind, note: "" });
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="pin-form" onSubmit={submit} aria-label={submitLabel}>
      <div class="field">
        <label for={`${id}-topic`}>Topic</label>
        <input
          id={`${id}-topic`}
          value={value.topic}
          maxLength={500}
          required
          onInput={(e) => setValue({ ...value, topic: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="field">
        <label for={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          value={value.kind}
          aria-describedby={`${id}-kind-help`}
          onChange={(e) => setValue({ ...value, kind: (e.target as HTMLSelectElement).value as Kind })}
        >
          <option value="constraint">Constraint (always injected)</option>
          <option value="suppress">Suppress (keep out of memory)</option>
        </select>
        <span id={`${id}-kind-help`} class="muted small">
          {KIND_HELP[value.kind]}
        </span>
      </div>
      <div class="field wide">
        <label for={`${id}-note`}>Note (optional)</label>
        <input
          id={`${id}-note`}
          value={value.note}
          maxLength={2000}
          onInput={(e) => setValue({ ...value, note: (e.target as HTMLInputElement).value })}
        />
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
      {error ? <Problem error={error} /> : null}
    </form>
  );
}

export function PinsView({ user, onChange }: { user: string; onChange: () => void }) {
  const pins = useLoad(() => get<{ pins: Pin[] }>(`/users/${seg(user)}/pins`), [user]);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Pin | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const base = `/users/${seg(user)}/pins`;

  const changed = (message: string) => {
    setNotice(message);
    pins.reload();
    onChange();
  };

  async function remove() {
    if (!removing) return;
    setBusy(true);
    try {
      await call("DELETE", `${base}/${seg(removing.pin_id)}`);
      changed(`Pin “${removing.topic}” deleted.`);
    } catch (problem) {
      setError(problem as Error);
    } finally {
      setBusy(false);
      setRemoving(null);
    }
  }

  return (
    <div class="pins">
      <section aria-labelledby="new-pin-title">
        <h2 id="new-pin-title">New pin</h2>
        <PinForm
          id="new-pin"
          initial={{ topic: "", kind: "constraint", note: "" }}
          submitLabel="Create pin"
          onSubmit={async ({ topic, kind, note }) => {
            await call("POST", base, { topic, kind, ...(note.trim() ? { note } : {}) });
            changed(`Pin “${topic}” created.`);
          }}
        />
      </section>
      <p class="notice" role="status" aria-live="polite">
        {notice}
      </p>
      {error ? <Problem error={error} /> : null}
      <section aria-labelledby="pins-title">
        <h2 id="pins-title">Pins of {user}</h2>
        {pins.error ? <Problem error={pins.error} /> : null}
        {!pins.data && pins.loading ? <Loading what="pins" /> : null}
        {pins.data && pins.data.pins.length === 0 ? <p class="empty">No pins yet.</p> : null}
        <ul class="pin-list">
          {(pins.data?.pins ?? []).map((pin) => (
            <li key={pin.pin_id} class="pin">
              {editing === pin.pin_id ? (
                <PinForm
                  id={`edit-${pin.pin_id}`}
                  initial={{ topic: pin.topic, kind: pin.kind, note: pin.note ?? "" }}
                  submitLabel="Save pin"
                  onCancel={() => setEditing(null)}
                  onSubmit={async ({ topic, kind, note }) => {
                    await call("PATCH", `${base}/${seg(pin.pin_id)}`, { topic, kind, note: note.trim() ? note : null });
                    setEditing(null);
                    changed(`Pin “${topic}” saved.`);
                  }}
                />
              ) : (
                <>
                  <div>
                    <span class={`chip chip-${pin.kind === "constraint" ? "pinned" : "hidden"}`}>{pin.kind}</span>{" "}
                    <strong>{pin.topic}</strong>
                    {pin.note ? <span>: {pin.note}</span> : null}
                    <div class="muted small">created {when(pin.created_at)}</div>
                  </div>
                  <div class="actions">
                    <button type="button" onClick={() => setEditing(pin.pin_id)} aria-label={`Edit pin ${pin.topic}`}>
                      Edit
                    </button>
                    <button type="button" class="danger" onClick={() => setRemoving(pin)} aria-label={`Delete pin ${pin.topic}`}>
                      Delete
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      {removing ? (
        <ConfirmDialog
          title="Delete this pin?"
          confirmLabel="Delete pin"
          busy={busy}
          onConfirm={remove}
          onCancel={() => setRemoving(null)}
        >
          <p>
            {removing.kind === "constraint"
              ? `“${removing.topic}” will no longer be injected into blocks.`
              : `Memories on “${removing.topic}” will be retrievable again, and new ones stored.`}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
