import { Redis } from 'ioredis';
import { createRepositories } from '../../../src/app/repositories.js';
import { silentLogger } from '../../../src/shared/logger.js';
import { repositoryContract } from '../../utils/contracts/repository-contract.js';
import { cleanupPrefix, testPrefix, TEST_REDIS_URL } from '../../utils/redis.js';

repositoryContract('Redis', async () => {
  const prefix = testPrefix();
  const redis = new Redis(TEST_REDIS_URL);
  const repos = createRepositories({
    redis,
    config: { redis: { prefix }, retention: { raw: 86_400_000, minute: 86_400_000, hour: 86_400_000 }, paths: { data: '/nonexistent' } },
    log: silentLogger(),
  });
  return {
    ...repos,
    // Lease keys are the caller's: the contract's go under this test's prefix.
    leases: { tryAcquire: (r) => repos.leases.tryAcquire({ ...r, key: `${prefix}:${r.key}` }) },
    async close() {
      await cleanupPrefix(prefix);
      redis.disconnect();
    },
  };
});
