import { Import, ImportFile } from './import.entity.js';

/** This module's entities, for the data source the composition root assembles (src/entities.ts). */
export const IMPORTS_ENTITIES = [Import, ImportFile];
