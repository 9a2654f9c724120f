import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The resident memory of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kib) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) / 1024;
}

/** The process listening on a TCP port (Linux: ss). */
export function pidListeningOn(port: number): number {
  const pid = /pid=(\d+)/.exec(execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' }))?.[1];
  if (!pid) throw new Error(`no process found listening on port ${port}`);
  return Number(pid);
}

/**
 * The CPU time a process has used so far, in ms (Linux /proc). The Lambda runtime shares this
 * machine's cores, so latency alone mixes the proxy's cost with the function's; the proxy's CPU
 * per request is its own share, the part that stays in production.
 */
export function cpuMsOf(pid: number): () => number {
  const ticksPerMs = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) / 1000;
  return () => {
    // Fields 14 and 15 (utime, stime), counted after the command name, which may hold spaces.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  };
}
