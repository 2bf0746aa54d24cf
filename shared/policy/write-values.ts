import * as v from 'valibot';
import { documentRoot, WORK_SCHEMAS, type UpdateWrite } from '../doc/index.ts';
import { idSchema, monthSchema } from '../schema/records.ts';
import {
  baseRowSchema,
  cellEditSchema,
  FIELD_ROOT_SCHEMAS,
  pairKeySchema,
  PLAN_COLLECTION_SCHEMAS,
  signoffSchema,
  TEXT_FIELDS,
  WORK_KEY_SCHEMAS,
} from '../schema/root-values.ts';

type ObjectSchema = v.StrictObjectSchema<
  v.ObjectEntries,
  v.ErrorMessage<v.StrictObjectIssue> | undefined
>;

/** Each collection's record schema and key schema. */
const COLLECTIONS: Readonly<
  Record<string, { record: ObjectSchema; key: v.GenericSchema<string> }>
> = {
  ...PLAN_COLLECTION_SCHEMAS,
  ...Object.fromEntries(
    Object.entries(WORK_SCHEMAS).map(([name, record]) => [
      name,
      { record: record as unknown as ObjectSchema, key: WORK_KEY_SCHEMAS[name] ?? idSchema },
    ]),
  ),
  signoffs: { record: signoffSchema, key: WORK_KEY_SCHEMAS.signoffs },
};

const cellKeySchema = pairKeySchema(idSchema, monthSchema);

/**
 * Checks what one write of an update puts in the document against the schemas in
 * `shared/schema` (the same ones the commands check their input with): a known root,
 * a key of the right shape, a known field with a value its schema takes, and no removal
 * of a field a record cannot do without. Returns the sentence naming what is wrong, or
 * null when the value is fine. A write the same update removes again (`gone`) leaves no
 * value, so only its place is checked.
 */
export function checkWriteValue(write: UpdateWrite): string | null {
  const root = documentRoot(write.root);
  if (!root) return `"${write.root}" is not part of a cycle.`;
  if (root.kind === 'fields') return checkField(write);
  if (write.key === null) return `${write.root} holds only keyed entries.`;
  if (root.kind === 'cells') {
    return (
      problem(`${write.root} cell key`, cellKeySchema, write.key) ??
      (write.field !== null ? `${write.root} cells hold numbers only.` : null) ??
      (hasValue(write) ? problem(`${write.root} ${write.key}`, cellEditSchema, write.value) : null)
    );
  }
  if (root.kind === 'rows') {
    return (
      problem(`${write.root} row key`, idSchema, write.key) ??
      (write.field !== null ? `${write.root} rows are written whole.` : null) ??
      (hasValue(write) ? problem(`${write.root} ${write.key}`, baseRowSchema, write.value) : null)
    );
  }
  return checkRecord(write, write.key);
}

function checkRecord(write: UpdateWrite, key: string): string | null {
  const schemas = COLLECTIONS[write.root];
  if (!schemas) return `"${write.root}" is not part of a cycle.`;
  const where = `${write.root} "${key}"`;
  const badKey = problem(`${write.root} key`, schemas.key, key);
  if (badKey) return badKey;
  const texts = TEXT_FIELDS[write.root] ?? [];
  if (write.field === null) {
    if (write.action === 'delete' || !hasValue(write)) return null;
    if (typeof write.value !== 'object' || write.value === null || Array.isArray(write.value)) {
      return `${where} must be a record.`;
    }
    const fields: Record<string, unknown> = { ...(write.value as Record<string, unknown>) };
    for (const name of texts) {
      if (name in fields && !isTextPart(fields[name])) return `${where}: ${name} must be text.`;
      delete fields[name];
    }
    return problem(where, schemas.record, fields);
  }
  if (texts.includes(write.field)) {
    return write.action === 'delete' || !hasValue(write) || isTextPart(write.value)
      ? null
      : `${where}: ${write.field} must be text.`;
  }
  const entry = schemas.record.entries[write.field] as v.GenericSchema | undefined;
  if (!entry) return `${where} has no field "${write.field}".`;
  if (write.action === 'delete') {
    return v.is(entry, undefined) ? null : `${where}: ${write.field} cannot be removed.`;
  }
  return hasValue(write) ? problem(`${where}: ${write.field}`, entry, write.value) : null;
}

function checkField(write: UpdateWrite): string | null {
  const schema = FIELD_ROOT_SCHEMAS[write.root as keyof typeof FIELD_ROOT_SCHEMAS];
  if (!schema || write.key === null) return `"${write.root}" is not part of a cycle.`;
  if (write.field !== null) return `${write.root}.${write.key} holds a plain value.`;
  const entry = (schema.entries as v.ObjectEntries)[write.key] as v.GenericSchema | undefined;
  if (!entry) return `${write.root} has no field "${write.key}".`;
  if (write.action === 'delete') {
    return v.is(entry, undefined) ? null : `${write.root}.${write.key} cannot be removed.`;
  }
  return hasValue(write) ? problem(`${write.root}.${write.key}`, entry, write.value) : null;
}

/** False for a write the same update removes again: it leaves no value behind. */
function hasValue(write: UpdateWrite): boolean {
  return write.action === 'set' && write.gone !== true;
}

/** A piece of a shared text: characters, or the empty text a new record starts with. */
function isTextPart(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
  );
}

function problem(where: string, schema: v.GenericSchema, value: unknown): string | null {
  const result = v.safeParse(schema, value);
  if (result.success) return null;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return `${where}${path ? `: ${path}` : ''}: ${issue.message}.`;
}
