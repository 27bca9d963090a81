/**
 * The CLIP settings kept in localStorage, read field by field: a stored value of the wrong type
 * falls back to its default (and is reported), never to JavaScript's truthiness — a stored
 * `{"allowDownload":"no"}` means no download, not "a non-empty string, so yes".
 */
import type { ClipDevicePreference, ClipDtypePreference } from '../engines/clip/device.ts';

export interface ClipPreferences {
  modelId: string;
  device: ClipDevicePreference;
  dtype: ClipDtypePreference;
  allowDownload: boolean;
  translate: boolean;
  translationModelId: string;
}

const DEVICES: readonly string[] = ['auto', 'webgpu', 'wasm'] satisfies ClipDevicePreference[];
const DTYPES: readonly string[] = ['auto', 'q8', 'fp16', 'fp32'] satisfies ClipDtypePreference[];
/** A model id: a Hub "owner/name" or a folder of the site's models/ ("tiny-clip"), of letters, digits and . _ - */
const MODEL_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

export interface ReadPreferences {
  readonly prefs: ClipPreferences;
  /** one phrase per field that was not used, e.g. 'allowDownload: "no" is not true or false' */
  readonly ignored: readonly string[];
}

/** Parses the stored JSON (or null when nothing is stored) over the defaults. */
export function readClipPreferences(stored: string | null, defaults: ClipPreferences): ReadPreferences {
  const ignored: string[] = [];
  let saved: unknown;
  try {
    saved = stored === null ? {} : JSON.parse(stored);
  } catch {
    return { prefs: { ...defaults }, ignored: ['the stored settings are not valid JSON'] };
  }
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return { prefs: { ...defaults }, ignored: ['the stored settings are not an object'] };
  const o = saved as Record<string, unknown>;
  const pick = <K extends keyof ClipPreferences>(key: K, ok: (v: unknown) => boolean, why: string): ClipPreferences[K] => {
    if (o[key] === undefined) return defaults[key];
    if (ok(o[key])) return o[key] as ClipPreferences[K];
    ignored.push(`${key}: ${JSON.stringify(o[key])} ${why}`);
    return defaults[key];
  };
  const isBool = (v: unknown) => typeof v === 'boolean';
  const isModel = (v: unknown) => typeof v === 'string' && MODEL_ID.test(v);
  return {
    prefs: {
      modelId: pick('modelId', isModel, 'is not a model id (owner/name)'),
      device: pick('device', (v) => typeof v === 'string' && DEVICES.includes(v), `is not one of ${DEVICES.join(', ')}`),
      dtype: pick('dtype', (v) => typeof v === 'string' && DTYPES.includes(v), `is not one of ${DTYPES.join(', ')}`),
      allowDownload: pick('allowDownload', isBool, 'is not true or false'),
      translate: pick('translate', isBool, 'is not true or false'),
      translationModelId: pick('translationModelId', isModel, 'is not a model id (owner/name)'),
    },
    ignored,
  };
}
