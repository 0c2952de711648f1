// Public surface of the pure metadata core (no I/O): table creation, commit requirements
// and updates, metadata-log bookkeeping, and view metadata.
export { applyUpdates, updateAction } from './updates.js';
export { checkRequirements, checkViewRequirements, isCreateRequirements } from './requirements.js';
export {
  DEFAULT_FORMAT_VERSION, RESERVED_PROPERTIES, emptyTableMetadata, finishNewFromUpdates, formatVersionForCreate,
  formatVersionFromProperties, newTableMetadata, newTableMetadataFromUpdates, persistedProperties,
  type NewTableInput,
} from './new-table.js';
export {
  METADATA_DELETE_AFTER_COMMIT_ENABLED, METADATA_PREVIOUS_VERSIONS_MAX, METADATA_PREVIOUS_VERSIONS_MAX_DEFAULT,
  finalizeCommit, metadataFileLocation, nextMetadataFileName, parseMetadataVersion,
  type FinalizeCommitOptions, type FinalizedCommit,
} from './commit-log.js';
export { applyViewUpdates, newViewMetadata, type CreateViewInput } from './view.js';
export { normalizeTableMetadata, currentSchema, defaultSpec, defaultSortOrder } from './builder.js';
export {
  assignFreshIds, highestFieldId, idToName, indexById, indexByName, sameSchemaStructure, validateSchema,
  type IndexedField,
} from './schema.js';
export { currentSnapshotIdOf } from './util.js';
export type * from './types.js';
