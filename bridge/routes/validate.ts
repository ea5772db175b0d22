import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { describeIssues } from '../config/schema';
import { ApiError } from '../errors';

/**
 * Hono's validator with the bridge's error shape. The message names the fields that are
 * wrong and why, never the values (a body may hold a password).
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new ApiError('bad_request', describeIssues(result.error as unknown as z.ZodError, target === 'json' ? '' : target));
  });
}
