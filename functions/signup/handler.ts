import { readConfig } from '../../shared/config';
import { SIGNUP_CONFIG } from '../../shared/function-config';
import { lambdaWiring } from '../../shared/lambda-wiring';
import { createSignupHandler } from './create-handler';
import { wireSignup } from './wiring';

export const handler = createSignupHandler(wireSignup(readConfig(SIGNUP_CONFIG), lambdaWiring('signup')));
