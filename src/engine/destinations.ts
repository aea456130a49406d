import { notFound } from '../errors';

/** A CGRateS Destination (`engine.Destination`): an ID and its number prefixes. */
export interface Destination {
  readonly ID: string;
  readonly Prefixes: readonly string[];
}

/**
 * The Destinations registry used by `*destinations` filter rules. Global, not per tenant, as in
 * CGRateS (Destinations.csv has no tenant column). In memory; persistence is the caller's.
 */
export class Destinations {
  private readonly byID = new Map<string, Destination>();

  /** Adds or replaces a destination (its prefixes are copied). */
  set(d: Destination): void {
    this.byID.set(d.ID, { ID: d.ID, Prefixes: [...d.Prefixes] });
  }

  get(id: string): Destination | undefined {
    return this.byID.get(id);
  }

  /** Throws `NOT_FOUND` when missing. */
  remove(id: string): void {
    if (!this.byID.delete(id)) throw notFound();
  }

  /** All destination IDs, sorted. */
  ids(): string[] {
    return [...this.byID.keys()].sort();
  }

  /** The prefixes of a destination, or undefined (FilterServiceDeps.destinations). */
  prefixes(id: string): readonly string[] | undefined {
    return this.byID.get(id)?.Prefixes;
  }
}
