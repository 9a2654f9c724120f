import { AppError, ConflictError, UnauthorizedError } from '../errors/app-error';

export class InvalidCredentialsError extends AppError {
  readonly code = 'invalid_credentials';

  constructor() {
    super('The email or password is wrong');
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super('An account with this email already exists: log in instead');
  }
}

// These two messages are all a caller learns about a rejected token, whichever side rejects it:
// an API Gateway-style authorizer only says yes or no, so the monolith must not say more.
export class MissingTokenError extends UnauthorizedError {
  constructor() {
    super('Authentication required: send Authorization: Bearer <token>');
  }
}

export class InvalidTokenError extends UnauthorizedError {
  constructor(options?: ErrorOptions) {
    super('The token is invalid or expired: log in again', options);
  }
}
