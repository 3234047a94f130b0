"use client";

import { Button } from "@/components/ui/button";

/** "101–200 of 500" with previous/next; the page number lives in the URL. */
export function Pagination({ page, pageCount, start, shown, total, onPage }: { page: number; pageCount: number; start: number; shown: number; total: number; onPage: (page: number) => void }) {
  if (total === 0) return null;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm text-muted">
      <p data-testid="page-range">
        {start + 1}–{start + shown} of {total}
      </p>
      {pageCount > 1 ? (
        <div className="flex items-center gap-2">
          <Button size="sm" onClick={() => onPage(page - 1)} disabled={page <= 1}>
            Previous
          </Button>
          <span className="tabular-nums" aria-current="page">
            Page {page} of {pageCount}
          </span>
          <Button size="sm" onClick={() => onPage(page + 1)} disabled={page >= pageCount}>
            Next
          </Button>
        </div>
      ) : null}
    </nav>
  );
}
