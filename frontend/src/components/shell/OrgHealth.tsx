/** Org health in the top bar (08 §4). No score exists until data is imported and analysed. */
export function OrgHealth() {
  return (
    <div className="hidden items-center gap-2 text-small text-text-2 md:flex">
      <span>Org health</span>
      <span aria-hidden="true" className="text-ui font-semibold tabular-nums text-text">
        —
      </span>
      <span className="sr-only">not available yet</span>
    </div>
  );
}
