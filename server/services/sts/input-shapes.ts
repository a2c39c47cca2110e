import type { IntegerShape, ListShape, QueryShape, StringShape, StructureShape } from '../../protocol/query-shapes.js';

/**
 * The inputs of the STS operations ecs-trail serves, with their constraints, from the STS API
 * Reference (each operation's "Request Parameters"; the same traits as the STS service model that
 * botocore ships, which test/sts/sts-input-shapes.test.ts compares them with).
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html
 */
const UNICODE_TEXT = '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+';
const UNICODE_TEXT_RE = /^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u;
const POLICY_TEXT = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
const POLICY_TEXT_RE = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

const arnType: StringShape = { type: 'string', min: 20, max: 2048, pattern: UNICODE_TEXT, regex: UNICODE_TEXT_RE };
const roleSessionName: StringShape = { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*', regex: /^[\w+=,.@-]*$/ };
const sourceIdentity: StringShape = { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*', regex: /^[\w+=,.@-]*$/ };
const serialNumber: StringShape = { type: 'string', min: 9, max: 256, pattern: '[\\w+=/:,.@-]*', regex: /^[\w+=/:,.@-]*$/ };
const tokenCode: StringShape = { type: 'string', min: 6, max: 6, pattern: '[\\d]*', regex: /^\d*$/ };
const externalId: StringShape = { type: 'string', min: 2, max: 1224, pattern: '[\\w+=,.@:\\/-]*', regex: /^[\w+=,.@:/-]*$/ };
const unrestrictedPolicy: StringShape = { type: 'string', min: 1, pattern: POLICY_TEXT, regex: POLICY_TEXT_RE };
const sessionPolicy: StringShape = { type: 'string', min: 1, max: 2048, pattern: POLICY_TEXT, regex: POLICY_TEXT_RE };
const roleDuration: IntegerShape = { type: 'integer', min: 900, max: 43200 };
const tokenDuration: IntegerShape = { type: 'integer', min: 900, max: 129600 };

const policyArns: ListShape = { type: 'list', member: { type: 'structure', members: { arn: arnType } } };
const tag: StructureShape = {
  type: 'structure',
  required: ['Key', 'Value'],
  members: {
    Key: { type: 'string', min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', regex: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u },
    Value: { type: 'string', min: 0, max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*', regex: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u },
  },
};
const tags: ListShape = { type: 'list', member: tag, max: 50 };
const tagKeys: ListShape = { type: 'list', member: tag.members.Key as QueryShape, max: 50 };
const providedContexts: ListShape = {
  type: 'list',
  min: 1,
  max: 5,
  member: { type: 'structure', members: { ProviderArn: arnType, ContextAssertion: { type: 'string', min: 4, max: 2048 } } },
};

export const STS_INPUTS: Readonly<Record<string, StructureShape>> = {
  GetCallerIdentity: { type: 'structure', members: {} },
  AssumeRole: {
    type: 'structure',
    required: ['RoleArn', 'RoleSessionName'],
    members: {
      RoleArn: arnType,
      RoleSessionName: roleSessionName,
      PolicyArns: policyArns,
      Policy: unrestrictedPolicy,
      DurationSeconds: roleDuration,
      Tags: tags,
      TransitiveTagKeys: tagKeys,
      ExternalId: externalId,
      SerialNumber: serialNumber,
      TokenCode: tokenCode,
      SourceIdentity: sourceIdentity,
      ProvidedContexts: providedContexts,
    },
  },
  AssumeRoleWithWebIdentity: {
    type: 'structure',
    required: ['RoleArn', 'RoleSessionName', 'WebIdentityToken'],
    members: {
      RoleArn: arnType,
      RoleSessionName: roleSessionName,
      WebIdentityToken: { type: 'string', min: 4, max: 20000 },
      ProviderId: { type: 'string', min: 4, max: 2048 },
      PolicyArns: policyArns,
      Policy: sessionPolicy,
      DurationSeconds: roleDuration,
    },
  },
  GetSessionToken: {
    type: 'structure',
    members: { DurationSeconds: tokenDuration, SerialNumber: serialNumber, TokenCode: tokenCode },
  },
  GetFederationToken: {
    type: 'structure',
    required: ['Name'],
    members: {
      Name: { type: 'string', min: 2, max: 32, pattern: '[\\w+=,.@-]*', regex: /^[\w+=,.@-]*$/ },
      Policy: sessionPolicy,
      PolicyArns: policyArns,
      DurationSeconds: tokenDuration,
      Tags: tags,
    },
  },
  GetAccessKeyInfo: {
    type: 'structure',
    required: ['AccessKeyId'],
    members: { AccessKeyId: { type: 'string', min: 16, max: 128, pattern: '[\\w]*', regex: /^\w*$/ } },
  },
};
