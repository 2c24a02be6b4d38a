/** Where a catalog (the Glue Data Catalog) says a table's hour partition lives. */
export interface PartitionCatalog {
  /** the partition's location, or undefined when the catalog has no such partition */
  location(table: string, dt: string, hour: string): Promise<string | undefined>;
  /** point the partition at `location` in one update (readers plan with the old or the new one) */
  pointAt(table: string, dt: string, hour: string, location: string): Promise<void>;
  close(): Promise<void>;
}
