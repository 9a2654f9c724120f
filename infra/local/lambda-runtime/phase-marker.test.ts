import { describe, expect, it } from 'vitest';
import { phaseEndMarker, PhaseOutputSplitter } from './phase-marker';

const phaseId = '0b6f2d3e-5a1c-4a8e-9d1f-2f3c4b5a6d7e';

describe('PhaseOutputSplitter', () => {
  it('separates the text before and after a phase-end marker', () => {
    const splitter = new PhaseOutputSplitter();

    const pieces = splitter.split(`hello\n${phaseEndMarker(phaseId)}next\n`);

    expect(pieces).toEqual([{ text: 'hello\n' }, { phaseId }, { text: 'next\n' }]);
  });

  it('finds a marker cut across chunks, at every possible cut', () => {
    const output = `before\n${phaseEndMarker(phaseId)}after\n`;
    for (let cut = 1; cut < output.length; cut += 1) {
      const splitter = new PhaseOutputSplitter();

      const pieces = [...splitter.split(output.slice(0, cut)), ...splitter.split(output.slice(cut))];

      expect(pieces.filter((piece) => 'phaseId' in piece)).toEqual([{ phaseId }]);
      const text = pieces.map((piece) => ('text' in piece ? piece.text : '')).join('') + splitter.flush();
      expect(text).toBe('before\nafter\n');
    }
  });

  it('passes through text that merely contains the delimiter character', () => {
    const splitter = new PhaseOutputSplitter();

    const pieces = [...splitter.split('record\u001eseparator\n'), { text: splitter.flush() }];

    expect(pieces.map((piece) => ('text' in piece ? piece.text : '')).join('')).toBe('record\u001eseparator\n');
  });
});
