// The GPS position in an Exif (TIFF) block: the GPS IFD's latitude and longitude, degrees, minutes
// and seconds as rationals with their N/S and E/W references. Every offset is bounds-checked: the
// bytes come from a citizen's upload. Pure.

export interface GpsPosition {
  latitude: number;
  longitude: number;
}

const GPS_IFD_POINTER = 0x8825;
const RATIONAL = 5;
const ASCII = 2;

/** The position in TIFF bytes (`II*\0` or `MM\0*` first); undefined when there is none or it is malformed. */
export function tiffGps(tiff: Uint8Array): GpsPosition | undefined {
  if (tiff.length < 8) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const u16 = (o: number) => (o + 2 <= tiff.length ? view.getUint16(o, little) : undefined);
  const u32 = (o: number) => (o + 4 <= tiff.length ? view.getUint32(o, little) : undefined);
  if (u16(2) !== 42) return undefined;

  const entries = (ifd: number | undefined) => {
    const out = new Map<number, { type: number; count: number; at: number }>();
    const n = ifd === undefined ? undefined : u16(ifd);
    if (ifd === undefined || n === undefined) return out;
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + i * 12;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      if (tag === undefined || type === undefined || count === undefined) break;
      // Values of more than 4 bytes are elsewhere; the entry holds their offset.
      const size = (type === RATIONAL ? 8 : 1) * count;
      const at = size > 4 ? u32(e + 8) : e + 8;
      if (at !== undefined) out.set(tag, { type, count, at });
    }
    return out;
  };

  const gpsAt = entries(u32(4)).get(GPS_IFD_POINTER);
  if (!gpsAt) return undefined;
  const gps = entries(u32(gpsAt.at));
  const ref = (tag: number) => {
    const e = gps.get(tag);
    return e && e.type === ASCII && e.at < tiff.length ? String.fromCharCode(tiff[e.at]!) : undefined;
  };
  const dms = (tag: number) => {
    const e = gps.get(tag);
    if (!e || e.type !== RATIONAL || e.count !== 3) return undefined;
    let deg = 0;
    for (let i = 0; i < 3; i++) {
      const num = u32(e.at + i * 8);
      const den = u32(e.at + i * 8 + 4);
      if (num === undefined || den === undefined || den === 0) return undefined;
      deg += num / den / 60 ** i;
    }
    return deg;
  };
  const lat = dms(2);
  const lon = dms(4);
  const latRef = ref(1);
  const lonRef = ref(3);
  if (lat === undefined || lon === undefined || lat > 90 || lon > 180) return undefined;
  return {
    latitude: round(latRef === 'S' ? -lat : lat),
    longitude: round(lonRef === 'W' ? -lon : lon),
  };
}

// Seven decimals: about a centimetre, more than any phone's fix.
const round = (v: number) => Math.round(v * 1e7) / 1e7;
