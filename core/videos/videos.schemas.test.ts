import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { decodeCursor, defaultPageSize, encodeCursor, maxPageSize, parseListQuery, titleSchema } from './videos.schemas';

/** The details of the ValidationError `act` throws. */
function detailsOf(act: () => unknown) {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('list cursors', () => {
  it('decode to the position they were made from, to the millisecond', () => {
    const position = { createdAt: new Date('2026-11-23T10:00:00.123Z'), id: randomUUID() };

    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('are URL-safe without escaping', () => {
    const cursor = encodeCursor({ createdAt: new Date('2026-11-23T10:00:00.000Z'), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64 at all', '%%%'],
    ['base64 of something that is not JSON', base64url('hello')],
    ['JSON that is not an object', base64url('[1,2]')],
    ['JSON null', base64url('null')],
    ['a position without its id', base64url(JSON.stringify({ createdAt: '2026-11-23T10:00:00.000Z' }))],
    ['an id that is not a UUID', base64url(JSON.stringify({ createdAt: '2026-11-23T10:00:00.000Z', id: "1' OR '1'='1" }))],
    ['a createdAt that is not a time', base64url(JSON.stringify({ createdAt: 'yesterday', id: randomUUID() }))],
    ['a createdAt that is a number', base64url(JSON.stringify({ createdAt: 1795420800000, id: randomUUID() }))],
    ['an empty string', ''],
  ])('refuses %s as a 400 on cursor', (_name, cursor) => {
    expect(detailsOf(() => decodeCursor(cursor))).toEqual([{ path: 'cursor', message: 'cursor is not one this API returned: pass nextCursor as is' }]);
  });
});

describe('parseListQuery', () => {
  it(`asks for ${defaultPageSize} videos from the start when given nothing`, () => {
    expect(parseListQuery({})).toEqual({ limit: defaultPageSize, after: undefined });
  });

  it('reads the limit from its query string form and the cursor into a position', () => {
    const position = { createdAt: new Date('2026-11-23T10:00:00.000Z'), id: randomUUID() };

    expect(parseListQuery({ limit: '5', cursor: encodeCursor(position) })).toEqual({ limit: 5, after: position });
  });

  it.each([['1'], [String(maxPageSize)]])('accepts the limit %s', (limit) => {
    expect(parseListQuery({ limit }).limit).toBe(Number(limit));
  });

  it.each([['0'], [String(maxPageSize + 1)], ['-1'], ['1.5'], ['ten'], [''], [['5', '6']]])('refuses the limit %j as a 400 on limit', (limit) => {
    const details = detailsOf(() => parseListQuery({ limit }));

    expect(details.map((detail) => detail.path)).toEqual(['limit']);
    expect(details[0]?.message).toBe(`limit must be a whole number from 1 to ${maxPageSize}`);
  });

  it('refuses a cursor longer than any it hands out as a 400 on cursor, before decoding it', () => {
    expect(detailsOf(() => parseListQuery({ cursor: 'a'.repeat(201) })).map((detail) => detail.path)).toEqual(['cursor']);
  });

  it('refuses a cursor given twice as a 400 on cursor', () => {
    expect(detailsOf(() => parseListQuery({ cursor: ['a', 'b'] })).map((detail) => detail.path)).toEqual(['cursor']);
  });
});

describe('titleSchema', () => {
  it('trims the title', () => {
    expect(titleSchema.parse('  Holiday in Lisbon \n')).toBe('Holiday in Lisbon');
  });

  it('takes up to 255 characters, not one more', () => {
    expect(titleSchema.safeParse('t'.repeat(255)).success).toBe(true);
    expect(titleSchema.safeParse('t'.repeat(256)).error?.issues[0]?.message).toBe('title must be at most 255 characters');
  });

  it.each([[''], ['   ']])('refuses the blank title %j', (title) => {
    expect(titleSchema.safeParse(title).error?.issues[0]?.message).toBe('title must not be empty');
  });

  it.each([['a NUL byte', 'clip\u0000.mp4'], ['an escape sequence', '\u001b[31mred'], ['an inner line break', 'one\ntwo']])('refuses a title with %s', (_name, title) => {
    expect(titleSchema.safeParse(title).error?.issues[0]?.message).toBe('title must not contain control characters (NUL, line breaks, escape codes)');
  });

  it('keeps a right-to-left title as written', () => {
    expect(titleSchema.parse('עברית ‮cod.exe')).toBe('עברית ‮cod.exe');
  });
});
