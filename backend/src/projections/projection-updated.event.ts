/**
 * Published on the EventBus after a projection's live batch commits, in the process that applied
 * it (so exactly once across replicas), never for a replay. Each projection announces a subclass of
 * its own (the inventory's `ItemsProjected`, say), which sagas take with `ofType`;
 * `ofType(ProjectionUpdated)` takes them all.
 */
export class ProjectionUpdated<Change = unknown> {
  constructor(
    public readonly projection: string,
    public readonly changes: readonly Change[],
  ) {}
}
