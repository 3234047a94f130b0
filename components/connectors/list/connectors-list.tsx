"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useDeferredValue, useMemo, useState, useSyncExternalStore } from "react";
import type { ExpandedConnector } from "@/lib/connect/client";
import { countRows, filterRows, paginate, refreshIntervalMs, sortRows, toRows, type ConnectorRow, type ListState } from "@/lib/connect/connector-list";
import { connectorsQuery } from "@/lib/connect/queries";
import { clusterHref } from "@/components/clusters/use-connect-cluster";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { BulkActions } from "./bulk-actions";
import { ConnectorsTable } from "./connectors-table";
import { ListCountersBar } from "./list-counters";
import { ListToolbar } from "./list-toolbar";
import { NoConnectors } from "./no-connectors";
import { Pagination } from "./pagination";
import { RefreshControl } from "./refresh-control";
import { useListState } from "./use-list-state";

const filterKey = (s: ListState) => JSON.stringify([s.q, s.status, s.health, s.type]);

/** The connectors of one Connect cluster: counters, filters, the table, paging and bulk actions. */
export function ConnectorsList({ cluster, isDefault, restUrl }: { cluster: string; isDefault: boolean; restUrl: string }) {
  const [state, update] = useListState();
  // False in the server-rendered HTML, true once the browser runs the list (tests and the benchmark read it).
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const query = useQuery(connectorsQuery(cluster, refreshIntervalMs(state.refresh)));

  // Derived data, each step recomputed only when its inputs change.
  const [cache] = useState(() => new WeakMap<ExpandedConnector, ConnectorRow>());
  const rows = useMemo(() => (query.data ? toRows(query.data, cache) : []), [query.data, cache]);
  const counters = useMemo(() => countRows(rows), [rows]);
  const q = useDeferredValue(state.q);
  const filtered = useMemo(() => filterRows(rows, { q, status: state.status, health: state.health, type: state.type }), [rows, q, state.status, state.health, state.type]);
  const sorted = useMemo(() => sortRows(filtered, state.sort, state.dir), [filtered, state.sort, state.dir]);
  const page = paginate(sorted, state.page);

  // The search box's own text: typing stays smooth while the URL follows.
  const [text, setText] = useState(state.q);
  const onText = useCallback((value: string) => {
    setText(value);
    update({ q: value, page: 1 });
  }, [update]);
  const clearFilters = useCallback(() => {
    setText("");
    update({ q: "", status: undefined, health: undefined, type: undefined, page: 1 });
  }, [update]);

  // A selection belongs to the filter it was made under; a new filter starts a new selection.
  const key = filterKey(state);
  const [selection, setSelection] = useState<{ key: string; names: ReadonlySet<string> }>({ key, names: new Set() });
  const chosen = selection.key === key ? selection.names : EMPTY;
  // Only what the filter shows stays selected: connectors deleted or changed out of the filter since
  // they were ticked drop out, so an action never reaches a row the user cannot see.
  const selected = useMemo(() => filtered.filter((r) => chosen.has(r.name)).map((r) => r.name), [filtered, chosen]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const isSelected = useCallback((name: string) => selectedSet.has(name), [selectedSet]);
  const setNames = useCallback((change: (names: Set<string>) => void) => {
    setSelection((prev) => {
      const names = new Set(prev.key === key ? prev.names : []);
      change(names);
      return { key, names };
    });
  }, [key]);
  const onToggle = useCallback((name: string) => setNames((names) => void (names.has(name) ? names.delete(name) : names.add(name))), [setNames]);
  const pageNames = page.items.map((r) => r.name);
  const onTogglePage = (select: boolean) => setNames((names) => pageNames.forEach((n) => (select ? names.add(n) : names.delete(n))));
  const selectAllMatching = () => setNames((names) => filtered.forEach((r) => names.add(r.name)));
  const clearSelection = () => setNames((names) => names.clear());

  const hrefOf = useCallback((name: string) => clusterHref(`/connectors/${encodeURIComponent(name)}`, cluster, isDefault), [cluster, isDefault]);

  if (query.isPending) return <LoadingState label="Loading connectors…" />;
  if (query.isError && !query.data) {
    return <ErrorState title="Could not load the connectors" error={query.error} action={<Button size="sm" onClick={() => void query.refetch()}>Try again</Button>} />;
  }
  if (rows.length === 0) {
    return (
      <>
        <NoConnectors createHref={clusterHref("/connectors/new", cluster, isDefault)} restUrl={restUrl} />
        {/* Still mounted: the report of a bulk delete that emptied the cluster stays open. */}
        <BulkActions cluster={cluster} selected={selected} onClear={clearSelection} />
      </>
    );
  }

  const pageAllSelected = page.items.length > 0 && page.items.every((r) => selectedSet.has(r.name));
  return (
    <div className="flex flex-col gap-4" data-ready={hydrated}>
      <ListCountersBar counters={counters} active={state.status} onSelect={(status) => update({ status, page: 1 })} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <ListToolbar state={state} text={text} onText={onText} onChange={update} onClear={clearFilters} />
        <RefreshControl
          value={state.refresh}
          onChange={(refresh) => update({ refresh })}
          updatedAt={query.dataUpdatedAt}
          fetching={query.isFetching}
          onRefresh={() => void query.refetch()}
        />
      </div>
      {query.isError ? <ErrorState title="The last refresh failed; showing the previous answer" error={query.error} /> : null}
      <BulkActions cluster={cluster} selected={selected} onClear={clearSelection} />
      {pageAllSelected && filtered.length > page.items.length && selected.length < filtered.length ? (
        <p className="text-sm">
          All {page.items.length} on this page are selected.{" "}
          <button type="button" onClick={selectAllMatching} className="font-medium text-accent underline-offset-2 hover:underline focus-visible:underline">
            Select all {filtered.length} matching the filter
          </button>
        </p>
      ) : null}
      {filtered.length === 0 ? (
        <EmptyState title="No connector matches" action={<Button onClick={clearFilters}>Clear filters</Button>}>
          {counters.total} connectors in this cluster, none with these filters.
        </EmptyState>
      ) : (
        <>
          <ConnectorsTable
            rows={page.items}
            hrefOf={hrefOf}
            isSelected={isSelected}
            onToggle={onToggle}
            onTogglePage={onTogglePage}
            sort={state.sort}
            dir={state.dir}
            onSort={(sort, dir) => update({ sort, dir, page: 1 })}
          />
          <Pagination page={page.page} pageCount={page.pageCount} start={page.start} shown={page.items.length} total={filtered.length} onPage={(p) => update({ page: p })} />
        </>
      )}
    </div>
  );
}

const EMPTY: ReadonlySet<string> = new Set();
const noSubscription = () => () => {};
