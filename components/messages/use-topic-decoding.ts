"use client";

import { useCallback, useSyncExternalStore } from "react";
import { DECODE_MODES, type DecodeMode } from "@/lib/kafka/decode";
import type { Decoding } from "./scan-form";

/** The key/value decoding chosen for a topic, remembered in localStorage (auto until chosen). */

const STORAGE_PREFIX = "ferry.viewer.decoding.";
const listeners = new Set<() => void>();
const AUTO = "auto/auto";

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

const isMode = (v: string | undefined): v is DecodeMode => (DECODE_MODES as readonly string[]).includes(v ?? "");

function parse(text: string): Decoding {
  const [k, v] = text.split("/");
  return { keyEncoding: isMode(k) ? k : "auto", valueEncoding: isMode(v) ? v : "auto" };
}

function storedText(storageKey: string): string {
  try {
    return window.localStorage.getItem(storageKey) ?? AUTO;
  } catch {
    return AUTO;
  }
}

const keyOf = (cluster: string, topic: string) => `${STORAGE_PREFIX}${cluster}/${topic}`;

/** The remembered decoding, read directly (for code that runs before the hook's value settles). */
export function storedDecoding(cluster: string, topic: string): Decoding {
  return parse(storedText(keyOf(cluster, topic)));
}

export function useTopicDecoding(cluster: string, topic: string): [Decoding, (next: Decoding) => void] {
  const storageKey = keyOf(cluster, topic);
  const text = useSyncExternalStore(subscribe, () => storedText(storageKey), () => AUTO);
  const set = useCallback(
    (next: Decoding) => {
      try {
        const value = `${next.keyEncoding}/${next.valueEncoding}`;
        if (value === AUTO) window.localStorage.removeItem(storageKey);
        else window.localStorage.setItem(storageKey, value);
      } catch {
        // storage refused (private mode): the choice lasts for this page only
      }
      for (const l of listeners) l();
    },
    [storageKey],
  );
  return [parse(text), set];
}
