"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { usePermission } from "@/components/auth/session-provider";
import { connectClient } from "@/lib/connect/client";
import { sameDraft, type ConfigDraft, type ValidationSnapshot } from "@/lib/connect/config-form";
import { connectKeys } from "@/lib/connect/queries";

/** How long the draft must stay unchanged before it is sent for validation. */
export const VALIDATE_DEBOUNCE_MS = 400;

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface ConfigValidation {
  /** The latest answer with the draft it was for (kept while the next one is on its way). */
  snapshot: ValidationSnapshot | undefined;
  /** A request is on its way, or the draft changed and one is about to be. */
  validating: boolean;
  error: Error | null;
  /** The answer describes the current draft. */
  current: boolean;
}

/**
 * Live validation: PUT /connector-plugins/{plugin}/config/validate with the draft, debounced. A query
 * keyed by the draft rather than a mutation, so answers to older drafts can never overwrite the
 * newest one, and going back to an earlier draft reuses its answer.
 */
export function useConfigValidation(cluster: string, plugin: string | undefined, draft: ConfigDraft): ConfigValidation {
  const settled = useDebounced(draft, VALIDATE_DEBOUNCE_MS);
  // Validation runs connector code and serves only creating or editing, which is admin work.
  const mayValidate = usePermission("admin").allowed;
  const enabled = mayValidate && Boolean(plugin) && Boolean(settled["connector.class"]);
  const query = useQuery({
    queryKey: [...connectKeys.all(cluster), "validate", plugin ?? "", settled],
    queryFn: async (): Promise<ValidationSnapshot> => ({ draft: settled, infos: await connectClient(cluster).validate(plugin ?? "", settled) }),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
    gcTime: 60_000,
  });
  // By content: a cached answer for an equal earlier draft (an undo) describes this one too.
  const current = query.data !== undefined && !query.isPlaceholderData && sameDraft(query.data.draft, draft);
  return {
    snapshot: query.data,
    validating: enabled && (query.isFetching || settled !== draft),
    error: query.error,
    current,
  };
}
