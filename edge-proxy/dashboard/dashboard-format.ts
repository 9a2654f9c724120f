import { html, type SafeHtml } from './html-template';

/** A share (0..1) as a whole percent; a dash where there was nothing to measure. */
export function formatShare(share: number | null): string {
  return share === null ? '\u2014' : `${Math.round(share * 1000) / 10}%`;
}

/** An ISO instant as engineers read it in a table: minutes, in UTC. */
export function formatInstant(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '\u2014';
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function formatMs(ms: number | null): string {
  return ms === null ? '\u2014' : `${Math.round(ms)} ms`;
}

export function formatUsd(amount: number | null): string {
  return amount === null ? '\u2014' : `$${amount.toFixed(2)}`;
}

/** A flag's state as a coloured badge, with the canary's share. */
export function stateBadge(state: string, canaryPercent = 0): SafeHtml {
  return html`<span class="badge badge-${/^[a-z]+$/.test(state) ? state : 'unknown'}">${state}${state === 'canary' ? ` ${canaryPercent}%` : ''}</span>`;
}
