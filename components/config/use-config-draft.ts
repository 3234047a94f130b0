"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { buildFormModel, type ConfigDraft, type FormModel } from "@/lib/connect/config-form";
import { pluginConfigQuery, pluginsQuery } from "@/lib/connect/queries";
import type { PluginInfo } from "@/lib/connect/schemas";
import { useConfigValidation, type ConfigValidation } from "./use-config-validation";

export interface ConfigDraftState {
  model: FormModel;
  validation: ConfigValidation;
  definitionsError: Error | null;
  definitionsPending: boolean;
  showAdvanced: boolean;
  setShowAdvanced: (show: boolean) => void;
}

/**
 * Everything a config editor derives from one draft: the plugin's definition, the live validation
 * and the form model built from both. The plugin is the draft's connector.class, as the server
 * reads it.
 */
export function useConfigDraft(cluster: string, draft: ConfigDraft, exclude: readonly string[]): ConfigDraftState {
  const plugin = draft["connector.class"]?.trim() || undefined;
  const definitions = useQuery({ ...pluginConfigQuery(cluster, plugin ?? ""), enabled: plugin !== undefined, retry: false });
  const validation = useConfigValidation(cluster, plugin, draft);
  const allPlugins = useQuery({ ...pluginsQuery(cluster, false), retry: false });
  const suggestions = useMemo(() => converterSuggestions(allPlugins.data ?? []), [allPlugins.data]);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const model = useMemo(
    () => buildFormModel(definitions.data, validation.snapshot, draft, { showAdvanced, exclude, suggestions }),
    [definitions.data, validation.snapshot, draft, showAdvanced, exclude, suggestions],
  );
  return {
    model,
    validation,
    definitionsError: definitions.error,
    definitionsPending: plugin !== undefined && definitions.isPending,
    showAdvanced,
    setShowAdvanced,
  };
}

/** The installed converters, offered while typing the converter keys (validation gives no recommended values). */
function converterSuggestions(plugins: readonly PluginInfo[]): Record<string, string[]> {
  const of = (type: PluginInfo["type"]) => plugins.filter((p) => p.type === type).map((p) => p.class);
  const converters = of("converter");
  return { "key.converter": converters, "value.converter": converters, "header.converter": of("header_converter") };
}
