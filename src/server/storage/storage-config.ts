export * from '../../shared/storage-config.js';
