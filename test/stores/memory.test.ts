import { MemoryCatalogStore } from '../../src/server/stores/memory.js';
import { describeCatalogStore } from './conformance.js';

describeCatalogStore('memory', async () => new MemoryCatalogStore());
