/** Where a catalog (the Glue Data Catalog) says a table's hour partition lives. */
export interface PartitionCatalog {
  /**
   * whether the partition points at `location` and describes its files as `pointAt` would
   * (a typed table's partition has the table's columns)
   */
  pointsAt(table: string, dt: string, hour: string, location: string): Promise<boolean>;
  /** point the partition at `location` in one update (readers plan with the old or the new one) */
  pointAt(table: string, dt: string, hour: string, location: string): Promise<void>;
  close(): Promise<void>;
}
