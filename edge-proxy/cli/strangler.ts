import { runStranglerCli } from './strangler-cli';

const io = { env: process.env, out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
process.exitCode = await runStranglerCli(process.argv.slice(2), io);
