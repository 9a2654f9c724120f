import { describe, expect, it } from 'vitest';
import { sniffBytes, sniffVideoContainer } from './sniff-container';

const ascii = (text: string) => [...Buffer.from(text, 'latin1')];
const u32be = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const u32le = (value: number) => u32be(value).reverse();
const u64le = (value: number) => [...u32le(value), 0, 0, 0, 0];
/** Bytes followed by zeros up to `length`, as the rest of a file's head would follow its signature. */
const head = (bytes: number[], length = 1024) => Uint8Array.from([...bytes, ...new Array<number>(Math.max(0, length - bytes.length)).fill(0)]);

/** An ISO-BMFF file: its `ftyp` box (major brand, compatible brands), then an empty `mdat` box. */
function isoBmff(majorBrand: string, compatibleBrands: string[] = []) {
  const brands = [majorBrand, ...compatibleBrands].flatMap((brand) => ascii(brand.padEnd(4)));
  const ftyp = [...u32be(16 + brands.length), ...ascii('ftyp'), ...ascii(majorBrand.padEnd(4)), ...u32be(0x200), ...brands.slice(4)];
  return head([...ftyp, ...u32be(8), ...ascii('mdat')]);
}

/** An EBML header (the start of Matroska and WebM) declaring a DocType. */
function ebml(docType: string) {
  const children = [0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0x82, 0x80 | docType.length, ...ascii(docType), 0x42, 0x87, 0x81, 0x04];
  return head([0x1a, 0x45, 0xdf, 0xa3, 0x80 | children.length, ...children, 0x18, 0x53, 0x80, 0x67]);
}

/** A RIFF file of a form type (AVI, WAVE, WEBP), with its first chunk. */
const riff = (form: string, firstChunk: string) => head([...ascii('RIFF'), ...u32le(100_000), ...ascii(form.padEnd(4)), ...ascii(firstChunk), ...u32le(1000)]);

/** `packets` MPEG transport stream packets: a 0x47 sync byte every `packetSize` bytes, after `offset`. */
function transportStream(packets: number, packetSize = 188, offset = 0) {
  const bytes = new Uint8Array(offset + packets * packetSize);
  for (let packet = 0; packet < packets; packet += 1) bytes.set([0x47, 0x40, 0x00, 0x10], offset + packet * packetSize);
  return bytes;
}

/** An ASF (WMV/WMA) header whose one stream is of the given type. */
function asf(stream: 'video' | 'audio') {
  const headerGuid = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c];
  const streamPropertiesGuid = [0x91, 0x07, 0xdc, 0xb7, 0xb7, 0xa9, 0xcf, 0x11, 0x8e, 0xe6, 0x00, 0xc0, 0x0c, 0x20, 0x53, 0x65];
  const videoMediaGuid = [0xc0, 0xef, 0x19, 0xbc, 0x4d, 0x5b, 0xcf, 0x11, 0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b];
  const audioMediaGuid = [0x40, 0x9e, 0x69, 0xf8, 0x4d, 0x5b, 0xcf, 0x11, 0xa8, 0xfd, 0x00, 0x80, 0x5f, 0x5c, 0x44, 0x2b];
  const streamProperties = [...streamPropertiesGuid, ...u64le(24 + 16 + 40), ...(stream === 'video' ? videoMediaGuid : audioMediaGuid), ...new Array<number>(40).fill(0)];
  return head([...headerGuid, ...u64le(30 + streamProperties.length), ...u32le(1), 0x01, 0x02, ...streamProperties]);
}

/** An Ogg page whose first packet starts with a codec's identification header. */
const ogg = (identification: number[]) => head([...ascii('OggS'), 0x00, 0x02, ...new Array<number>(20).fill(0), 0x01, 0x1e, ...identification]);

describe('sniffVideoContainer', () => {
  it.each([
    ['ISO-BMFF isom', isoBmff('isom', ['isom', 'iso2', 'avc1', 'mp41']), 'mp4', 'video/mp4'],
    ['ISO-BMFF mp42', isoBmff('mp42', ['mp42', 'mp41']), 'mp4', 'video/mp4'],
    ['QuickTime', isoBmff('qt', ['qt']), 'mov', 'video/quicktime'],
    ['QuickTime without ftyp', head([...u32be(8), ...ascii('wide'), ...u32be(8), ...ascii('mdat')]), 'mov', 'video/quicktime'],
    ['M4V', isoBmff('M4V', ['M4V', 'mp42']), 'm4v', 'video/x-m4v'],
    ['3GPP', isoBmff('3gp5', ['3gp5', 'isom']), '3gp', 'video/3gpp'],
    ['3GPP2', isoBmff('3g2a', ['3g2a']), '3g2', 'video/3gpp2'],
    ['Matroska', ebml('matroska'), 'mkv', 'video/matroska'],
    ['WebM', ebml('webm'), 'webm', 'video/webm'],
    ['AVI', riff('AVI', 'LIST'), 'avi', 'video/vnd.avi'],
    ['MPEG-TS, sync bytes at 0/188/376', transportStream(3), 'mts', 'video/mp2t'],
    ['MPEG-TS, a full sample of packets', transportStream(40), 'mts', 'video/mp2t'],
    ['Blu-ray M2TS (192-byte packets)', transportStream(10, 192, 4), 'mts', 'video/mp2t'],
    ['MPEG-PS', head([0x00, 0x00, 0x01, 0xba, 0x44, 0x00, 0x04, 0x00, 0x04, 0x01]), 'mpg', 'video/MP2P'],
    ['FLV', head([...ascii('FLV'), 0x01, 0x05, ...u32be(9)]), 'flv', 'video/x-flv'],
    ['ASF with a video stream (WMV)', asf('video'), 'asf', 'video/x-ms-asf'],
    ['Ogg Theora', ogg([0x80, ...ascii('theora')]), 'ogv', 'video/ogg'],
  ])('recognizes %s', async (_name, bytes, container, mime) => {
    expect(await sniffVideoContainer(bytes)).toEqual({ container, mime });
  });

  it.each([
    ['M4A audio', isoBmff('M4A', ['M4A', 'mp42', 'isom'])],
    ['M4B audiobook', isoBmff('M4B', ['M4B'])],
    ['HEIC image', isoBmff('heic', ['mif1', 'heic'])],
    ['AVIF image', isoBmff('avif', ['avif', 'mif1'])],
    ['EBML of another DocType', ebml('something')],
    ['WAV', riff('WAVE', 'fmt ')],
    ['WebP', riff('WEBP', 'VP8 ')],
    ['ASF with only an audio stream (WMA)', asf('audio')],
    ['Ogg Vorbis', ogg([0x01, ...ascii('vorbis')])],
    ['MP3', head([...ascii('ID3'), 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64])],
    ['PNG', head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...u32be(13), ...ascii('IHDR'), ...u32be(1), ...u32be(1), 8, 6, 0, 0, 0])],
    ['JPEG', head([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0x00])],
    ['PDF', Uint8Array.from(ascii('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'))],
    ['ZIP', head([...ascii('PK'), 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00])],
    ['text', Uint8Array.from(ascii('hello, this is not a video\n'.repeat(50)))],
    // Two 'G's 188 bytes apart fool file-type's MPEG-TS test; the next packet does not sync.
    ['text with a "G" every 188 bytes, twice', Uint8Array.from(ascii(`G${'a'.repeat(187)}G${'b'.repeat(300)}`))],
    ['a lone sync byte', Uint8Array.from([0x47])],
    ['empty', new Uint8Array(0)],
  ])('refuses %s', async (_name, bytes) => {
    expect(await sniffVideoContainer(bytes)).toBeUndefined();
  });

  it('decides on the first sniffBytes bytes, whatever follows', async () => {
    const longer = new Uint8Array(sniffBytes * 3);
    longer.set(transportStream(Math.ceil(sniffBytes / 188)).subarray(0, sniffBytes));

    expect(await sniffVideoContainer(longer)).toEqual({ container: 'mts', mime: 'video/mp2t' });
  });
});
