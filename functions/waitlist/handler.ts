import { readConfig } from '../../shared/config';
import { WAITLIST_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createWaitingListHandler } from './create-handler';
import { wireWaitingList } from './wiring';

export const handler = createWaitingListHandler(wireWaitingList(readConfig(WAITLIST_CONFIG), lambdaWiring('waitlist')));
