/**
 * The input shapes an awsQuery service declares, enough to turn its flat form
 * (`Tags.member.1.Key=…`) back into structures and to check the constraint traits of its model
 * (length, range, pattern). Services write theirs from their API Reference.
 */
export type QueryShape = StringShape | IntegerShape | BooleanShape | ListShape | StructureShape;

export interface StringShape {
  type: 'string';
  min?: number;
  max?: number;
  /** The model's pattern as AWS prints it in ValidationError messages. */
  pattern?: string;
  /** The same pattern as a JavaScript RegExp matching the whole value. */
  regex?: RegExp;
}

export interface IntegerShape {
  type: 'integer';
  min?: number;
  max?: number;
}

export interface BooleanShape {
  type: 'boolean';
}

export interface ListShape {
  type: 'list';
  member: QueryShape;
  min?: number;
  max?: number;
}

export interface StructureShape {
  type: 'structure';
  /** In the model's order: the order the SDKs send them in and CloudTrail records them. */
  members: Readonly<Record<string, QueryShape>>;
  required?: readonly string[];
}
