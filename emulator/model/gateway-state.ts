import type { GatewayConfiguration, PropagateGatewayTags } from '@aws-sdk/client-ecs';

/**
 * What ECS keeps for gateways (ECS gateways, 2026): gateways by ARN and their cluster associations.
 * Routes are not stored: a route exists for each gateway connector of a service in an associated
 * cluster (gateway-routes.ts), as ECS creates them when a service starts using the gateway.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateGateway.html
 */
export interface GatewayFamilyState {
  /** gateway ARN → gateway */
  readonly gateways: Map<string, GatewayRecord>;
  /** `<gateway ARN> <cluster ARN>` → association */
  readonly associations: Map<string, GatewayAssociationRecord>;
}

export interface GatewayRecord {
  readonly arn: string;
  readonly name: string;
  /** The 32 hex characters after the name in the ARN. */
  readonly id: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly infrastructureRoleArn: string;
  readonly deletionProtection: boolean;
  /** The configuration with ECS's defaults filled in. */
  readonly configuration: GatewayConfiguration;
  readonly propagateTags: PropagateGatewayTags;
  /** Set by UpdateGateway: UPDATE_IN_PROGRESS from then until the change is applied. */
  readonly updateRequestedAt?: number | undefined;
  readonly clientToken?: string | undefined;
}

export interface GatewayAssociationRecord {
  readonly gatewayArn: string;
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly associatedAt: number;
  /** Set by DisassociateGatewayFromCluster: DISASSOCIATING until the cluster has no routes left. */
  readonly disassociatedAt?: number | undefined;
}

export const associationKey = (gatewayArn: string, clusterArn: string) => `${gatewayArn} ${clusterArn}`;
