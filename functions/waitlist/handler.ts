import { loadConfig } from '../../shared/config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createWaitingListHandler } from './create-handler';
import { WAITING_LIST_SETTINGS, wireWaitingList } from './wiring';

export const handler = createWaitingListHandler(
  wireWaitingList(loadConfig(WAITING_LIST_SETTINGS), lambdaWiring('waitlist')),
);
