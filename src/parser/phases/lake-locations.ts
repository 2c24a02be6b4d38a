import type { ManifestBuilder } from '../manifest-builder.js';
import { validateLocations } from '../validate-locations.js';

/** Phase: every model's lake location is safe and its own, whatever a command will select. */
export function validateLakeLocations(builder: ManifestBuilder): void {
  const { project, target, dialect } = builder.context;
  validateLocations(builder.manifest, project, target, dialect);
}
