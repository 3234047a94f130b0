"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { clusterHref, useConnectCluster } from "@/components/clusters/use-connect-cluster";
import { ClusterGate } from "@/components/clusters/cluster-gate";
import { PageHeader } from "@/components/ui/page-header";
import { useSearchParamsState } from "@/components/ui/use-search-params-state";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { pluginsQuery } from "@/lib/connect/queries";
import { linkButtonClass } from "./link-button";
import { filterPlugins, PluginFilterBar, PluginGrid, type TypeFilter } from "./plugin-grid";
import { isConnectorType, type PluginType } from "./plugin-names";

const CONNECTOR_TYPES: TypeFilter[] = ["all", "source", "sink"];
const ALL_TYPES: TypeFilter[] = ["all", "source", "sink", "converter", "header_converter", "transformation", "predicate"];

/** The plugins page: installed connectors, and with the toggle every other plugin kind. Filters live in the URL. */
export function PluginCatalogue() {
  const [params, update] = useSearchParamsState();
  const { name, isDefault } = useConnectCluster();
  const showAll = params.get("all") === "1";
  const types = showAll ? ALL_TYPES : CONNECTOR_TYPES;
  const requestedType = (params.get("type") ?? "all") as TypeFilter;
  const type = types.includes(requestedType) ? requestedType : "all";
  const search = params.get("q") ?? "";

  return (
    <>
      <PageHeader title="Plugins" description="Connector plugins installed on the Connect cluster, with their documented settings." />
      <div className="flex flex-col gap-5 px-6 py-5 md:px-8">
        <ClusterGate>
          {(cluster) => (
            <Catalogue
              cluster={cluster.name}
              showAll={showAll}
              types={types}
              type={type}
              search={search}
              onShowAll={(on) => update({ all: on ? "1" : null, type: on ? type : isConnectorType(type as PluginType) ? type : null })}
              onType={(t) => update({ type: t === "all" ? null : t })}
              onSearch={(q) => update({ q })}
              href={(h) => clusterHref(h, name, isDefault)}
            />
          )}
        </ClusterGate>
      </div>
    </>
  );
}

function Catalogue({
  cluster,
  showAll,
  types,
  type,
  search,
  onShowAll,
  onType,
  onSearch,
  href,
}: {
  cluster: string;
  showAll: boolean;
  types: TypeFilter[];
  type: TypeFilter;
  search: string;
  onShowAll: (on: boolean) => void;
  onType: (t: TypeFilter) => void;
  onSearch: (q: string) => void;
  href: (h: string) => string;
}) {
  const query = useQuery(pluginsQuery(cluster, !showAll));
  return (
    <>
      <PluginFilterBar types={types} type={type} onTypeChange={onType} search={search} onSearchChange={onSearch}>
        <label className="inline-flex cursor-pointer items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" checked={showAll} onChange={(e) => onShowAll(e.target.checked)} className="size-4 accent-[var(--accent)]" />
          Include converters, transforms and predicates
        </label>
      </PluginFilterBar>
      {query.isPending ? (
        <LoadingState label="Loading plugins…" />
      ) : query.error ? (
        <ErrorState title="Could not list the plugins" error={query.error} />
      ) : (
        <>
          <p className="text-sm text-muted" aria-live="polite">
            {filterPlugins(query.data, type, search).length} of {query.data.length} plugins
          </p>
          <PluginGrid
            plugins={filterPlugins(query.data, type, search)}
            emptyHint={query.data.length === 0 ? "This Connect cluster reports no installed plugins." : undefined}
            actions={(p) => (
              <>
                <Link href={href(`/plugins/${encodeURIComponent(p.class)}`)} className={linkButtonClass("secondary")}>
                  Settings<span className="sr-only"> of {p.class}</span>
                </Link>
                {isConnectorType(p.type) ? (
                  <Link href={href(`/connectors/new?plugin=${encodeURIComponent(p.class)}`)} className={linkButtonClass("primary")}>
                    Create connector<span className="sr-only"> with {p.class}</span>
                  </Link>
                ) : null}
              </>
            )}
          />
        </>
      )}
    </>
  );
}
