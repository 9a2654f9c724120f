import replyFrom from '@fastify/reply-from';
import Fastify from 'fastify';
import { announceReady } from '../../core/process/serve';

// The fastest Node peer: fastify + @fastify/reply-from (undici, pooled keep-alive connections upstream).
const target = process.argv[2]!;
const app = Fastify({ logger: false });
await app.register(replyFrom, { base: target });
app.all('/*', (request, reply) => reply.from(request.url));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
announceReady('fastify-reply-from', url);
