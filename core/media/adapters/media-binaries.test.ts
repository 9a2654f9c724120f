import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateMediaBinaries } from './media-binaries';

describe('locateMediaBinaries', () => {
  it('uses FFMPEG_PATH and FFPROBE_PATH when they are set', () => {
    const binaries = locateMediaBinaries({ FFMPEG_PATH: process.execPath, FFPROBE_PATH: process.execPath });

    expect(binaries).toEqual({ ffmpegPath: process.execPath, ffprobePath: process.execPath });
  });

  it('takes each variable on its own', () => {
    const binaries = locateMediaBinaries({ FFPROBE_PATH: process.execPath });

    expect(binaries.ffprobePath).toBe(process.execPath);
    expect(binaries.ffmpegPath).not.toBe(process.execPath);
  });

  it('names the variable when it does not point at an executable', () => {
    expect(() => locateMediaBinaries({ FFMPEG_PATH: '/nowhere/ffmpeg' })).toThrow(/^FFMPEG_PATH=\/nowhere\/ffmpeg is not an executable/);
  });

  it('defaults to the executables the npm installers ship', async () => {
    const { ffmpegPath, ffprobePath } = locateMediaBinaries({});

    expect(ffmpegPath).toMatch(/@ffmpeg-installer/);
    expect(ffprobePath).toMatch(/ffprobe-static/);
    for (const path of [ffmpegPath, ffprobePath]) {
      expect(isAbsolute(path)).toBe(true);
      await expect(access(path, constants.X_OK)).resolves.toBeUndefined();
    }
  });
});
