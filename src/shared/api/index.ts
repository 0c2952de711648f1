export * from './catalog.js';
export * from './errors.js';
export * from './server.js';
export * from './admin.js';
export * from './troubleshoot.js';
