/**
 * Errors LookupEvents answers with. The trail writer must not know the server's error classes, so the
 * server turns these into its own wire errors (HTTP 400, `__type` = code).
 *
 * Codes: CloudTrail API Reference, "LookupEvents" → Errors. AWS publishes no message texts for them
 * and none were found in public issue threads; the sentences below paraphrase each error's
 * documented meaning (the JS SDK and the CLI show them as-is, nothing parses them).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export class LookupEventsError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export const invalidLookupAttributes = (message: string) =>
  new LookupEventsError('InvalidLookupAttributesException', message);

/** "Either the start time occurs after the end time or the time range is outside the range of possible values." */
export const invalidTimeRange = (message = 'Start time must be before or equal to end time.') =>
  new LookupEventsError('InvalidTimeRangeException', message);

/** "Possible values are 1 through 50." */
export const invalidMaxResults = (value: unknown) =>
  new LookupEventsError(
    'InvalidMaxResultsException',
    `A max results value of ${String(value)} is invalid. Specify max results between 1 and 50.`,
  );

/** "Invalid token or token that was previously used in a request with different parameters." */
export const invalidNextToken = () =>
  new LookupEventsError(
    'InvalidNextTokenException',
    'The NextToken is not valid, or was issued for a request with different parameters.',
  );

/** "Occurs if an event category that is not valid is specified as a value of EventCategory." */
export const invalidEventCategory = (value: unknown) =>
  new LookupEventsError(
    'InvalidEventCategoryException',
    `The event category ${JSON.stringify(value)} is not valid. The only valid value is insight.`,
  );

/** A member of the wrong JSON type: what every awsJson1_1 service answers before its own checks. */
export const serialization = (member: string, expected: string) =>
  new LookupEventsError('SerializationException', `${member} must be ${expected}.`);
