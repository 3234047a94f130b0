import type { ReactNode } from "react";

/** Icons that carry a status's meaning by shape as well as colour (never colour alone). */
export type Tone = "success" | "warning" | "danger" | "info" | "neutral";

const TONE_CLASS: Record<Tone, string> = {
  success: "text-success",
  warning: "text-warning",
  danger: "text-danger",
  info: "text-accent",
  neutral: "text-muted",
};

export function StatusIcon({ tone, shape, className = "" }: { tone: Tone; shape?: IconShape; className?: string }) {
  const s = shape ?? DEFAULT_SHAPE[tone];
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className={`size-4 shrink-0 ${TONE_CLASS[tone]} ${className}`}>
      {SHAPES[s]}
    </svg>
  );
}

export type IconShape = "check" | "warn" | "cross" | "pause" | "stop" | "spin" | "dash" | "info";

const DEFAULT_SHAPE: Record<Tone, IconShape> = { success: "check", warning: "warn", danger: "cross", info: "info", neutral: "dash" };

const SHAPES: Record<IconShape, ReactNode> = {
  check: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" opacity="0.15" />
      <path d="M4.5 8.2 7 10.5l4.5-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </>
  ),
  warn: (
    <>
      <path d="M8 1.5 15 14H1L8 1.5Z" fill="currentColor" opacity="0.15" />
      <path d="M8 1.5 15 14H1L8 1.5Z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
      <path d="M8 6v3.5M8 11.5v.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  cross: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" opacity="0.15" />
      <path d="m5.2 5.2 5.6 5.6m0-5.6-5.6 5.6" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  pause: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" opacity="0.15" />
      <path d="M6.2 5v6M9.8 5v6" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
  stop: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" opacity="0.15" />
      <rect x="5.2" y="5.2" width="5.6" height="5.6" rx="0.8" fill="currentColor" />
    </>
  ),
  spin: (
    <>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
      <path d="M14 8a6 6 0 0 0-6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
        <animateTransform attributeName="transform" type="rotate" from="0 8 8" to="360 8 8" dur="1s" repeatCount="indefinite" />
      </path>
    </>
  ),
  dash: (
    <>
      <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.3" strokeDasharray="2.5 2" />
      <path d="M5.5 8h5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" opacity="0.15" />
      <path d="M8 7.2v4M8 4.8v.4" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </>
  ),
};
