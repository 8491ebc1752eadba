import type { RestContext } from '../context.js';
import type { Router } from '../router.js';

/** Registered by restApi; the endpoints are added here. */
export function styleRoutes(_router: Router, _ctx: RestContext): void {}
