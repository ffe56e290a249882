import { readConfig } from '../../shared/config';
import { OWNER_TEXTS_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createOwnerTextsHandler } from './create-handler';
import { wireOwnerTexts } from './wiring';

export const handler = createOwnerTextsHandler(
  wireOwnerTexts(readConfig(OWNER_TEXTS_CONFIG), lambdaWiring('owner-texts')),
);
