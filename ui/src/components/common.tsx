import type { ComponentChildren } from "preact";
import { ApiError } from "../api";
import type { Channel, Flag, NodeChannel } from "../types";

export const FLAG_TEXT: Record<Flag, string> = {
  crisis: "Crisis",
  pii_redacted: "PII redacted",
  superseded: "Superseded",
  pinned: "Pinned",
  suppressed: "Suppressed",
};

const FLAG_HELP: Record<Flag, string> = {
  crisis: "Crisis detected when this was stored",
  pii_redacted: "Personal data was replaced before storage",
  superseded: "A newer memory restates this one",
  pinned: "A constraint pin is about this memory",
  suppressed: "A suppress pin hides this memory from every block",
};

export function Badges({ flags }: { flags?: Flag[] | null }) {
  if (!flags?.length) return null;
  return (
    <span class="badges">
      {flags.map((flag) => (
        <span key={flag} class={`badge badge-${flag}`} title={FLAG_HELP[flag] ?? flag}>
          {FLAG_TEXT[flag] ?? flag}
        </span>
      ))}
    </span>
  );
}

const CHANNEL_HELP: Record<string, string> = {
  pinned: "A standing constraint from a pin",
  relevant: "Reaches a block when the input asks about it",
  salient: "Matters now: every block considers it, even unasked",
  hidden: "Hidden by a suppress pin",
};

export function ChannelChip({ channel }: { channel?: Channel | NodeChannel | null }) {
  if (!channel) return <span class="muted">—</span>;
  return (
    <span class={`chip chip-${channel}`} title={CHANNEL_HELP[channel] ?? channel}>
      {channel}
    </span>
  );
}

export function Problem({ error, children }: { error: Error; children?: ComponentChildren }) {
  const code = error instanceof ApiError ? error.code : "ERROR";
  return (
    <div class="problem" role="alert">
      <strong>{code === "NETWORK" ? "No answer" : code.replaceAll("_", " ").toLowerCase()}:</strong>{" "}
      {error.message}
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** A bar for a number against its maximum; ``usage`` meters turn amber and red near the limit. */
export function Meter({
  value,
  max,
  label,
  usage = true,
}: {
  value: number;
  max: number;
  label: string;
  usage?: boolean;
}) {
  const safeMax = max > 0 ? max : 1;
  const limits = usage ? { low: safeMax * 0.7, high: safeMax * 0.9, optimum: 0 } : {};
  return (
    <meter
      min={0}
      max={safeMax}
      value={Math.min(value, safeMax)}
      {...limits}
      aria-label={label}
      title={`${value.toLocaleString("en-US")} of ${max.toLocaleString("en-US")}`}
    />
  );
}
