import { QueryClient, defaultShouldDehydrateQuery, isServer } from "@tanstack/react-query";

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // With server rendering, data fetched on the server should not be refetched at once on the
        // client.
        staleTime: 30 * 1000,
      },
      dehydrate: {
        // Also hand pending queries to the client, so a server component can start a prefetch and
        // stream the result.
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/**
 * The QueryClient for the current context: a new one for every server render (requests must not
 * share a cache), one shared instance in the browser (so a suspending render does not lose it).
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
