import { parseScenario, ScenarioError } from '../../server/generator/scenario.js';

/** The message a scenario (read as `s.yaml`) is refused with; throws if it is accepted. */
export function problems(yaml: string): string {
  try {
    parseScenario(yaml, 's.yaml');
  } catch (err) {
    if (err instanceof ScenarioError) return err.message;
    throw err;
  }
  throw new Error('the scenario was accepted');
}
