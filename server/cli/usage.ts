import { DEMO_PLAN_DEFAULTS, DEMO_PLAN_LIMITS } from '../../shared/demo/demo-plan.ts';
import { FUNCTIONS } from '../../shared/schema/records.ts';

/** How `fulcrum reconcile` is called. */
export const RECONCILE_USAGE = 'fulcrum reconcile <plan.json> [--scenario s.json] [--json]';

/** How `fulcrum forecast` is called. */
export const FORECAST_USAGE = 'fulcrum forecast <plan.json> [--horizon N] [--json]';

/** How `fulcrum optimize` is called. */
export const OPTIMIZE_USAGE = 'fulcrum optimize <plan.json> [--json] [--scenario-out s.json]';

/** How `fulcrum forecast-eval` is called. */
export const FORECAST_EVAL_USAGE =
  'fulcrum forecast-eval <file.csv> --horizon H --period P [--future f.csv] [--json]';

/** How `fulcrum compare` is called. */
export const COMPARE_USAGE =
  'fulcrum compare <previous.json> [<current.json>] [--scenario s.json] [--json]';

/** How `fulcrum scenarios` is called. */
export const SCENARIOS_USAGE =
  'fulcrum scenarios <plan.json> <s1.json> [<s2.json> ... up to 5] [--json]';

/** How `fulcrum demo-plan` is called. */
export const DEMO_PLAN_USAGE =
  'fulcrum demo-plan [--families N] [--periods T] [--resources R] [--seed S] [--cycle YYYY-MM]';

/** How `fulcrum invite` is called. */
export const INVITE_USAGE =
  'fulcrum invite --role facilitator|editor|approver|viewer --name NAME [--function F ...] [--workspace W] [--days N] [--url URL]';

/** How `fulcrum revoke` is called. */
export const REVOKE_USAGE = 'fulcrum revoke <invite-id | join link> [--note TEXT]';

/** How `fulcrum export` is called. */
export const EXPORT_USAGE =
  'fulcrum export <workspace>/<YYYY-MM> [--format cycle|plan] [--server URL --token T]';

/** How `fulcrum import` is called. */
export const IMPORT_USAGE = 'fulcrum import <cycle.json> --workspace W [--server URL --token T]';

/** How `fulcrum backup` is called. */
export const BACKUP_USAGE = 'fulcrum backup <file> [--force]';

/** How `fulcrum restore` is called. */
export const RESTORE_USAGE = 'fulcrum restore <file> [--replace]';

/** The options of `fulcrum backup` and `fulcrum restore`. */
export const BACKUP_OPTIONS = [
  '  --force           backup: overwrite <file> when it exists',
  '  --replace         restore: overwrite rooms the store already holds (refused otherwise)',
  '  The store is PostgreSQL at $DATABASE_URL when set, else SQLite in $DATA_DIR (default',
  '  ./data); a backup restores into either. LOG_LEVEL=info adds JSON log lines on stderr.',
  '',
].join('\n');

/** How `fulcrum minutes` is called. */
export const MINUTES_USAGE = 'fulcrum minutes <workspace>/<cycle> [--format md|html]';

/** The options of `fulcrum minutes`. */
export const MINUTES_OPTIONS = [
  '  --format F        md (Markdown, the default) or html (a printable page)',
  '  The cycle is read from $DATA_DIR (default ./data), also beside a running server.',
  '',
].join('\n');

/** How `fulcrum history` is called. */
export const HISTORY_USAGE =
  'fulcrum history <workspace>/<cycle> [--since <YYYY-MM-DD or ISO time>] [--who <name>] [--json]';

/** The options of `fulcrum history`. */
export const HISTORY_OPTIONS = [
  '  --since D         only changes from this day (UTC) or ISO time on',
  '  --who N           only the changes of the person named N (any case)',
  '  --json            one JSON object per change, newest first, as the history API gives it',
  '  Read from the store as the server keeps it ($DATA_DIR, or $DATABASE_URL), also beside',
  '  a running server.',
  '',
].join('\n');

/** The options of `fulcrum invite`. */
export const INVITE_OPTIONS = [
  '  --role R          facilitator, editor, approver (an executive: signs off, approves, no',
  '                    plan edits) or viewer (reads; cannot change the plan)',
  '  --name NAME       the display name the others see',
  `  --function F      the function the person speaks for: ${FUNCTIONS.join(', ')};`,
  '                    repeat it or give a comma list (sign-offs only for these)',
  '  --workspace W     the workspace (default demo)',
  '  --days N          days the link stays valid, 1 to 3650 (default 7)',
  '  --url URL         the server address people open (default http://localhost:$PORT)',
  '  The link is signed with FULCRUM_SECRET, else the secret in $DATA_DIR/secret.',
  '  It prints the invite id; `fulcrum revoke <invite-id>` ends that invite at once.',
  '',
].join('\n');

const { families, periods, resources, seed } = DEMO_PLAN_LIMITS;

/** The options of `fulcrum demo-plan`, with their defaults and bounds. */
export const DEMO_PLAN_OPTIONS = [
  `  --families N      product families, ${families.min} to ${families.max} (default ${DEMO_PLAN_DEFAULTS.families})`,
  `  --periods T       months in the horizon, ${periods.min} to ${periods.max} (default ${DEMO_PLAN_DEFAULTS.periods})`,
  `  --resources R     key resources, ${resources.min} to ${resources.max} (default ${DEMO_PLAN_DEFAULTS.resources})`,
  `  --seed S          random seed, ${seed.min} to ${seed.max} (default ${DEMO_PLAN_DEFAULTS.seed})`,
  `  --cycle YYYY-MM   the cycle, also the first month (default ${DEMO_PLAN_DEFAULTS.cycle})`,
  '',
].join('\n');
