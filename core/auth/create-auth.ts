import type { DataSource } from 'typeorm';
import { systemClock, type Clock } from '../clock/clock';
import { ConfigError } from '../config/read-env';
import type { RepositorySource } from '../database/repository-source';
import { TypeormUserStore } from './adapters/typeorm-user.store';
import type { AuthConfig } from './auth.config';
import { loadAuthKeys } from './auth-keys';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { PasswordHasher } from './password-hasher';
import { TokenIssuer } from './token-issuer';
import { TokenVerifier } from './token-verifier';

export interface AuthWiring {
  dataSource: DataSource;
  config: AuthConfig;
  clock?: Clock;
}

/** Wires token verification over the database's users (every process that checks tokens). */
export async function createAuthenticator({ dataSource, config, clock = systemClock }: AuthWiring): Promise<Authenticator> {
  const keys = await loadAuthKeys(config);
  const verifier = new TokenVerifier({ publicKey: keys.publicKey, issuer: config.issuer, audience: config.audience, clock });
  return new Authenticator(verifier, new TypeormUserStore(dataSource));
}

/**
 * Wires signup, login and me once, over whichever source of users it is then given: the data
 * source, or a dry run's manager (the auth Lambda builds one per dry run, keys loaded once).
 */
export async function createAuthServiceFactory({ config, clock = systemClock }: Omit<AuthWiring, 'dataSource'>): Promise<(users: RepositorySource) => AuthService> {
  const keys = await loadAuthKeys(config);
  if (!keys.privateKey) {
    throw new ConfigError('Invalid configuration: JWT_PRIVATE_KEY (or JWT_PRIVATE_KEY_FILE) is required to issue tokens');
  }
  const issuer = new TokenIssuer({
    privateKey: keys.privateKey,
    keyId: keys.keyId,
    issuer: config.issuer,
    audience: config.audience,
    ttlSeconds: config.tokenTtlSeconds,
    clock,
  });
  const hasher = new PasswordHasher(config.passwordLog2Cost);
  return (users) => new AuthService(new TypeormUserStore(users), hasher, issuer, clock);
}

/** Wires signup, login and me (processes that issue tokens: the monolith and the auth Lambda). */
export async function createAuthService({ dataSource, ...wiring }: AuthWiring): Promise<AuthService> {
  return (await createAuthServiceFactory(wiring))(dataSource);
}
