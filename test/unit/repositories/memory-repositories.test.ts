import type { DeliveryState } from '../../../src/deliver/delivery-ledger.js';
import type { LedgerEntry } from '../../../src/redis/ledger-types.js';
import { repositoryContract } from '../../utils/contracts/repository-contract.js';
import { createMemoryAlertStore } from '../../utils/memory/memory-alert-store.js';
import { createMemoryLeases } from '../../utils/memory/memory-leases.js';
import { createMemoryLedger } from '../../utils/memory/memory-ledger.js';
import { createMemoryReportRepo } from '../../utils/memory/memory-report-repo.js';

repositoryContract('in memory', async () => ({
  alertStore: createMemoryAlertStore(),
  notificationLedger: createMemoryLedger<LedgerEntry>(),
  deliveryLedger: createMemoryLedger<DeliveryState>(),
  leases: createMemoryLeases(),
  reports: createMemoryReportRepo(),
  close: async () => undefined,
}));
