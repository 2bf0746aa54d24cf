import { DEMO_PLAN_LIMITS, generateDemoPlan } from '../../shared/demo/demo-plan.ts';
import { isMonth } from '../../shared/dates.ts';
import { expectPositionals, integerOption, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { DEMO_PLAN_OPTIONS, DEMO_PLAN_USAGE } from './usage.ts';

/**
 * `fulcrum demo-plan [options]`: a generated, deterministic demo plan as JSON, indented
 * by two spaces, with a newline at the end.
 */
export function demoPlanCommand(args: readonly string[]): string {
  const parsed = parseArgs('demo-plan', args, {
    families: 'value',
    periods: 'value',
    resources: 'value',
    seed: 'value',
    cycle: 'value',
  });
  if (parsed.help) return `Usage: ${DEMO_PLAN_USAGE}\n${DEMO_PLAN_OPTIONS}`;
  expectPositionals('demo-plan', parsed, [], DEMO_PLAN_USAGE);
  const cycle = parsed.values.get('cycle');
  if (cycle !== undefined && !isMonth(cycle)) {
    throw new InputError(
      `fulcrum demo-plan: --cycle must be a month written YYYY-MM, got "${cycle}"`,
    );
  }
  const options = {
    families: integerOption('demo-plan', parsed, 'families', DEMO_PLAN_LIMITS.families),
    periods: integerOption('demo-plan', parsed, 'periods', DEMO_PLAN_LIMITS.periods),
    resources: integerOption('demo-plan', parsed, 'resources', DEMO_PLAN_LIMITS.resources),
    seed: integerOption('demo-plan', parsed, 'seed', DEMO_PLAN_LIMITS.seed),
    cycle,
  };
  try {
    return `${JSON.stringify(generateDemoPlan(options), null, 2)}\n`;
  } catch (error) {
    // The generator's own checks (a cycle too near the year 9999) are invalid input too.
    if (error instanceof RangeError) throw new InputError(`fulcrum demo-plan: ${error.message}`);
    throw error;
  }
}
