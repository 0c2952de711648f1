// The desktop's own settings (window bounds, preferred port, no-auth mode) in
// <userData>/settings.json.
// Validated with zod on every read; a corrupt or invalid file is kept aside as
// settings.json.corrupt and the defaults are used, so a bad file never stops start-up.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const windowBoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean().default(false),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export const settingsSchema = z.object({
  /** Port the embedded catalog listens on (PyIceberg configs point at it). */
  port: z.number().int().min(1).max(65535).default(8080),
  windowBounds: windowBoundsSchema.optional(),
  /**
   * Run the embedded catalog without authentication (PANGOLIN_NO_AUTH=true): anyone on
   * this machine may use it. The server refuses it unless bound to loopback.
   */
  noAuth: z.boolean().default(false),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze(settingsSchema.parse({}));

export interface SettingsLogger {
  warn(message: string): void;
}

export interface SettingsStore {
  readonly file: string;
  get(): Settings;
  update(patch: Partial<Settings>): Settings;
}

export function readSettings(file: string, logger: SettingsLogger = console): Settings {
  if (!existsSync(file)) return { ...DEFAULT_SETTINGS };
  let reason: string;
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
    reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  } catch (e) {
    reason = e instanceof Error ? e.message : String(e);
  }
  const aside = `${file}.corrupt`;
  try {
    renameSync(file, aside);
  } catch {
    // Keeping the bad file is a courtesy; the defaults are used either way.
  }
  logger.warn(`Settings file ${file} is invalid (${reason}); using defaults. The old file was kept as ${aside}.`);
  return { ...DEFAULT_SETTINGS };
}

export function writeSettings(file: string, settings: Settings): void {
  const valid = settingsSchema.parse(settings);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(valid, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file); // atomic on the same filesystem: never a half-written file
}

export function createSettingsStore(dir: string, logger: SettingsLogger = console): SettingsStore {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  let current = readSettings(file, logger);
  return {
    file,
    get: () => current,
    update(patch) {
      const next = settingsSchema.parse({ ...current, ...patch });
      writeSettings(file, next);
      current = next;
      return current;
    },
  };
}
