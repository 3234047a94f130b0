"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { StatusIcon, type Tone } from "./status-icon";

/** Short-lived reports of what an action did ("Paused orders-sink"), announced to screen readers. */
export interface Toast {
  id: number;
  tone: Tone;
  title: string;
  detail?: string;
}

interface ToastApi {
  show(toast: Omit<Toast, "id">): void;
}

const ToastContext = createContext<ToastApi | null>(null);

const LIFETIME_MS = { success: 5_000, info: 5_000, warning: 10_000, danger: 15_000, neutral: 5_000 } as const;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, "id">) => {
      const id = Date.now() + Math.random();
      setToasts((list) => [...list.slice(-4), { ...toast, id }]);
      setTimeout(() => dismiss(id), LIFETIME_MS[toast.tone]);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div role="status" aria-live="polite" className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 max-w-[calc(100%-2rem)] flex-col gap-2">
        {toasts.map((t) => (
          <div key={t.id} data-testid="toast" data-tone={t.tone} className="pointer-events-auto flex items-start gap-2 rounded-lg border border-border bg-surface px-3 py-2.5 text-sm shadow-lg">
            <StatusIcon tone={t.tone} />
            <div className="min-w-0 flex-1">
              <p className="font-medium">{t.title}</p>
              {t.detail ? <p className="mt-0.5 break-words text-muted">{t.detail}</p> : null}
            </div>
            <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss" className="rounded px-1 text-muted hover:bg-surface-muted">
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a <ToastProvider> above it");
  return api;
}
