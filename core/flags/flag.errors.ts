import { ConflictError, NotFoundError } from '../errors/app-error';
import { capabilities } from './capabilities';

export class UnknownCapabilityError extends NotFoundError {
  constructor(name: string) {
    super(`Unknown capability '${name}': expected one of ${capabilities.join(', ')}`);
  }
}

export class NoLambdaForCapabilityError extends ConflictError {
  constructor(name: string) {
    super(`Capability '${name}' has no Lambda function yet: it can only be served by the monolith (legacy)`);
  }
}

export class ConcurrentFlagChangeError extends ConflictError {
  constructor(name: string) {
    super(`The flag of '${name}' was changed by someone else at the same moment: check its state and try again`);
  }
}

export class UnknownRouteError extends NotFoundError {
  constructor(id: string) {
    super(`Unknown route '${id}': see GET /_strangler/api/routes for the route ids`);
  }
}

export class NoLambdaForRouteError extends ConflictError {
  constructor(id: string) {
    super(`Route '${id}' has no Lambda function yet: it can only be served by the monolith (legacy)`);
  }
}

/** A gate (parity, rollback cool-down) refused the change; `force` with a reason overrides it. */
export class GateRefusedError extends ConflictError {
  constructor(
    name: string,
    toState: string,
    readonly refusals: readonly string[],
  ) {
    super(`Refused to move '${name}' to ${toState}: ${refusals.join('; ')}. Gather more evidence, or force it with a reason.`);
  }
}
