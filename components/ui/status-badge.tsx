import type { ConnectorHealth } from "@/lib/connect/health";
import type { ConnectorState } from "@/lib/connect/schemas";
import { StatusIcon, type IconShape, type Tone } from "./status-icon";

/** Connect states and derived health as an icon plus the word: readable without colour. */

const STATE_LOOK: Record<ConnectorState, { tone: Tone; shape: IconShape }> = {
  RUNNING: { tone: "success", shape: "check" },
  PAUSED: { tone: "warning", shape: "pause" },
  STOPPED: { tone: "neutral", shape: "stop" },
  FAILED: { tone: "danger", shape: "cross" },
  RESTARTING: { tone: "info", shape: "spin" },
  UNASSIGNED: { tone: "neutral", shape: "dash" },
};

const HEALTH_LOOK: Record<ConnectorHealth, { tone: Tone; shape: IconShape }> = {
  HEALTHY: { tone: "success", shape: "check" },
  DEGRADED: { tone: "warning", shape: "warn" },
  UNHEALTHY: { tone: "danger", shape: "cross" },
  PAUSED: { tone: "warning", shape: "pause" },
  STOPPED: { tone: "neutral", shape: "stop" },
  RESTARTING: { tone: "info", shape: "spin" },
  UNASSIGNED: { tone: "neutral", shape: "dash" },
};

const TONE_TEXT: Record<Tone, string> = {
  success: "text-success",
  warning: "text-warning",
  danger: "text-danger",
  info: "text-accent",
  neutral: "text-muted",
};

function Badge({ tone, shape, word, title }: { tone: Tone; shape: IconShape; word: string; title?: string }) {
  return (
    <span title={title} data-state={word} className={`inline-flex items-center gap-1.5 text-xs font-semibold tracking-wide ${TONE_TEXT[tone]}`}>
      <StatusIcon tone={tone} shape={shape} />
      {word}
    </span>
  );
}

export function StateBadge({ state, title }: { state: ConnectorState; title?: string }) {
  const look = STATE_LOOK[state];
  return <Badge {...look} word={state} title={title} />;
}

export function HealthBadge({ health, title }: { health: ConnectorHealth; title?: string }) {
  const look = HEALTH_LOOK[health];
  return <Badge {...look} word={health} title={title} />;
}
