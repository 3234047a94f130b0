"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { kafkaClient } from "@/lib/kafka/client";
import type { ScanDone, ScanParams, ScanProgress, WireRecord } from "@/lib/kafka/schemas";
import { RingBuffer } from "./ring-buffer";
import type { InitialScan } from "./scan-form";

/**
 * One scan of a topic at a time, read from the console's SSE endpoint. Records go into a bounded
 * ring buffer held outside React state; the component re-renders at most once per animation frame
 * (a version number), so 100k rows or a fast live tail never re-render per record. While paused,
 * arriving records wait in a second ring buffer and are counted; resuming appends them.
 */

export const LIVE_BUFFER_RECORDS = 100_000;
/** The live tail asks the server for this many records before it ends on its own. */
const LIVE_LIMIT = 1_000_000;

export type ScanPhase = "idle" | "connecting" | "scanning" | "done" | "cancelled" | "error";

export interface ScanSnapshot {
  phase: ScanPhase;
  live: boolean;
  progress: ScanProgress | null;
  done: ScanDone | null;
  error: string | null;
  /** Records received (matched) since this scan started, shown or not. */
  received: number;
  paused: boolean;
  newWhilePaused: number;
  /** Records per second over the last few seconds. */
  rate: number;
}

const INITIAL: ScanSnapshot = { phase: "idle", live: false, progress: null, done: null, error: null, received: 0, paused: false, newWhilePaused: 0, rate: 0 };

const RATE_WINDOW_MS = 3_000;

/** `initial`: a finished scan rendered by the server, shown at once (on the server render too). */
export function useMessageScan(cluster: string, topic: string, initial?: InitialScan) {
  // Stable, mutable stores: rows live outside React state (see above).
  const [buffer] = useState(() => {
    const ring = new RingBuffer<WireRecord>(LIVE_BUFFER_RECORDS);
    if (initial) ring.pushAll(initial.records);
    return ring;
  });
  const [pending] = useState(() => new RingBuffer<WireRecord>(LIVE_BUFFER_RECORDS));
  const abort = useRef<AbortController | null>(null);
  const lastParams = useRef<ScanParams | null>(null);
  const frame = useRef<number | null>(null);
  const samples = useRef<{ t: number; n: number }[]>([]);
  const pausedRef = useRef(false);
  /** Bumped by every new scan: events of a replaced scan are dropped. */
  const generation = useRef(0);
  const [version, setVersion] = useState(0);
  const [snapshot, setSnapshot] = useState<ScanSnapshot>(() => (initial ? { ...INITIAL, phase: "done", done: initial.done, progress: initial.done, received: initial.records.length } : INITIAL));

  const redraw = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      setVersion((v) => v + 1);
    });
  }, []);

  const cancel = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
  }, []);

  const run = useCallback(
    async (params: ScanParams, options: { keep?: boolean } = {}) => {
      cancel();
      const controller = new AbortController();
      abort.current = controller;
      const mine = ++generation.current;
      const current = () => generation.current === mine;
      lastParams.current = params;
      if (!options.keep) {
        buffer.clear();
        pending.clear();
      }
      samples.current = [];
      pausedRef.current = false;
      const live = params.live === "true";
      setSnapshot({ ...INITIAL, phase: "connecting", live });
      redraw();
      let received = 0;
      let newWhilePaused = 0;
      try {
        for await (const event of kafkaClient(cluster).scan(topic, params, controller.signal)) {
          if (!current()) break;
          if (event.type === "records") {
            received += event.records.length;
            samples.current.push({ t: performance.now(), n: event.records.length });
            if (pausedRef.current) {
              newWhilePaused += event.records.length;
              pending.pushAll(event.records);
              setSnapshot((s) => ({ ...s, phase: "scanning", received, newWhilePaused }));
            } else {
              buffer.pushAll(event.records);
              setSnapshot((s) => ({ ...s, phase: "scanning", received }));
              redraw();
            }
          } else if (event.type === "progress") {
            const progress = event.progress;
            setSnapshot((s) => ({ ...s, phase: "scanning", progress, received }));
          } else if (event.type === "done") {
            const done = event.done;
            setSnapshot((s) => ({ ...s, phase: "done", done, progress: done, received }));
          } else {
            const message = event.error.message;
            setSnapshot((s) => ({ ...s, phase: "error", error: message, received }));
          }
        }
        if (!current()) return;
        if (controller.signal.aborted) setSnapshot((s) => ({ ...s, phase: s.phase === "done" || s.phase === "error" ? s.phase : "cancelled", received }));
      } catch (err) {
        if (!current()) return;
        if (controller.signal.aborted) {
          setSnapshot((s) => ({ ...s, phase: "cancelled", received }));
        } else {
          setSnapshot((s) => ({ ...s, phase: "error", error: err instanceof Error ? err.message : String(err), received }));
        }
      } finally {
        if (abort.current === controller) abort.current = null;
        if (current()) redraw();
      }
    },
    [buffer, cancel, cluster, pending, redraw, topic],
  );

  const start = useCallback((params: ScanParams) => void run(params), [run]);

  const startLive = useCallback((params: Omit<ScanParams, "from" | "live" | "limit">) => void run({ ...params, from: "end", live: "true", limit: LIVE_LIMIT }), [run]);

  /** Continues the finished scan from its cursor, adding to the rows shown. */
  const resume = useCallback(() => {
    const previous = lastParams.current;
    const cursor = snapshot.done?.cursor;
    if (!previous || !cursor) return;
    void run({ ...previous, cursor }, { keep: true });
  }, [run, snapshot.done]);

  const pause = useCallback(() => {
    pausedRef.current = true;
    setSnapshot((s) => ({ ...s, paused: true, newWhilePaused: 0 }));
  }, []);

  const unpause = useCallback(() => {
    pausedRef.current = false;
    buffer.pushAll(pending.toArray());
    pending.clear();
    setSnapshot((s) => ({ ...s, paused: false, newWhilePaused: 0 }));
    redraw();
  }, [buffer, pending, redraw]);

  const clear = useCallback(() => {
    buffer.clear();
    pending.clear();
    setSnapshot((s) => ({ ...s, newWhilePaused: 0 }));
    redraw();
  }, [buffer, pending, redraw]);

  // The rate: records received over the last few seconds, recomputed each second while running.
  const running = snapshot.phase === "connecting" || snapshot.phase === "scanning";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      const now = performance.now();
      samples.current = samples.current.filter((s) => now - s.t <= RATE_WINDOW_MS);
      const n = samples.current.reduce((sum, s) => sum + s.n, 0);
      setSnapshot((s) => ({ ...s, rate: Math.round(n / (RATE_WINDOW_MS / 1000)) }));
    }, 1_000);
    return () => clearInterval(timer);
  }, [running]);

  useEffect(
    () => () => {
      abort.current?.abort();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  return { buffer, version, snapshot, running, start, startLive, resume, cancel, pause, unpause, clear };
}

export type MessageScanApi = ReturnType<typeof useMessageScan>;
