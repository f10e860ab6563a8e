/**
 * The `ndis.*` settings, as the client reads them from VS Code and sends them to the server
 * (workspace/configuration), and as `ndiswb` reads them from a project's configuration.
 */

/** Severity a user can give a rule in `ndis.rules`. */
export type RuleSeverityOverride = 'off' | 'hint' | 'information' | 'warning' | 'error';

export interface NdisSettings {
  /** NDIS version the driver is built for, e.g. "6.30"; empty = take it from the .vcxproj, else unknown. */
  readonly version: string;
  /** Extra preprocessor definitions, "NAME" or "NAME=VALUE" (like PreprocessorDefinitions). */
  readonly defines: readonly string[];
  /** Per-rule severity override, keyed by rule id ("NDIS105"). */
  readonly rules: Readonly<Record<string, RuleSeverityOverride>>;
  /** Files larger than this many bytes are skipped with one information diagnostic. */
  readonly maxFileSize: number;
}

export const DEFAULT_SETTINGS: NdisSettings = {
  version: '',
  defines: [],
  rules: {},
  maxFileSize: 2_000_000,
};

/** Merge a partial settings object (from the client or a config file) over the defaults. */
export function normalizeSettings(raw: unknown): NdisSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSeverityOverride> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
      if (sev === 'off' || sev === 'hint' || sev === 'information' || sev === 'warning' || sev === 'error') {
        rules[id.toUpperCase()] = sev;
      }
    }
  }
  return {
    version: typeof r.version === 'string' ? r.version.trim() : DEFAULT_SETTINGS.version,
    defines: Array.isArray(r.defines) ? r.defines.filter((d): d is string => typeof d === 'string') : [],
    rules,
    maxFileSize:
      typeof r.maxFileSize === 'number' && r.maxFileSize > 0 ? r.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
  };
}
