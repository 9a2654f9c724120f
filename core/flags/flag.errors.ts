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
