import { setTimeout as sleep } from 'node:timers/promises';
import { startLocalService } from '../../local/local-service';
import { TEST_SEED } from '../support/seeds';

describe('the local waiting-list job', () => {
  it('stays silent on ticks that assign nobody', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const service = await startLocalService({
      port: 0,
      dynamodbPort: 0,
      authToken: 'local-token',
      accountSid: 'AC00000000000000000000000000000000',
      seed: TEST_SEED,
      logWriter: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
      waitingListIntervalMs: 20,
    });

    try {
      await sleep(400);
    } finally {
      await service.close();
    }

    expect(lines.filter((line) => line.service === 'waitlist')).toEqual([]);
  });
});
