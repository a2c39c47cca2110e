import t from 'tap';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readmeBlock } from '../helpers/readme-blocks.js';
import { startTestEmulator } from '../helpers/test-emulator.js';

/**
 * Terraform's AWS provider against the emulator, end to end and offline: apply a cluster, a Fargate
 * task definition and a service (waiting for steady state), then `plan -detailed-exitcode` must find
 * nothing to change, then destroy. The provider block is the README's (`<!-- test: terraform -->`), so the
 * two cannot drift, and it has no skip_credentials_validation / skip_requesting_account_id: the provider
 * checks the credentials with sts:GetCallerIdentity. toolchain-notes §5: the provider comes from a local
 * filesystem mirror; nothing may leave the machine.
 */
const TERRAFORM = '/usr/local/bin/terraform';
const MIRROR = '/opt/tf-plugins';
const DOC_ENDPOINT = 'http://127.0.0.1:4599';

function missing(): string | false {
  if (!existsSync(TERRAFORM)) return `terraform is not installed at ${TERRAFORM}: skipping the Terraform end-to-end test`;
  const aws = join(MIRROR, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(aws) || readdirSync(aws).length === 0) return `no hashicorp/aws provider in the filesystem mirror ${MIRROR}: skipping the Terraform end-to-end test`;
  return false;
}

const RESOURCES = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

resource "aws_ecs_cluster" "main" {
  name = "tf-demo"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
  tags = { team = "platform" }
}

resource "aws_ecs_task_definition" "web" {
  family                   = "tf-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "public.ecr.aws/nginx/nginx:latest"
    essential    = true
    portMappings = [{ containerPort = 80, protocol = "tcp" }]
    environment  = [{ name = "MODE", value = "demo" }]
  }])
  tags = { team = "platform" }
}

resource "aws_ecs_service" "web" {
  name                  = "tf-web"
  cluster               = aws_ecs_cluster.main.id
  task_definition       = aws_ecs_task_definition.web.arn
  desired_count         = 2
  launch_type           = "FARGATE"
  wait_for_steady_state = true
  network_configuration {
    subnets          = ["subnet-0123456789abcdef0"]
    security_groups  = ["sg-0123456789abcdef0"]
    assign_public_ip = true
  }
  tags = { team = "platform" }
}
`;

// The provider alone waits 10 s for a new cluster; on a busy machine the whole run takes minutes.
t.setTimeout(900_000);

t.test('Terraform: apply, plan with no changes, destroy — no skip flags', { skip: missing() }, async (t) => {
  const emu = await startTestEmulator(t, {
    timings: { provisioningMs: 300, pendingMs: 300, stoppingMs: 300, deprovisioningMs: 300, stoppedTaskRetentionMs: 3_600_000 },
  });
  const dir = await mkdtemp(join(tmpdir(), 'ecs-trail-tf-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const provider = readmeBlock('terraform', { lang: 'hcl' }).code;
  t.match(provider, 'provider "aws"', 'the README block is the provider block');
  t.notMatch(provider, /skip_credentials_validation|skip_requesting_account_id/, 'the README block skips no check');
  await writeFile(join(dir, 'main.tf'), provider.replaceAll(DOC_ENDPOINT, emu.url) + RESOURCES);
  await writeFile(
    join(dir, 'cli.tfrc'),
    `provider_installation {\n  filesystem_mirror {\n    path    = "${MIRROR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
  );
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'),
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const terraform = (...args: string[]) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(TERRAFORM, [...args, '-no-color', '-input=false'], { cwd: dir, env, timeout: 600_000, maxBuffer: 32 * 2 ** 20 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` });
      });
    });

  const init = await terraform('init');
  t.equal(init.code, 0, 'terraform init (from the local mirror)') || t.comment(init.out);
  const apply = await terraform('apply', '-auto-approve');
  t.equal(apply.code, 0, 'terraform apply') || t.comment(apply.out);
  t.match(apply.out, /Apply complete! Resources: 3 added/);

  const plan = await terraform('plan', '-detailed-exitcode');
  t.equal(plan.code, 0, 'terraform plan -detailed-exitcode: no changes (2 would mean a perpetual diff)') || t.comment(plan.out);

  const destroy = await terraform('destroy', '-auto-approve');
  t.equal(destroy.code, 0, 'terraform destroy') || t.comment(destroy.out);
  t.match(destroy.out, /Destroy complete! Resources: 3 destroyed/);

  const records = await emu.records();
  const names = new Set(records.map((r) => r.eventName));
  for (const name of ['GetCallerIdentity', 'CreateCluster', 'RegisterTaskDefinition', 'CreateService', 'DeleteService', 'DeleteCluster']) {
    t.ok(names.has(name), `${name} is in the trail`);
  }
  t.ok(records.every((r) => !r.errorCode), `no call failed (${records.filter((r) => r.errorCode).map((r) => `${r.eventName}: ${r.errorCode}`).join(', ')})`);
  t.ok(records.every((r) => r.userIdentity.accessKeyId === 'test'), 'every call signed with the README key');
});
