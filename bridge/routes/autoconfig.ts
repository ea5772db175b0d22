import { Hono } from 'hono';
import { z } from 'zod';
import { type AutoconfigDeps, autoconfigure } from '../autoconfig/lookup';
import { validate } from './validate';

const autoconfigQuery = z.strictObject({ email: z.email().max(320) });

/** `GET /v1/autoconfig?email=…`: servers, security and how to sign in, for the options page's "add account". */
export function autoconfigRoutes(deps: AutoconfigDeps) {
  return new Hono().get('/', validate('query', autoconfigQuery), async (c) => c.json(await autoconfigure(c.req.valid('query').email, deps), 200));
}
