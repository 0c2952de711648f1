// Conformance suite every CatalogStore backend must pass. A backend's test file only
// builds the store and calls describeCatalogStore(); all behaviour is checked here.
import { afterEach, beforeEach, describe } from 'node:test';
import type { CatalogStore } from '../../src/server/stores/types.js';
import { adminTests } from './conformance/admin.js';
import { casTests } from './conformance/cas.js';
import { entityTests } from './conformance/entities.js';
import { identityTests } from './conformance/identity.js';
import { namespaceTests } from './conformance/namespaces.js';
import { pagingTests } from './conformance/paging.js';
import { persistenceTests } from './conformance/persistence.js';
import { tableTests } from './conformance/tables.js';
import { seed, type Suite, type SuiteOptions } from './conformance/fixtures.js';

export type { SuiteOptions } from './conformance/fixtures.js';

export function describeCatalogStore(name: string, makeStore: () => Promise<CatalogStore>, options: SuiteOptions = {}): void {
  describe(`CatalogStore conformance: ${name}`, () => {
    const s = { options } as Suite;
    beforeEach(async () => {
      s.store = await makeStore();
      await s.store.init();
      s.ids = await seed(s.store);
    });
    afterEach(async () => {
      await s.store.close();
    });
    entityTests(s);
    adminTests(s);
    namespaceTests(s);
    tableTests(s);
    pagingTests(s);
    casTests(s);
    persistenceTests(s);
    identityTests(s);
  });
}
